// Reads and validates the app settings (environment variables) the activities need. Errors name the setting and
// what to do; a secret's value never appears in an error, a log line or anything this module returns as text.

/** Every app setting the workflow reads; README and local.settings.example.json document the same list. */
export const SETTING_NAMES = [
  'HC_AZURE_ARM_ENDPOINT',
  'HC_AZURE_AUTHORITY_HOST',
  'HC_AZURE_TENANT_ID',
  'HC_AZURE_CLIENT_ID',
  'HC_AZURE_CLIENT_SECRET',
  'HC_AZURESTACK_TENANT_ID',
  'HC_AZURESTACK_CLIENT_ID',
  'HC_AZURESTACK_CLIENT_SECRET',
  'HC_KEY_VAULT_URL',
  'HC_EVENT_GRID_ENDPOINT',
  'HC_EVENT_GRID_KEY',
  'HC_CA_CERT_FILE',
  'HC_TICKET_EVENT_TYPE',
] as const;

export type SettingName = (typeof SETTING_NAMES)[number];

/** Settings whose values are secrets: never echoed, logged or returned. */
export const SECRET_SETTINGS: readonly SettingName[] = [
  'HC_AZURE_CLIENT_SECRET',
  'HC_AZURESTACK_CLIENT_SECRET',
  'HC_EVENT_GRID_KEY',
];

export const DEFAULT_AZURE_ARM_ENDPOINT = 'https://management.azure.com';
export const DEFAULT_AZURE_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_TICKET_EVENT_TYPE = 'Tickets.HybridConnection.Requested';

/** A service principal's client secret credential. */
export interface ClientSecretSettings {
  clientId: string;
  clientSecret: string;
}

export interface CloudCredentialSettings {
  /** Entra tenant (GUID or domain) or `adfs`; for Azure Stack Hub ADFS stamps it may be left out. */
  tenantId?: string;
  /** Absent: DefaultAzureCredential (managed identity, environment, Azure CLI ...). */
  clientSecret?: ClientSecretSettings;
}

export interface AppSettings {
  azure: CloudCredentialSettings & {
    /** https, no trailing slash. */
    armEndpoint: string;
    /** https, no trailing slash. */
    authorityHost: string;
  };
  azureStack: CloudCredentialSettings;
  /** https, no trailing slash. Needed by the activities that touch the shared key. */
  keyVaultUrl?: string;
  /** https. Needed by publishEvent. */
  eventGridEndpoint?: string;
  /** Absent: Event Grid is called with the Azure credential (Entra ID) instead of a key. */
  eventGridKey?: string;
  /** PEM file with an extra CA every client trusts (e.g. a Stack Hub stamp's private CA). */
  caCertFile?: string;
  ticketEventType: string;
}

/** A missing or malformed app setting: a configuration problem that no retry fixes. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly setting: SettingName;

  constructor(setting: SettingName, problem: string) {
    super(`app setting ${setting} ${problem}`);
    this.setting = setting;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads every setting from `env` (default process.env); throws SettingsError for the first bad one. */
export function readSettings(env: Env = process.env): AppSettings {
  const get = (name: SettingName): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };

  const azureTenant = optionalTenant(get, 'HC_AZURE_TENANT_ID');
  const azureSecret = clientSecretPair(get, 'HC_AZURE_CLIENT_ID', 'HC_AZURE_CLIENT_SECRET');
  if (azureSecret && azureTenant === undefined) {
    throw new SettingsError('HC_AZURE_TENANT_ID', 'is missing: a client id and secret need the tenant they belong to');
  }
  const stackTenant = optionalTenant(get, 'HC_AZURESTACK_TENANT_ID');
  const stackSecret = clientSecretPair(get, 'HC_AZURESTACK_CLIENT_ID', 'HC_AZURESTACK_CLIENT_SECRET');

  const eventGridEndpoint = optionalHttpsUrl(get, 'HC_EVENT_GRID_ENDPOINT', { keepPath: true });
  return {
    azure: {
      armEndpoint: optionalHttpsUrl(get, 'HC_AZURE_ARM_ENDPOINT') ?? DEFAULT_AZURE_ARM_ENDPOINT,
      authorityHost:
        optionalHttpsUrl(get, 'HC_AZURE_AUTHORITY_HOST', { keepPath: true }) ?? DEFAULT_AZURE_AUTHORITY_HOST,
      ...(azureTenant !== undefined ? { tenantId: azureTenant } : {}),
      ...(azureSecret ? { clientSecret: azureSecret } : {}),
    },
    azureStack: {
      ...(stackTenant !== undefined ? { tenantId: stackTenant } : {}),
      ...(stackSecret ? { clientSecret: stackSecret } : {}),
    },
    ...optionalField('keyVaultUrl', optionalHttpsUrl(get, 'HC_KEY_VAULT_URL')),
    ...optionalField('eventGridEndpoint', eventGridEndpoint),
    ...optionalField('eventGridKey', get('HC_EVENT_GRID_KEY')),
    ...optionalField('caCertFile', get('HC_CA_CERT_FILE')),
    ticketEventType: get('HC_TICKET_EVENT_TYPE') ?? DEFAULT_TICKET_EVENT_TYPE,
  };
}

/** The Key Vault URL, or a SettingsError saying it is needed. */
export function requireKeyVaultUrl(settings: AppSettings): string {
  if (settings.keyVaultUrl === undefined) {
    throw new SettingsError('HC_KEY_VAULT_URL', 'is missing: the VPN shared key is kept in Key Vault');
  }
  return settings.keyVaultUrl;
}

/** The Event Grid topic endpoint, or a SettingsError saying it is needed. */
export function requireEventGridEndpoint(settings: AppSettings): string {
  if (settings.eventGridEndpoint === undefined) {
    throw new SettingsError('HC_EVENT_GRID_ENDPOINT', 'is missing: events are published to an Event Grid topic');
  }
  return settings.eventGridEndpoint;
}

function optionalField<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

function optionalTenant(get: (name: SettingName) => string | undefined, name: SettingName): string | undefined {
  const value = get(name);
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'adfs') return 'adfs';
  if (GUID.test(value) || TENANT_DOMAIN.test(value)) return value;
  throw new SettingsError(name, `must be a tenant GUID, a tenant domain or "adfs" (got "${value}")`);
}

function clientSecretPair(
  get: (name: SettingName) => string | undefined,
  idName: SettingName,
  secretName: SettingName,
): ClientSecretSettings | undefined {
  const clientId = get(idName);
  const clientSecret = get(secretName);
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

function optionalHttpsUrl(
  get: (name: SettingName) => string | undefined,
  name: SettingName,
  options: { keepPath?: boolean } = {},
): string | undefined {
  const value = get(name);
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SettingsError(name, `must be an absolute https URL (got "${value}")`);
  }
  // Bearer tokens are never sent over http, so an http endpoint would only fail later and less clearly.
  if (url.protocol !== 'https:') throw new SettingsError(name, `must use https (got ${url.protocol})`);
  if (url.username || url.password) throw new SettingsError(name, 'must not carry credentials in the URL');
  const text = options.keepPath ? url.toString() : url.origin + url.pathname;
  return text.replace(/\/+$/, '');
}
