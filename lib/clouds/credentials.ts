// Builds the TokenCredential of a cloud from app settings only (never from orchestration input): a client secret or
// a certificate when one is configured, else DefaultAzureCredential. One instance per configuration per process, so
// MSAL's token cache is reused across activity runs. Never logs or returns the secret, the key or the file's content.
import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import type { AppSettings, ClientCertificateSettings, ClientSecretSettings } from '../settings';
import { identity } from './armSdk';
import { loadClientCertificate, type LoadedClientCertificate } from './clientCertificate';
import type { TrustOptions } from './trustedCa';
import { trustedClientOptions, type TrustedClientOptions } from './trustedClientOptions';

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
  /** Never together with clientSecret (the settings refuse both). */
  clientCertificate?: ClientCertificateSettings;
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
  // Read on every call, so a rotated file (a Key Vault reference or a mount that changed) gets a new credential.
  const certificate = spec.clientCertificate ? loadClientCertificate(spec.clientCertificate) : undefined;
  const key = cacheKey(spec, certificate);
  const cached = cache.get(key);
  if (cached) return cached;
  const common = {
    authorityHost: spec.authorityHost,
    // MSAL would otherwise ask login.microsoftonline.com about a host it cannot know (and fail offline).
    disableInstanceDiscovery: !isPublicEntraAuthority(spec.authorityHost),
    ...trustedClientOptions(spec.trust),
  };
  const credential = servicePrincipalCredential(spec, certificate, common) ?? defaultCredential(spec, common);
  cache.set(key, credential);
  return credential;
}

type CommonOptions = { authorityHost: string; disableInstanceDiscovery: boolean } & TrustedClientOptions;

function servicePrincipalCredential(
  spec: CredentialSpec,
  certificate: LoadedClientCertificate | undefined,
  common: CommonOptions,
): TokenCredential | undefined {
  if (spec.tenantId === undefined) return undefined;
  if (spec.clientSecret) {
    return new (identity().ClientSecretCredential)(
      spec.tenantId,
      spec.clientSecret.clientId,
      spec.clientSecret.clientSecret,
      common,
    );
  }
  if (spec.clientCertificate && certificate) {
    const { clientId, certificatePassword } = spec.clientCertificate;
    // The content that was checked and hashed, not the path: the credential can never sign with another file.
    return new (identity().ClientCertificateCredential)(
      spec.tenantId,
      clientId,
      { certificate: certificate.pem, ...(certificatePassword !== undefined ? { certificatePassword } : {}) },
      common,
    );
  }
  return undefined;
}

function defaultCredential(spec: CredentialSpec, common: CommonOptions): TokenCredential {
  return new (identity().DefaultAzureCredential)({
    ...common,
    ...(spec.tenantId !== undefined ? { tenantId: spec.tenantId } : {}),
  });
}

/** Azure's credential (HC_AZURE_*): Azure's ARM, Key Vault and keyless Event Grid all use this one instance. */
export function azureServiceCredential(settings: AppSettings, trust: TrustOptions | undefined): TokenCredential {
  return credentialFor({
    authorityHost: settings.azure.authorityHost,
    ...(settings.azure.tenantId !== undefined ? { tenantId: settings.azure.tenantId } : {}),
    ...(settings.azure.clientSecret ? { clientSecret: settings.azure.clientSecret } : {}),
    ...(settings.azure.clientCertificate ? { clientCertificate: settings.azure.clientCertificate } : {}),
    ...(trust ? { trust } : {}),
  });
}

/** Forgets every credential (tests that change settings between cases). */
export function clearCredentialCache(): void {
  cache.clear();
}

/** Identifies a configuration without keeping the secret, the key or the file's content in the key itself. */
function cacheKey(spec: CredentialSpec, certificate: LoadedClientCertificate | undefined): string {
  const secretHash = spec.clientSecret
    ? createHash('sha256').update(spec.clientSecret.clientSecret).digest('hex').slice(0, 16)
    : '';
  return JSON.stringify([
    spec.authorityHost,
    spec.tenantId ?? '',
    spec.clientSecret?.clientId ?? spec.clientCertificate?.clientId ?? '',
    secretHash,
    certificate?.fingerprint ?? '',
    spec.trust?.source ?? '',
  ]);
}
