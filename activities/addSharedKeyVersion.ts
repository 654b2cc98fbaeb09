// Activity: writes a new version of the connection's shared-key secret for one rotation, and makes it Key Vault's
// current version: a fresh random key, or (`copyOf`) the value of an earlier version, which is how a failed rotation
// puts the key in force back on top. The version is tagged with the rotation's id, so a replay or a retry after a
// crash finds the version it already wrote and returns it instead of writing another. Returns names and version
// ids only; the value is never returned or logged.
import type { InvocationContext } from '@azure/functions';
import { armCall, secretClientFor, type ErrorSite } from '../lib/clouds';
import { MANAGED_BY_TAG, MANAGED_BY_VALUE } from '../lib/naming';
import type { ActivityResult, AddSharedKeyVersionInput, SharedKeyVersionRef } from './contracts';
import { generateSharedKey, requireOwnSecretName } from './shared/sharedKey';
import { readSharedKeyVersion, ROTATION_TAG, versionTaggedWith } from './shared/sharedKeyVersions';

const KEY_SITE: ErrorSite = { cloud: 'azure', stage: 'connection' };

export async function addSharedKeyVersion(
  input: AddSharedKeyVersionInput,
  context: InvocationContext,
): Promise<ActivityResult<SharedKeyVersionRef>> {
  const secrets: string[] = [];
  return armCall(
    KEY_SITE,
    async () => {
      requireOwnSecretName(KEY_SITE, input.secretName);
      const client = secretClientFor();
      const written = await versionTaggedWith(input.secretName, input.tag);
      if (written !== undefined) return { secretName: input.secretName, version: written, created: false };
      const value =
        input.copyOf === undefined
          ? generateSharedKey()
          : await readSharedKeyVersion(KEY_SITE, input.secretName, input.copyOf);
      secrets.push(value);
      const stored = await client.setSecret(input.secretName, value, {
        contentType: 'text/plain',
        tags: { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [ROTATION_TAG]: input.tag },
      });
      const version = stored.properties.version ?? '';
      context.log(
        `wrote version ${version} of Key Vault secret ${input.secretName}` +
          (input.copyOf === undefined ? ' (a new shared key)' : ` (the value of version ${input.copyOf})`),
      );
      return { secretName: input.secretName, version, created: true };
    },
    secrets,
  );
}
