// Reads and validates the app settings (environment variables) the activities need. Errors name the setting and
// what to do; a secret's value never appears in an error, a log line or anything this module returns as text.
import { readStamps, type StampSettings } from './stamps';
import {
  hasServicePrincipal,
  httpsUrlSetting,
  optionalTenant,
  servicePrincipalSettings,
  settingValue,
  SettingsError,
  type Env,
} from './values';

export { SettingsError, sameUrl, settingValue, type Env } from './values';
export { findStamp, STAMPS_SETTING, type StampSettings, type StampReference, type StampLookup } from './stamps';

/** Every fixed app setting the workflow reads; README and local.settings.example.json document the same list. */
export const SETTING_NAMES = [
  'HC_AZURE_ARM_ENDPOINT',
  'HC_AZURE_AUDIENCE',
  'HC_AZURE_AUTHORITY_HOST',
  'HC_AZURE_TENANT_ID',
  'HC_AZURE_CLIENT_ID',
  'HC_AZURE_CLIENT_SECRET',
  'HC_AZURE_CLIENT_CERTIFICATE_PATH',
  'HC_AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'HC_AZURESTACK_STAMPS',
  'HC_AZURESTACK_TENANT_ID',
  'HC_AZURESTACK_CLIENT_ID',
  'HC_AZURESTACK_CLIENT_SECRET',
  'HC_AZURESTACK_CLIENT_CERTIFICATE_PATH',
  'HC_AZURESTACK_CLIENT_CERTIFICATE_PASSWORD',
  'HC_KEY_VAULT_URL',
  'HC_EVENT_GRID_ENDPOINT',
  'HC_EVENT_GRID_KEY',
  'HC_CA_CERT_FILE',
  'HC_TICKET_EVENT_TYPE',
  'HC_AUTH_MODE',
] as const;

export type SettingName = (typeof SETTING_NAMES)[number];

/**
 * Set only with the simulator's settings (`serve --simulate`, or settings made from `sim`'s ready line): the
 * simulator's data folder. An endpoint on loopback that stops answering is then the simulator, and failures say how
 * to restart it there.
 */
export const SIMULATOR_DATA_SETTING = 'HC_SIMULATOR_DATA';

/**
 * Settings whose values are secrets: never echoed, logged or returned. A stamp's <prefix>_CLIENT_SECRET and
 * <prefix>_CLIENT_CERTIFICATE_PASSWORD too. A certificate PATH is not a secret; the file's content is, and it is
 * never read into anything but the credential (and a hash that tells two files apart).
 */
export const SECRET_SETTINGS: readonly SettingName[] = [
  'HC_AZURE_CLIENT_SECRET',
  'HC_AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'HC_AZURESTACK_CLIENT_SECRET',
  'HC_AZURESTACK_CLIENT_CERTIFICATE_PASSWORD',
  'HC_EVENT_GRID_KEY',
];

export const DEFAULT_AZURE_ARM_ENDPOINT = 'https://management.azure.com';
export const DEFAULT_AZURE_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_TICKET_EVENT_TYPE = 'Tickets.HybridConnection.Requested';

/**
 * The ARM endpoints of Azure's public and sovereign clouds: each one's token audience is its own URL, so it needs
 * no HC_AZURE_AUDIENCE. https://learn.microsoft.com/azure/azure-resource-manager/management/control-plane-and-data-plane
 */
const WELL_KNOWN_ARM_HOSTS: ReadonlySet<string> = new Set([
  'management.azure.com',
  'management.usgovcloudapi.net',
  'management.chinacloudapi.cn',
  'management.microsoftazure.de',
]);

/** A service principal's client secret credential. */
export interface ClientSecretSettings {
  clientId: string;
  clientSecret: string;
}

/**
 * A service principal's certificate credential: one PEM file holding the certificate and its private key, as
 * @azure/identity's ClientCertificateCredential takes it (an encrypted private key needs the password).
 */
export interface ClientCertificateSettings {
  clientId: string;
  certificatePath: string;
  /** Unlocks an encrypted PEM private key (`ENCRYPTED PRIVATE KEY`); PFX files are not read. */
  certificatePassword?: string;
  /** The app settings that hold the path and the password: what an unreadable file's error names. */
  pathSetting: string;
  passwordSetting: string;
}

/** At most one of the two; neither means DefaultAzureCredential (managed identity, environment, Azure CLI ...). */
export interface ServicePrincipalSettings {
  clientSecret?: ClientSecretSettings;
  clientCertificate?: ClientCertificateSettings;
}

export interface CloudCredentialSettings extends ServicePrincipalSettings {
  /** Entra tenant (GUID or domain) or `adfs`. */
  tenantId?: string;
}

export interface AppSettings {
  azure: CloudCredentialSettings & {
    /** https, no trailing slash. */
    armEndpoint: string;
    /** The token audience for that ARM (its own URL for the public and sovereign clouds); tokens are asked for it only. */
    audience: string;
    /** https, no trailing slash. */
    authorityHost: string;
  };
  /** The Azure Stack Hub stamps a plan may name (HC_AZURESTACK_STAMPS); empty when none is configured. */
  azureStackStamps: StampSettings[];
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

/** Reads every setting from `env` (default process.env); throws SettingsError for the first bad one. */
export function readSettings(env: Env = process.env): AppSettings {
  const get = (name: SettingName): string | undefined => settingValue(env, name);
  const optionalUrl = (name: SettingName, options: { keepQuery?: boolean } = {}): string | undefined => {
    const value = get(name);
    return value === undefined ? undefined : httpsUrlSetting(value, name, options);
  };

  const azureTenant = optionalTenant(env, 'HC_AZURE_TENANT_ID');
  const azurePrincipal = servicePrincipalSettings(env, 'HC_AZURE');
  if (hasServicePrincipal(azurePrincipal) && azureTenant === undefined) {
    throw new SettingsError(
      'HC_AZURE_TENANT_ID',
      'is missing: a service principal (client id with a secret or a certificate) needs the tenant it belongs to',
    );
  }
  const armEndpoint = optionalUrl('HC_AZURE_ARM_ENDPOINT') ?? DEFAULT_AZURE_ARM_ENDPOINT;
  return {
    azure: {
      armEndpoint,
      audience: azureAudience(armEndpoint, optionalUrl('HC_AZURE_AUDIENCE')),
      authorityHost: optionalUrl('HC_AZURE_AUTHORITY_HOST', { keepQuery: true }) ?? DEFAULT_AZURE_AUTHORITY_HOST,
      ...(azureTenant !== undefined ? { tenantId: azureTenant } : {}),
      ...azurePrincipal,
    },
    azureStackStamps: readStamps(env),
    ...optionalField('keyVaultUrl', optionalUrl('HC_KEY_VAULT_URL')),
    ...optionalField('eventGridEndpoint', optionalUrl('HC_EVENT_GRID_ENDPOINT', { keepQuery: true })),
    ...optionalField('eventGridKey', get('HC_EVENT_GRID_KEY')),
    ...optionalField('caCertFile', get('HC_CA_CERT_FILE')),
    ticketEventType: get('HC_TICKET_EVENT_TYPE') ?? DEFAULT_TICKET_EVENT_TYPE,
  };
}

/** Only the configured Azure Stack Hub stamps (what the triggers need to bind a plan); SettingsError when malformed. */
export function configuredStamps(env: Env = process.env): StampSettings[] {
  return readStamps(env);
}

/** Whether an ARM endpoint is a public or sovereign Azure cloud's own (its audience is then its URL). */
export function isWellKnownArmHost(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return WELL_KNOWN_ARM_HOSTS.has(url.hostname.toLowerCase()) && (url.pathname === '/' || url.pathname === '');
  } catch {
    return false;
  }
}

function azureAudience(armEndpoint: string, configured: string | undefined): string {
  if (configured !== undefined) return configured;
  if (isWellKnownArmHost(armEndpoint)) return armEndpoint;
  // Discovering it from the endpoint's metadata would let that endpoint choose what our tokens are good for.
  throw new SettingsError(
    'HC_AZURE_AUDIENCE',
    `is missing: ${armEndpoint} is not a public or sovereign Azure cloud, so its token audience must be configured`,
  );
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
