// Readers for single app settings (tenant, client id + secret pair, https URL) shared by the app's settings and the
// per-stamp settings. Errors name the setting and what to do; a secret's value never appears in a message.
import type { ClientSecretSettings } from './index';

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

export function clientSecretPair(env: Env, idName: string, secretName: string): ClientSecretSettings | undefined {
  const clientId = settingValue(env, idName);
  const clientSecret = settingValue(env, secretName);
  if (clientId === undefined && clientSecret === undefined) return undefined;
  if (clientId === undefined) {
    throw new SettingsError(idName, `is missing: ${secretName} is set, and a secret needs the client id it belongs to`);
  }
  if (clientSecret === undefined) {
    throw new SettingsError(
      secretName,
      `is missing: ${idName} is set; set the secret too, or remove ${idName} to use DefaultAzureCredential (managed identity)`,
    );
  }
  return { clientId, clientSecret };
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
