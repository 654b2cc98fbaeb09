// Which api-versions each cloud's ARM accepts, per provider namespace. Azure: what the current SDK packages send plus a
// few recent older ones; Azure Stack Hub: only the 2020-09-01-hybrid profile's versions
// (https://learn.microsoft.com/azure-stack/user/azure-stack-version-profiles). This table decides acceptance only; it
// never shapes bodies.
import type { CloudName } from './resourceType';

type VersionTable = Record<string, readonly string[]>;

const AZURE: VersionTable = {
  // @azure/arm-network 39 sends 2026-01-01 (a few VMSS NIC/PIP reads stay on 2018-10-01).
  'microsoft.network': [
    '2026-01-01',
    '2025-07-01',
    '2025-05-01',
    '2025-03-01',
    '2025-01-01',
    '2024-10-01',
    '2024-07-01',
    '2024-05-01',
    '2018-10-01',
  ],
  // @azure/arm-compute 25: VMs/images/sizes 2026-04-01; disks, galleries and others 2025-12-03, 2026-03-02, 2021-07-01.
  'microsoft.compute': [
    '2026-04-01',
    '2026-03-02',
    '2025-12-03',
    '2025-04-01',
    '2024-11-01',
    '2024-07-01',
    '2024-03-01',
    '2021-07-01',
  ],
  // @azure/arm-resources 8 sends 2025-04-01.
  'microsoft.resources': [
    '2025-04-01',
    '2024-11-01',
    '2024-07-01',
    '2024-03-01',
    '2023-07-01',
    '2022-09-01',
    '2021-04-01',
  ],
  // @azure/arm-authorization 9 reads permissions at 2022-04-01.
  'microsoft.authorization': ['2022-04-01', '2018-01-01-preview', '2015-07-01'],
  'microsoft.resources/subscriptions': [
    '2025-04-01',
    '2024-11-01',
    '2022-12-01',
    '2021-01-01',
    '2020-01-01',
    '2016-06-01',
  ],
};

const AZURE_STACK: VersionTable = {
  // Stack Hub networking (https://learn.microsoft.com/azure-stack/user/azure-stack-network-differences); the profile
  // pins 2018-11-01.
  'microsoft.network': [
    '2018-11-01',
    '2018-10-01',
    '2018-08-01',
    '2018-07-01',
    '2018-06-01',
    '2018-05-01',
    '2018-04-01',
    '2018-03-01',
    '2018-02-01',
    '2018-01-01',
    '2017-11-01',
    '2017-10-01',
  ],
  // The profile's compute version, and 2019-07-01 for its disks (and their operations); see TYPE_TABLES.
  'microsoft.compute': ['2020-06-01', '2019-07-01'],
  'microsoft.resources': ['2019-10-01'],
  // The profile's authorization (permissions, role assignments) is 2015-07-01.
  'microsoft.authorization': ['2015-07-01'],
  'microsoft.resources/subscriptions': ['2019-10-01', '2016-06-01'],
};

const TABLES: Record<CloudName, VersionTable> = { azure: AZURE, azureStack: AZURE_STACK };

/**
 * Types a cloud serves at other versions than the rest of their namespace. The 2020-09-01-hybrid profile: compute
 * 2020-06-01, but managed disks 2019-07-01.
 * https://learn.microsoft.com/azure-stack/user/azure-stack-profiles-azure-resource-manager-versions
 */
const TYPE_TABLES: Record<CloudName, VersionTable> = {
  azure: {},
  azureStack: { 'microsoft.compute/disks': ['2019-07-01'], 'microsoft.compute/virtualmachines': ['2020-06-01'] },
};

/**
 * Versions `cloud` accepts for `namespace` (or for ARM's own `Microsoft.Resources/subscriptions`); undefined = unknown
 * namespace.
 */
export function supportedApiVersions(cloud: CloudName, namespace: string): readonly string[] | undefined {
  return TABLES[cloud][namespace.toLowerCase()];
}

export function isSupportedApiVersion(cloud: CloudName, namespace: string, apiVersion: string, type?: string): boolean {
  return supportedTypeApiVersions(cloud, namespace, type)?.includes(apiVersion.toLowerCase()) ?? false;
}

/** Versions `cloud` accepts for a resource `type` (e.g. `Microsoft.Compute/disks`): its own row, else its namespace's. */
export function supportedTypeApiVersions(
  cloud: CloudName,
  namespace: string,
  type: string | undefined,
): readonly string[] | undefined {
  const own = type === undefined ? undefined : TYPE_TABLES[cloud][type.toLowerCase()];
  return own ?? supportedApiVersions(cloud, namespace);
}
