// `live` of `GET /api/connections/{name}?live=true`: both clouds of the connection read (activities/live) from the
// plan its run stored, through a cache shared by every request of the process. A plan that cannot be read gives both
// clouds an `error`: a live read never turns the status into a 5xx.
import { readLiveState } from '../../activities/live/readLiveState';
import type { ConnectionStatusBody, LiveCloudError, LiveState } from '../../lib/api/connectionStatus';
import { CLOUD_IDS } from '../../lib/cloudIds';
import { firstPairOf } from '../../lib/plan/pairs';
import { readProvisionInput } from '../../orchestrations/planInput';
import { siteTargetsFor } from '../../orchestrations/siteTargets';
import type { InstanceSnapshot } from '../instanceStore';
import { LiveStateCache } from './liveStateCache';

/** How long one read serves every page and script asking about the same connection (wall time: ARM's load). */
export const LIVE_STATE_TTL_MS = 10_000;

/** Adds `live` to a status: the provisioning instance (its input is the plan) and the status built from it. */
export type LiveStateSource = (provisioning: InstanceSnapshot, status: ConnectionStatusBody) => Promise<LiveState>;

/**
 * Live state through a cache shared by every request of this process: one read per connection per TTL, and one
 * read for any number of requests arriving while it runs. A change of the connection's run or teardown (its
 * phase or runtime statuses) reads again at once, so a deletion is never answered with the tunnel it removed.
 */
export function cachedLiveState(
  cache: LiveStateCache = new LiveStateCache({ ttlMs: LIVE_STATE_TTL_MS }),
  read: typeof readLiveState = readLiveState,
): LiveStateSource {
  return (provisioning, status) => {
    const stored = readProvisionInput(provisioning.input);
    if (!stored.ok) return Promise.resolve(unreadable(status.now, stored.message));
    const fingerprint = [
      provisioning.createdTime,
      provisioning.runtimeStatus,
      status.phase,
      status.teardown?.instanceId,
      status.teardown?.runtimeStatus,
    ].join('|');
    return cache.get(status.name, fingerprint, () => read(siteTargetsFor(firstPairOf(stored.plan)), status.now));
  };
}

function unreadable(readAt: string, message: string): LiveState {
  const error: LiveCloudError = { error: { code: 'StoredPlanInvalid', message } };
  const live = { readAt } as LiveState;
  for (const cloud of CLOUD_IDS) live[cloud] = error;
  return live;
}
