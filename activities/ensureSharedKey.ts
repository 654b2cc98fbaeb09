// Activity: makes sure the VPN shared key exists in Key Vault: reads the secret, or generates a strong random key
// into it. Returns only the secret's name and version; the value is never returned or logged.
import type { InvocationContext } from '@azure/functions';
import { armCall, secretClientFor, type ErrorSite } from '../lib/clouds';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../lib/naming';
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

export async function ensureSharedKey(
  input: EnsureSharedKeyInput,
  context: InvocationContext,
): Promise<ActivityResult<SharedKeyRef>> {
  const candidate = generateSharedKey();
  return armCall(KEY_SITE, async () => {
    requireOwnSecretName(KEY_SITE, input.secretName);
    const existing = await findSharedKey(input.secretName);
    if (existing) {
      if (!isUsableSharedKey(existing.value)) throw unusableKey(KEY_SITE, input.secretName);
      return { secretName: input.secretName, version: existing.version, created: false };
    }
    const stored = await secretClientFor().setSecret(input.secretName, candidate, {
      contentType: 'text/plain',
      tags: { [MANAGED_BY_TAG]: MANAGED_BY_VALUE },
    });
    context.log(`generated the shared key into Key Vault secret ${input.secretName}`);
    return { secretName: input.secretName, version: stored.properties.version ?? '', created: true };
  }, [candidate]);
}
