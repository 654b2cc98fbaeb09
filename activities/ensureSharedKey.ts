// Activity: makes sure the VPN shared key exists in Key Vault: reads the secret, or generates a strong random key
// into it. Returns only the secret's name and version; the value is never returned or logged.
import type { InvocationContext } from '@azure/functions';
import { armCall, secretClientFor, TerminalArmError, type ErrorSite } from '../lib/clouds';
import { INSTANCE_TAG, instanceIdFor, MANAGED_BY_TAG, MANAGED_BY_VALUE, SITE_TAG } from '../lib/naming';
import type { ActivityResult, EnsureSharedKeyInput, SharedKeyRef } from './contracts';
import {
  findSharedKey,
  generateSharedKey,
  isUsableSharedKey,
  requireOwnSecretName,
  unusableKey,
} from './shared/sharedKey';

/** The vault is an Azure resource; key problems surface at the connection stage. */
const KEY_SITE: ErrorSite = { cloud: 'azure', stage: 'connection' };

/**
 * A secret tagged for another connection or site is another tunnel's key: names can meet (connection `a` with site
 * `b-c` and connection `a-b` with site `c` both derive `hc-a-b-c-psk`), and sharing a key would let one connection's
 * rotation break the other's tunnel. Secrets made before the tags (untagged) are adopted.
 */
function requireSameOwner(
  secretName: string,
  tags: Record<string, string> | undefined,
  owner: { connection: string; site: string },
): void {
  const instance = tags?.[INSTANCE_TAG];
  const site = tags?.[SITE_TAG];
  const mine =
    (instance === undefined || instance === instanceIdFor(owner.connection)) &&
    (site === undefined || site === owner.site);
  if (mine) return;
  throw new TerminalArmError({
    ...KEY_SITE,
    code: 'SharedKeySecretOwnedByAnother',
    armMessage: `Key Vault secret ${secretName} holds the key of ${instance ?? 'another connection'}${site !== undefined ? ` (site ${site})` : ''}`,
    hint: 'two tunnels must not share a key: rename the connection or the site so that its secret name differs',
  });
}

export async function ensureSharedKey(
  input: EnsureSharedKeyInput,
  context: InvocationContext,
): Promise<ActivityResult<SharedKeyRef>> {
  const candidate = generateSharedKey();
  return armCall(KEY_SITE, async () => {
    requireOwnSecretName(KEY_SITE, input.secretName);
    const existing = await findSharedKey(input.secretName);
    if (existing) {
      if (input.owner !== undefined) requireSameOwner(input.secretName, existing.tags, input.owner);
      if (!isUsableSharedKey(existing.value)) throw unusableKey(KEY_SITE, input.secretName);
      return { secretName: input.secretName, version: existing.version, created: false };
    }
    const stored = await secretClientFor().setSecret(input.secretName, candidate, {
      contentType: 'text/plain',
      tags: {
        [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
        ...(input.owner !== undefined
          ? { [INSTANCE_TAG]: instanceIdFor(input.owner.connection), [SITE_TAG]: input.owner.site }
          : {}),
      },
    });
    context.log(`generated the shared key into Key Vault secret ${input.secretName}`);
    return { secretName: input.secretName, version: stored.properties.version ?? '', created: true };
  }, [candidate]);
}
