// Versions of a shared-key secret as a rotation sees them: which one a rotation already wrote (found by its tag), and
// the value of one given version. Values stay inside the activities that put them on a connection.
import { secretClientFor, TerminalArmError, type ErrorSite } from '../../lib/clouds';
import { getOrUndefined } from './arm';
import { isUsableSharedKey, unusableKey } from './sharedKey';

/** The tag naming the rotation (instance id, plus a suffix for a restore) that wrote a version. */
export const ROTATION_TAG = 'hc-rotation';

/** The version of `secretName` tagged `hc-rotation: tag`, if one was written already. */
export async function versionTaggedWith(secretName: string, tag: string): Promise<string | undefined> {
  for await (const properties of secretClientFor().listPropertiesOfSecretVersions(secretName)) {
    if (properties.tags?.[ROTATION_TAG] === tag && properties.version !== undefined) return properties.version;
  }
  return undefined;
}

/** The value of one version of the secret; a missing or unusable version is terminal. */
export async function readSharedKeyVersion(site: ErrorSite, secretName: string, version: string): Promise<string> {
  const secret = await getOrUndefined(() => secretClientFor().getSecret(secretName, { version }));
  if (secret?.value === undefined) {
    throw new TerminalArmError({
      ...site,
      code: 'SharedKeySecretNotFound',
      armMessage: `Key Vault has no version ${version} of secret ${secretName}`,
      hint: 'the rotation names versions it read or wrote itself: check that nobody deleted or purged the secret',
    });
  }
  if (!isUsableSharedKey(secret.value)) throw unusableKey(site, secretName);
  return secret.value;
}
