// `live` of `GET /api/connections/{name}?live=true`: both clouds of the connection read through their SDK clients,
// side by side, from the plan its run stored. A cloud whose read fails carries `error` {code, message} instead, and
// the other is still answered: a live read never turns the status into a 5xx.
import { siteOf } from '../../activities/shared/site';
import type { ConnectionStatusBody, LiveCloudError, LiveState } from '../../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { classifyArmError } from '../../lib/clouds';
import type { ResolvedPlan } from '../../lib/plan';
import { readProvisionInput } from '../../orchestrations/planInput';
import { siteTargetFor } from '../../orchestrations/siteTargets';
import type { InstanceSnapshot } from '../instanceStore';
import { LiveStateCache } from './liveStateCache';
import { readLiveCloud } from './readLiveCloud';

/** How long one read serves every page and script asking about the same connection (wall time: ARM's load). */
export const LIVE_STATE_TTL_MS = 10_000;

/** Adds `live` to a status: the provisioning instance (its input is the plan) and the status built from it. */
export type LiveStateSource = (provisioning: InstanceSnapshot, status: ConnectionStatusBody) => Promise<LiveState>;

/** The stage SDK failures are classified under; only their code and message are shown. */
const LIVE_READ_STAGE = 'tunnel';

/** Reads both clouds now; `readAt` is the server time of the request that read them. */
export async function readLiveState(plan: ResolvedPlan, readAt: string): Promise<LiveState> {
  const clouds = await Promise.all(CLOUD_IDS.map((cloud) => readCloud(plan, cloud)));
  const live = { readAt } as LiveState;
  CLOUD_IDS.forEach((cloud, index) => (live[cloud] = clouds[index]));
  return live;
}

async function readCloud(plan: ResolvedPlan, cloud: CloudId): Promise<LiveState[CloudId]> {
  try {
    return await readLiveCloud(siteOf(siteTargetFor(plan, cloud), LIVE_READ_STAGE));
  } catch (error) {
    const { details } = classifyArmError(error, { cloud, stage: LIVE_READ_STAGE });
    return { error: { code: details.code, message: details.armMessage ?? details.code } };
  }
}

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
    return cache.get(status.name, fingerprint, () => read(stored.plan, status.now));
  };
}

function unreadable(readAt: string, message: string): LiveState {
  const error: LiveCloudError = { error: { code: 'StoredPlanInvalid', message } };
  const live = { readAt } as LiveState;
  for (const cloud of CLOUD_IDS) live[cloud] = error;
  return live;
}
