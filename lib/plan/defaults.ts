// The defaults (each site kind's, from its profile in lib/sites) and the resolver that applies them to a schema-valid plan. Pure: returns a fresh object and
// never touches the input, so the same input always resolves to the same plan.
import { AZURE_STACK_DEFAULT_IPSEC_POLICY, type IpsecPolicy } from '../ipsec';
import { defaultResourceGroupName, defaultSharedKeySecretName } from '../naming';
import { SITE_PROFILES } from '../sites/profiles';
import { stripSlash } from './endpointRules';
import {
  DEFAULT_MONITOR_OPTIONS,
  DEFAULT_REPAIR_OPTIONS,
  DEFAULT_SITE_NAME,
  type AzureGatewaySku,
  type AzureStackSiteInput,
  type ResolvedAzureStackSite,
  type AzureStackGatewaySku,
  type ImageReference,
  type MonitorOptionsInput,
  type PlanInput,
  type RepairOptionsInput,
  type ResolvedMonitorOptions,
  type ResolvedOptions,
  type ResolvedPlan,
  type ResolvedRepairOptions,
  type ResolvedVm,
  type VmInput,
} from './types';

export const DEFAULT_AZURE_GATEWAY_SKU: AzureGatewaySku = SITE_PROFILES.azure.defaultGatewaySku;
export const DEFAULT_AZURE_STACK_GATEWAY_SKU: AzureStackGatewaySku = SITE_PROFILES.azureStack.defaultGatewaySku;
export const DEFAULT_AZURE_VM_SIZE = SITE_PROFILES.azure.defaultVmSize;
export const DEFAULT_AZURE_STACK_VM_SIZE = SITE_PROFILES.azureStack.defaultVmSize;
export const DEFAULT_AZURE_IMAGE: Readonly<ImageReference> = SITE_PROFILES.azure.defaultImage;
export const DEFAULT_AZURE_STACK_IMAGE: Readonly<ImageReference> = SITE_PROFILES.azureStack.defaultImage;

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  verifyConnectivity: true,
  gatewayTimeoutMinutes: 90,
  onFailure: 'keep',
  adopt: false,
  monitor: DEFAULT_MONITOR_OPTIONS,
  repair: false,
  transit: false,
});

/** Applies every default. The input must already match plan.schema.json. */
export function resolvePlan(input: PlanInput): ResolvedPlan {
  const { name } = input;
  return {
    name,
    // Present only when given: the resolved plan travels as JSON and must re-validate unchanged.
    ...(input.ticketId !== undefined ? { ticketId: input.ticketId } : {}),
    azure: {
      subscriptionId: input.azure.subscriptionId,
      location: input.azure.location,
      resourceGroup: input.azure.resourceGroup ?? defaultResourceGroupName(name),
      addressSpace: [...input.azure.addressSpace],
      workloadSubnet: input.azure.workloadSubnet,
      gatewaySubnet: input.azure.gatewaySubnet,
      gatewaySku: input.azure.gatewaySku ?? DEFAULT_AZURE_GATEWAY_SKU,
      vm: resolveVm(input.azure.vm, DEFAULT_AZURE_VM_SIZE, DEFAULT_AZURE_IMAGE),
    },
    // Always an array once resolved: the object form is the one site named DEFAULT_SITE_NAME (unless it names itself).
    azureStack: (Array.isArray(input.azureStack) ? input.azureStack : [input.azureStack]).map((site) =>
      resolveStackSite(name, site),
    ),
    connection: {
      sharedKeySecretName: input.connection?.sharedKeySecretName ?? defaultSharedKeySecretName(name),
      ipsecPolicy: copyPolicy(input.connection?.ipsecPolicy ?? AZURE_STACK_DEFAULT_IPSEC_POLICY),
    },
    options: {
      verifyConnectivity: input.options?.verifyConnectivity ?? DEFAULT_OPTIONS.verifyConnectivity,
      gatewayTimeoutMinutes: input.options?.gatewayTimeoutMinutes ?? DEFAULT_OPTIONS.gatewayTimeoutMinutes,
      onFailure: input.options?.onFailure ?? DEFAULT_OPTIONS.onFailure,
      adopt: input.options?.adopt ?? DEFAULT_OPTIONS.adopt,
      ...(input.options?.rotateKeyEveryDays !== undefined
        ? { rotateKeyEveryDays: input.options.rotateKeyEveryDays }
        : {}),
      monitor: resolveMonitor(input.options?.monitor),
      repair: resolveRepair(input.options?.repair),
      transit: input.options?.transit ?? DEFAULT_OPTIONS.transit,
    },
  };
}

function resolveStackSite(name: string, site: AzureStackSiteInput): ResolvedAzureStackSite {
  return {
    name: site.name ?? DEFAULT_SITE_NAME,
    ...(site.stamp !== undefined ? { stamp: site.stamp } : {}),
    ...(site.armEndpoint !== undefined ? { armEndpoint: stripSlash(site.armEndpoint) } : {}),
    subscriptionId: site.subscriptionId,
    location: site.location,
    resourceGroup: site.resourceGroup ?? defaultResourceGroupName(name),
    addressSpace: [...site.addressSpace],
    workloadSubnet: site.workloadSubnet,
    gatewaySubnet: site.gatewaySubnet,
    gatewaySku: site.gatewaySku ?? DEFAULT_AZURE_STACK_GATEWAY_SKU,
    vm: resolveVm(site.vm, DEFAULT_AZURE_STACK_VM_SIZE, DEFAULT_AZURE_STACK_IMAGE),
  };
}

function resolveMonitor(monitor: MonitorOptionsInput | undefined): ResolvedMonitorOptions {
  return {
    enabled: monitor?.enabled ?? DEFAULT_OPTIONS.monitor.enabled,
    intervalMinutes: monitor?.intervalMinutes ?? DEFAULT_OPTIONS.monitor.intervalMinutes,
  };
}

function resolveRepair(repair: boolean | RepairOptionsInput | undefined): false | ResolvedRepairOptions {
  if (repair === undefined || repair === false) return false;
  const given = repair === true ? {} : repair;
  return {
    afterFailedReads: given.afterFailedReads ?? DEFAULT_REPAIR_OPTIONS.afterFailedReads,
    maxPerDay: given.maxPerDay ?? DEFAULT_REPAIR_OPTIONS.maxPerDay,
  };
}

function resolveVm(vm: VmInput, size: string, image: Readonly<ImageReference>): ResolvedVm {
  const chosen = vm.image ?? image;
  return {
    size: vm.size ?? size,
    adminUsername: vm.adminUsername,
    sshPublicKey: vm.sshPublicKey,
    image: { publisher: chosen.publisher, offer: chosen.offer, sku: chosen.sku, version: chosen.version },
  };
}

function copyPolicy(policy: Readonly<IpsecPolicy>): IpsecPolicy {
  return {
    saLifeTimeSeconds: policy.saLifeTimeSeconds,
    saDataSizeKilobytes: policy.saDataSizeKilobytes,
    ipsecEncryption: policy.ipsecEncryption,
    ipsecIntegrity: policy.ipsecIntegrity,
    ikeEncryption: policy.ikeEncryption,
    ikeIntegrity: policy.ikeIntegrity,
    dhGroup: policy.dhGroup,
    pfsGroup: policy.pfsGroup,
  };
}
