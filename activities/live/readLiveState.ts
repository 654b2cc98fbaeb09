// Both sites of a connection as ARM answers now, read side by side through their SDK clients. Not an activity (the
// HTTP API reads it, no orchestration runs it): the read half of what the activities write, on the same SiteTargets.
// A cloud whose read fails carries `error` {code, message} instead, and the other is still answered.
import type { LiveState } from '../../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { classifyArmError } from '../../lib/clouds';
import type { SiteTarget } from '../contracts';
import { siteOf } from '../shared/site';
import { readLiveCloud } from './readLiveCloud';

/** The stage SDK failures are classified under; only their code and message are shown. */
const LIVE_READ_STAGE = 'tunnel';

/** Reads both clouds now; `readAt` is the server time of the request that read them. */
export async function readLiveState(targets: Record<CloudId, SiteTarget>, readAt: string): Promise<LiveState> {
  const clouds = await Promise.all(CLOUD_IDS.map((cloud) => readCloud(targets[cloud])));
  const live = { readAt } as LiveState;
  CLOUD_IDS.forEach((cloud, index) => (live[cloud] = clouds[index]));
  return live;
}

async function readCloud(target: SiteTarget): Promise<LiveState[CloudId]> {
  try {
    return await readLiveCloud(siteOf(target, LIVE_READ_STAGE));
  } catch (error) {
    const { details } = classifyArmError(error, { cloud: target.cloud, stage: LIVE_READ_STAGE });
    return { error: { code: details.code, message: details.armMessage ?? details.code } };
  }
}
