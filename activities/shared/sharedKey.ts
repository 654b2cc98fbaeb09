// The VPN pre-shared key: generated with a CSPRNG, kept in Key Vault, read only inside the activities that put it
// on a connection. Its value never leaves these functions except into a Key Vault or ARM request body.
import { randomBytes } from 'node:crypto';
import { secretClientFor, TerminalArmError, type ErrorSite } from '../../lib/clouds';
import { siteSharedKeySecretName } from '../../lib/naming';
import { DEFAULT_SITE_NAME } from '../../lib/plan/types';
import { getOrUndefined } from './arm';

/** The only secrets the app ever reads or writes: hc-<connection name>-psk, hc-<connection name>-<site>-psk. */
const OWN_SECRET_NAME = /^hc-[a-z](?:[a-z0-9-]*[a-z0-9])?-psk$/;

/**
 * Refuses a secret name that is not a connection's own shared key (or, with `connectionName`, not the key of this
 * connection's tunnel to `siteName`): inputs come from the orchestration's history, and the vault may hold other
 * secrets that must never reach a cloud.
 */
export function requireOwnSecretName(
  site: ErrorSite,
  secretName: string,
  connectionName?: string,
  siteName: string = DEFAULT_SITE_NAME,
): void {
  const expected = connectionName === undefined ? undefined : siteSharedKeySecretName(connectionName, siteName);
  if (expected === undefined ? OWN_SECRET_NAME.test(secretName) : secretName === expected) return;
  throw new TerminalArmError({
    ...site,
    code: 'ForeignSharedKeySecret',
    armMessage: `the shared key's secret must be ${expected ?? 'hc-<connection name>-psk'}; ${JSON.stringify(secretName.slice(0, 130))} is refused`,
    hint: 'the secret name is derived from the connection name; leave connection.sharedKeySecretName out of the plan',
  });
}

/** 32 random bytes, base64url: 43 characters from [A-Za-z0-9_-], inside what both clouds accept (1-128 ASCII). */
export function generateSharedKey(): string {
  return randomBytes(32).toString('base64url');
}

/** What ARM accepts as a connection's shared key: 1-128 printable ASCII characters. */
export function isUsableSharedKey(value: string): boolean {
  return value.length >= 1 && value.length <= 128 && /^[\x21-\x7e]+$/.test(value);
}

export interface StoredSharedKey {
  value: string;
  version: string;
  /** The current version's tags (the owner a run wrote: connection and site), when it has any. */
  tags?: Record<string, string>;
}

/** The secret as Key Vault holds it, or undefined when there is no such secret. */
export async function findSharedKey(secretName: string): Promise<StoredSharedKey | undefined> {
  const secret = await getOrUndefined(() => secretClientFor().getSecret(secretName));
  if (secret?.value === undefined) return undefined;
  const tags = secret.properties.tags;
  return { value: secret.value, version: secret.properties.version ?? '', ...(tags !== undefined ? { tags } : {}) };
}

/** The key's value for a connection body; a missing or unusable secret is terminal (ensureSharedKey runs first). */
export async function readSharedKey(site: ErrorSite, secretName: string): Promise<string> {
  const stored = await findSharedKey(secretName);
  if (!stored) {
    throw new TerminalArmError({
      ...site,
      code: 'SharedKeySecretNotFound',
      armMessage: `Key Vault has no secret named ${secretName}`,
      hint: 'run ensureSharedKey first, or create the secret in HC_KEY_VAULT_URL',
    });
  }
  if (!isUsableSharedKey(stored.value)) throw unusableKey(site, secretName);
  return stored.value;
}

export function unusableKey(site: ErrorSite, secretName: string): TerminalArmError {
  return new TerminalArmError({
    ...site,
    code: 'InvalidSharedKey',
    armMessage: `the Key Vault secret ${secretName} is not a usable VPN shared key`,
    hint: 'a shared key is 1-128 printable ASCII characters: set a new secret version, or delete it to have one generated',
  });
}
