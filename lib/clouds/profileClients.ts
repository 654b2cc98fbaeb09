// Client sets built once per site profile: the site's cloud profile is resolved from app settings, and what
// `build` makes of it is kept per credential (a settings change gets fresh clients) and per cloud, endpoint,
// subscription and scope, for the life of the process.
import type { CloudId } from '../cloudIds';
import type { AppSettings } from '../settings';
import { resolveCloudProfile, type CloudProfile } from './cloudProfile';

export interface ProfileSite {
  cloud: CloudId;
  subscriptionId: string;
  stamp?: string;
  armEndpoint?: string;
}

export type ProfileClientCache<T> = WeakMap<object, Map<string, T>>;

export async function clientsForProfile<T>(
  cache: ProfileClientCache<T>,
  site: ProfileSite,
  settings: AppSettings,
  build: (profile: CloudProfile, subscriptionId: string) => T,
): Promise<T> {
  const reference = {
    ...(site.stamp !== undefined ? { stamp: site.stamp } : {}),
    ...(site.armEndpoint !== undefined ? { armEndpoint: site.armEndpoint } : {}),
  };
  const profile = await resolveCloudProfile(site.cloud, reference, settings);
  let byKey = cache.get(profile.credential);
  if (!byKey) {
    byKey = new Map();
    cache.set(profile.credential, byKey);
  }
  const key = `${site.cloud}|${profile.armEndpoint}|${site.subscriptionId}|${profile.scope}`;
  const cached = byKey.get(key);
  if (cached) return cached;
  const clients = build(profile, site.subscriptionId);
  byKey.set(key, clients);
  return clients;
}
