// Readers for single app settings (tenant, a service principal's secret or certificate, https URL) shared by the
// app's settings and the per-stamp settings. Errors name the setting and what to do; a secret's value never appears.
import type { ServicePrincipalSettings } from './index';

/** A missing or malformed app setting: a configuration problem that no retry fixes. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  /** The app setting to fix (for HC_AZURESTACK_STAMPS, with the path inside it: `HC_AZURESTACK_STAMPS[0].audience`). */
  readonly setting: string;

  constructor(setting: string, problem: string) {
    super(`app setting ${setting} ${problem}`);
    this.setting = setting;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A setting's trimmed value, or undefined when unset or blank. */
export function settingValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function optionalTenant(env: Env, name: string): string | undefined {
  const value = settingValue(env, name);
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'adfs') return 'adfs';
  if (GUID.test(value) || TENANT_DOMAIN.test(value)) return value;
  throw new SettingsError(name, `must be a tenant GUID, a tenant domain or "adfs" (got "${value.slice(0, 80)}")`);
}

/**
 * A service principal's credential from `<prefix>_CLIENT_ID` with exactly one of `<prefix>_CLIENT_SECRET` and
 * `<prefix>_CLIENT_CERTIFICATE_PATH` (+ optional `<prefix>_CLIENT_CERTIFICATE_PASSWORD`); nothing when none is set
 * (DefaultAzureCredential then). Only names are checked here: the certificate file is read where the credential is
 * built, so the triggers that read the stamps on every request never touch it.
 */
export function servicePrincipalSettings(env: Env, prefix: string): ServicePrincipalSettings {
  const names = {
    id: `${prefix}_CLIENT_ID`,
    secret: `${prefix}_CLIENT_SECRET`,
    path: `${prefix}_CLIENT_CERTIFICATE_PATH`,
    password: `${prefix}_CLIENT_CERTIFICATE_PASSWORD`,
  };
  const clientId = settingValue(env, names.id);
  const clientSecret = settingValue(env, names.secret);
  const certificatePath = settingValue(env, names.path);
  // Not trimmed: spaces at either end may belong to a password.
  const rawPassword = env[names.password];
  const certificatePassword = rawPassword === undefined || rawPassword.trim() === '' ? undefined : rawPassword;
  if (clientSecret !== undefined && certificatePath !== undefined) {
    throw new SettingsError(
      names.path,
      `is set together with ${names.secret}: a service principal signs in with a secret or a certificate, not both; remove one of them`,
    );
  }
  if (certificatePassword !== undefined && certificatePath === undefined) {
    throw new SettingsError(names.password, `is set without ${names.path}: it only unlocks that file's private key`);
  }
  const credentialName =
    clientSecret !== undefined ? names.secret : certificatePath !== undefined ? names.path : undefined;
  if (clientId === undefined) {
    if (credentialName === undefined) return {};
    throw new SettingsError(names.id, `is missing: ${credentialName} is set, and needs the client id it belongs to`);
  }
  if (clientSecret !== undefined) return { clientSecret: { clientId, clientSecret } };
  if (certificatePath !== undefined) {
    return {
      clientCertificate: {
        clientId,
        certificatePath,
        ...(certificatePassword !== undefined ? { certificatePassword } : {}),
        pathSetting: names.path,
        passwordSetting: names.password,
      },
    };
  }
  throw new SettingsError(
    names.secret,
    `is missing: ${names.id} is set; set ${names.secret} or ${names.path} too, or remove ${names.id} to use DefaultAzureCredential (managed identity)`,
  );
}

/** Whether a service principal (rather than DefaultAzureCredential) is configured. */
export function hasServicePrincipal(principal: ServicePrincipalSettings): boolean {
  return 'clientSecret' in principal || 'clientCertificate' in principal;
}

/** An https URL without credentials, as text without a trailing slash; `keepQuery` keeps its query too. */
export function httpsUrlSetting(value: string, name: string, options: { keepQuery?: boolean } = {}): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(name, `must be an absolute https URL (got "${value.slice(0, 80)}")`);
  }
  // Bearer tokens are never sent over http, so an http endpoint would only fail later and less clearly.
  if (url.protocol !== 'https:') throw new SettingsError(name, `must use https (got ${url.protocol})`);
  if (url.username || url.password) throw new SettingsError(name, 'must not carry credentials in the URL');
  const text = options.keepQuery ? url.toString() : url.origin + url.pathname;
  return withoutTrailingSlash(text);
}

export function withoutTrailingSlash(text: string): string {
  return text.replace(/\/+$/, '');
}

/** Two URLs name the same place: scheme and host case-insensitively, path exactly, trailing slashes ignored. */
export function sameUrl(a: string, b: string): boolean {
  const normal = (text: string): string | undefined => {
    try {
      const url = new URL(text);
      return `${url.protocol}//${url.host}${withoutTrailingSlash(url.pathname)}`;
    } catch {
      return undefined;
    }
  };
  const left = normal(a);
  return left !== undefined && left === normal(b);
}
