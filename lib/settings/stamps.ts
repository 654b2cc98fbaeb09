// The Azure Stack Hub stamps the operator trusts, read from the app setting HC_AZURESTACK_STAMPS. A plan may only
// name one of these (by id, or by its exact ARM endpoint): endpoints, identities and credentials are configuration,
// never request data, so a plan cannot send a credential or a token anywhere the operator did not configure.
import type { ServicePrincipalSettings } from './index';
import {
  hasServicePrincipal,
  httpsUrlSetting,
  optionalTenant,
  sameUrl,
  servicePrincipalSettings,
  SettingsError,
  withoutTrailingSlash,
  type Env,
} from './values';

export const STAMPS_SETTING = 'HC_AZURESTACK_STAMPS';
/** The credential settings a stamp uses when it names no prefix of its own: HC_AZURESTACK_CLIENT_ID and so on. */
export const DEFAULT_STAMP_CREDENTIAL_PREFIX = 'HC_AZURESTACK';

export interface StampSettings extends ServicePrincipalSettings {
  /** What a plan names in azureStack.stamp. */
  id: string;
  /** https, no trailing slash (may carry a path prefix). */
  armEndpoint: string;
  /** The login endpoint the stamp's metadata must advertise (an Entra ID host, or https://adfs.<region>.<fqdn>/adfs). */
  authority: string;
  /** The token audience the stamp's metadata must advertise; tokens are requested for this audience only. */
  audience: string;
  /** True when `authority` is AD FS (its path ends in /adfs): the tenant is then `adfs`. */
  isAdfs: boolean;
  /** Entra tenant (<prefix>_TENANT_ID), or `adfs`; undefined only with DefaultAzureCredential. */
  tenantId?: string;
  /**
   * The app settings <prefix>_TENANT_ID, <prefix>_CLIENT_ID and <prefix>_CLIENT_SECRET or
   * <prefix>_CLIENT_CERTIFICATE_PATH (+ _PASSWORD) hold its credential.
   */
  credentialPrefix: string;
}

const STAMP_ID = /^[a-z][a-z0-9-]{0,62}$/;
const CREDENTIAL_PREFIX = /^[A-Z][A-Z0-9_]{0,63}$/;
const STAMP_FIELDS: ReadonlySet<string> = new Set(['id', 'armEndpoint', 'authority', 'audience', 'credentialPrefix']);

/** Every configured stamp; none when the setting is absent. Throws SettingsError naming the bad field. */
export function readStamps(env: Env): StampSettings[] {
  const text = env[STAMPS_SETTING]?.trim();
  if (text === undefined || text === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new SettingsError(
      STAMPS_SETTING,
      'must be a JSON array of stamps: [{"id","armEndpoint","authority","audience"}]',
    );
  }
  if (!Array.isArray(parsed)) throw new SettingsError(STAMPS_SETTING, 'must be a JSON array of stamps');
  const stamps = parsed.map((entry, index) => readStamp(entry, `${STAMPS_SETTING}[${index}]`, env));
  for (const [index, stamp] of stamps.entries()) {
    const earlier = stamps.slice(0, index);
    if (earlier.some((other) => other.id === stamp.id)) {
      throw new SettingsError(`${STAMPS_SETTING}[${index}].id`, `repeats the stamp id "${stamp.id}"`);
    }
    if (earlier.some((other) => sameUrl(other.armEndpoint, stamp.armEndpoint))) {
      throw new SettingsError(`${STAMPS_SETTING}[${index}].armEndpoint`, 'repeats the ARM endpoint of another stamp');
    }
  }
  return stamps;
}

function readStamp(entry: unknown, at: string, env: Env): StampSettings {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new SettingsError(at, 'must be an object with id, armEndpoint, authority and audience');
  }
  const fields = entry as Record<string, unknown>;
  const unknownField = Object.keys(fields).find((key) => !STAMP_FIELDS.has(key));
  if (unknownField !== undefined) {
    throw new SettingsError(
      `${at}.${unknownField.slice(0, 40)}`,
      'is not a stamp field (id, armEndpoint, authority, audience, credentialPrefix)',
    );
  }
  const text = (key: string): string => {
    const value = fields[key];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new SettingsError(`${at}.${key}`, 'must be a non-empty string');
    }
    return value.trim();
  };
  const id = text('id');
  if (!STAMP_ID.test(id)) {
    throw new SettingsError(`${at}.id`, 'must be lowercase letters, digits and hyphens, starting with a letter');
  }
  const authority = httpsUrlSetting(text('authority'), `${at}.authority`);
  const credentialPrefix =
    fields.credentialPrefix === undefined ? DEFAULT_STAMP_CREDENTIAL_PREFIX : text('credentialPrefix');
  if (!CREDENTIAL_PREFIX.test(credentialPrefix)) {
    throw new SettingsError(`${at}.credentialPrefix`, 'must be an app setting prefix such as HC_STAMP_PLANT1');
  }
  const isAdfs = isAdfsAuthority(authority);
  const tenantId = isAdfs ? 'adfs' : optionalTenant(env, `${credentialPrefix}_TENANT_ID`);
  const principal = servicePrincipalSettings(env, credentialPrefix);
  if (hasServicePrincipal(principal) && tenantId === undefined) {
    throw new SettingsError(
      `${credentialPrefix}_TENANT_ID`,
      `is missing: stamp ${id} signs in with Entra ID, so its directory (tenant) must be named`,
    );
  }
  return {
    id,
    armEndpoint: httpsUrlSetting(text('armEndpoint'), `${at}.armEndpoint`),
    authority,
    audience: withoutTrailingSlash(text('audience')),
    isAdfs,
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...principal,
    credentialPrefix,
  };
}

/** What a plan (or an older orchestration input) says about its stamp. */
export interface StampReference {
  stamp?: string;
  armEndpoint?: string;
}

export type StampLookup =
  { ok: true; stamp: StampSettings } | { ok: false; field: 'stamp' | 'armEndpoint'; message: string };

/**
 * The configured stamp a plan refers to: by id, or by an ARM endpoint equal to a configured one (scheme and host
 * case-insensitive, trailing slashes ignored). Both given must agree. Never reaches the network.
 */
export function findStamp(stamps: readonly StampSettings[], reference: StampReference): StampLookup {
  const configured =
    stamps.length === 0
      ? 'none is configured: app setting HC_AZURESTACK_STAMPS'
      : `configured: ${stamps.map((stamp) => stamp.id).join(', ')}`;
  const { stamp: id, armEndpoint } = reference;
  if (id !== undefined) {
    const stamp = stamps.find((candidate) => candidate.id === id);
    if (!stamp)
      return { ok: false, field: 'stamp', message: `is not a configured Azure Stack Hub stamp (${configured})` };
    if (armEndpoint !== undefined && !sameUrl(armEndpoint, stamp.armEndpoint)) {
      return {
        ok: false,
        field: 'armEndpoint',
        message: `is not the ARM endpoint of stamp ${stamp.id}: leave it out, or use ${stamp.armEndpoint}`,
      };
    }
    return { ok: true, stamp };
  }
  if (armEndpoint !== undefined) {
    const stamp = stamps.find((candidate) => sameUrl(candidate.armEndpoint, armEndpoint));
    if (stamp) return { ok: true, stamp };
    return {
      ok: false,
      field: 'armEndpoint',
      message: `is not the ARM endpoint of a configured Azure Stack Hub stamp (${configured}); or name one in azureStack.stamp`,
    };
  }
  return { ok: false, field: 'stamp', message: `is required: name a configured Azure Stack Hub stamp (${configured})` };
}

function isAdfsAuthority(authority: string): boolean {
  return /\/adfs$/i.test(withoutTrailingSlash(authority));
}
