// Builds the TokenCredential of a cloud from app settings only (never from orchestration input): a client secret
// when one is configured, else DefaultAzureCredential. One instance per configuration per process, so MSAL's token
// cache is reused across activity runs. Never logs or returns the secret.
import { createHash } from 'node:crypto';
import { ClientSecretCredential, DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { AppSettings, ClientSecretSettings } from '../settings';
import type { TrustOptions } from './trustedCa';

/** Entra ID hosts MSAL knows; any other authority (AD FS, a Stack Hub stamp, the simulator) skips instance discovery. */
const PUBLIC_ENTRA_HOSTS: ReadonlySet<string> = new Set([
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
  'login.microsoftonline.us',
  'login.usgovcloudapi.net',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'login.microsoftonline.de',
]);

export interface CredentialSpec {
  /** https, no trailing slash. */
  authorityHost: string;
  /** Entra tenant or `adfs`; undefined only with DefaultAzureCredential. */
  tenantId?: string;
  clientSecret?: ClientSecretSettings;
  trust?: TrustOptions;
}

export function isPublicEntraAuthority(authorityHost: string): boolean {
  try {
    return PUBLIC_ENTRA_HOSTS.has(new URL(authorityHost).hostname.toLowerCase());
  } catch {
    return false;
  }
}

const cache = new Map<string, TokenCredential>();

export function credentialFor(spec: CredentialSpec): TokenCredential {
  const key = cacheKey(spec);
  const cached = cache.get(key);
  if (cached) return cached;
  const common = {
    authorityHost: spec.authorityHost,
    // MSAL would otherwise ask login.microsoftonline.com about a host it cannot know (and fail offline).
    disableInstanceDiscovery: !isPublicEntraAuthority(spec.authorityHost),
    ...(spec.trust ? { tlsOptions: { ca: spec.trust.ca } } : {}),
  };
  const credential: TokenCredential =
    spec.clientSecret && spec.tenantId !== undefined
      ? new ClientSecretCredential(spec.tenantId, spec.clientSecret.clientId, spec.clientSecret.clientSecret, common)
      : new DefaultAzureCredential({ ...common, ...(spec.tenantId !== undefined ? { tenantId: spec.tenantId } : {}) });
  cache.set(key, credential);
  return credential;
}

/** Azure's credential (HC_AZURE_*): Azure's ARM, Key Vault and keyless Event Grid all use this one instance. */
export function azureServiceCredential(settings: AppSettings, trust: TrustOptions | undefined): TokenCredential {
  return credentialFor({
    authorityHost: settings.azure.authorityHost,
    ...(settings.azure.tenantId !== undefined ? { tenantId: settings.azure.tenantId } : {}),
    ...(settings.azure.clientSecret ? { clientSecret: settings.azure.clientSecret } : {}),
    ...(trust ? { trust } : {}),
  });
}

/** Forgets every credential (tests that change settings between cases). */
export function clearCredentialCache(): void {
  cache.clear();
}

/** Identifies a configuration without keeping the secret in the key itself. */
function cacheKey(spec: CredentialSpec): string {
  const secretHash = spec.clientSecret
    ? createHash('sha256').update(spec.clientSecret.clientSecret).digest('hex').slice(0, 16)
    : '';
  return JSON.stringify([
    spec.authorityHost,
    spec.tenantId ?? '',
    spec.clientSecret?.clientId ?? '',
    secretHash,
    spec.trust?.source ?? '',
  ]);
}
