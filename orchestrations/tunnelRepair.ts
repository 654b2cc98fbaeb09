// One repair of one side by the health monitor: begin the reset the site profile names (beginRepair), then watch
// the reset resource settle with durable timers (getResourceState), never waiting inside an activity. Returns the
// RepairAttempt as the status and the RepairAttempted event report it.
import type * as df from 'durable-functions';
import { ACTIVITY, type RepairStarted, type ResourceState, type SiteTarget } from '../activities/contracts';
import type { FailureInfo, RepairAttempt } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import { siteProfile } from '../lib/sites/profiles';
import { armReadTask, callArmWrite, settledValue, type CallSite } from './activityCalls';
import { settleAll } from './settleAll';
import { failureOf } from './failures';
import type { Orchestration } from './orchestrationTypes';

/** How often a reset is looked at, and for how long, before the attempt counts as failed. */
export const REPAIR_POLL_MS = 30_000;
export const REPAIR_MAX_POLLS = 40;

export interface RepairRequest {
  cloud: CloudId;
  target: SiteTarget;
  connectionId: string;
  attempt: number;
}

export function* repairSide(context: df.OrchestrationContext, request: RepairRequest): Orchestration<RepairAttempt> {
  const { cloud, target, connectionId, attempt } = request;
  const site: CallSite = { cloud, stage: 'tunnel' };
  const at = context.df.currentUtcDateTime.toISOString();
  const base = { at, cloud, attempt, action: siteProfile(cloud).repairAction };
  const failed = (error: FailureInfo): RepairAttempt => ({ ...base, outcome: 'failed', error });
  let started: RepairStarted;
  try {
    started = yield* callArmWrite(context, ACTIVITY.beginRepair, { target, connectionId }, site);
  } catch (error) {
    return failed(failureOf(error, site));
  }
  for (let poll = 0; poll < REPAIR_MAX_POLLS; poll += 1) {
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + REPAIR_POLL_MS));
    let state: ResourceState;
    try {
      const [settled] = yield* settleAll(context, [
        armReadTask(context, ACTIVITY.getResourceState, { target, id: started.resourceId }),
      ]);
      state = settledValue<ResourceState>(settled, site);
    } catch {
      // A read that kept failing teaches nothing: look again at the next poll.
      continue;
    }
    if (!state.exists) {
      return failed({ ...site, code: 'RepairTargetGone', message: `${started.resourceId} no longer exists` });
    }
    const provisioning = state.provisioningState ?? 'Succeeded';
    if (provisioning === 'Succeeded') return { ...base, action: started.action, outcome: 'succeeded' };
    if (provisioning === 'Failed') {
      return failed({ ...site, code: 'RepairFailed', message: `the reset of ${started.resourceId} ended Failed` });
    }
  }
  return failed({
    ...site,
    code: 'RepairTimedOut',
    message: `the reset of ${started.resourceId} did not finish within ${(REPAIR_POLL_MS * REPAIR_MAX_POLLS) / 60_000} minutes`,
  });
}
