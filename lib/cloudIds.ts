// The two clouds of a hybrid connection and how each is spelled in plans, names and events. Pure constants only;
// what each kind of site can do is its profile (lib/sites/profiles.ts).
import { SITE_PROFILES } from './sites/profiles';

/** The plan's key for each cloud; also the `<cloud>` segment of event ids and subjects. */
export type CloudId = 'azure' | 'azureStack';

export const CLOUD_IDS: readonly CloudId[] = ['azure', 'azureStack'];

/** What people call each cloud in messages (its site profile's title). */
export const CLOUD_DISPLAY_NAMES: Readonly<Record<CloudId, string>> = {
  azure: SITE_PROFILES.azure.title,
  azureStack: SITE_PROFILES.azureStack.title,
};

/** Lowercase form used inside resource names (`lgw-<name>-to-azurestack`): ARM names are case-insensitive. */
export const CLOUD_NAME_SLUGS: Readonly<Record<CloudId, string>> = {
  azure: SITE_PROFILES.azure.slug,
  azureStack: SITE_PROFILES.azureStack.slug,
};

export function peerOf(cloud: CloudId): CloudId {
  return cloud === 'azure' ? 'azureStack' : 'azure';
}

export function isCloudId(value: unknown): value is CloudId {
  return value === 'azure' || value === 'azureStack';
}
