// A cloud profile: where a cloud's ARM is, which token scope it wants, and the credential that gets that token.
// Azure: endpoint and authority from app settings. Azure Stack Hub: endpoint from the plan, login endpoint and
// audience discovered from its metadata endpoint. Credentials come from app settings only.
import type { TokenCredential } from '@azure/identity';
import type { CloudId } from '../cloudIds';
import { SettingsError, type AppSettings } from '../settings';
import { discoverArmMetadata } from './armMetadata';
import { azureServiceCredential, credentialFor } from './credentials';
import { trustOptionsFor, type TrustOptions } from './trustedCa';

export interface CloudProfile {
  cloud: CloudId;
  /** https, no trailing slash (may carry a path prefix, e.g. the simulator's /azurestack). */
  armEndpoint: string;
  /** The scope ARM clients request (`<audience>/.default`). */
  scope: string;
  credential: TokenCredential;
  trust?: TrustOptions;
}

/** Thrown when a site's ARM endpoint is missing or unusable: a plan problem, not a transient one. */
export class CloudEndpointError extends Error {
  override readonly name = 'CloudEndpointError';
}

/** ARM hosts whose token audience is their own URL; any other endpoint's audience is discovered. */
const WELL_KNOWN_ARM_HOSTS: ReadonlySet<string> = new Set([
  'management.azure.com',
  'management.usgovcloudapi.net',
  'management.chinacloudapi.cn',
  'management.microsoftazure.de',
]);

export async function resolveCloudProfile(
  cloud: CloudId,
  armEndpoint: string | undefined,
  settings: AppSettings,
): Promise<CloudProfile> {
  const trust = trustOptionsFor(settings.caCertFile);
  const withTrust = trust ? { trust } : {};
  if (cloud === 'azure') {
    const endpoint = settings.azure.armEndpoint;
    const scope = isWellKnownArmHost(endpoint)
      ? `${endpoint}/.default`
      : (await discoverArmMetadata(endpoint, trust)).scope;
    return { cloud, armEndpoint: endpoint, scope, credential: azureServiceCredential(settings, trust), ...withTrust };
  }

  if (armEndpoint === undefined || !/^https:\/\//i.test(armEndpoint)) {
    throw new CloudEndpointError(
      'the Azure Stack Hub site needs an https armEndpoint (azureStack.armEndpoint in the plan)',
    );
  }
  const endpoint = armEndpoint.replace(/\/+$/, '');
  const metadata = await discoverArmMetadata(endpoint, trust);
  const stack = settings.azureStack;
  const tenantId = metadata.isAdfs ? 'adfs' : stack.tenantId;
  if (stack.clientSecret && tenantId === undefined) {
    throw new SettingsError(
      'HC_AZURESTACK_TENANT_ID',
      "is missing: the stamp's login endpoint is Entra ID, so its directory (tenant) must be named",
    );
  }
  const credential = credentialFor({
    authorityHost: metadata.authorityHost,
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(stack.clientSecret ? { clientSecret: stack.clientSecret } : {}),
    ...withTrust,
  });
  return { cloud, armEndpoint: endpoint, scope: metadata.scope, credential, ...withTrust };
}

export function isWellKnownArmHost(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return WELL_KNOWN_ARM_HOSTS.has(url.hostname.toLowerCase()) && (url.pathname === '/' || url.pathname === '');
  } catch {
    return false;
  }
}
