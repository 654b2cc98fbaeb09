// The two clouds of a hybrid connection and how each is spelled in plans, names and events. Pure constants only.

/** The plan's key for each cloud; also the `<cloud>` segment of event ids and subjects. */
export type CloudId = 'azure' | 'azureStack';

export const CLOUD_IDS: readonly CloudId[] = ['azure', 'azureStack'];

/** What people call each cloud in messages. */
export const CLOUD_DISPLAY_NAMES: Readonly<Record<CloudId, string>> = {
  azure: 'Azure',
  azureStack: 'Azure Stack Hub',
};

/** Lowercase form used inside resource names (`lgw-<name>-to-azurestack`): ARM names are case-insensitive. */
export const CLOUD_NAME_SLUGS: Readonly<Record<CloudId, 'azure' | 'azurestack'>> = {
  azure: 'azure',
  azureStack: 'azurestack',
};

export function peerOf(cloud: CloudId): CloudId {
  return cloud === 'azure' ? 'azureStack' : 'azure';
}

export function isCloudId(value: unknown): value is CloudId {
  return value === 'azure' || value === 'azureStack';
}
