// One ping from a VM to a private address: Run Command starts `ping` on the VM (beginPing), a monitor polls its result
// (getPingResult) until it is done or PING_TIMEOUT_MINUTES passed. The hub VM pings each site's across its tunnel
// (verifyConnectivity); with transit, a site's VM pings another site's through the hub (verifyTransit). Events handed
// over go out in the same round as the ping's start. Deterministic: activities do the I/O.
import type * as df from 'durable-functions';
import { ACTIVITY, type PingHandle, type PingResult, type SiteTarget } from '../activities/contracts';
import { StageTimeoutError } from '../lib/errors';
import { armReadTask, armWriteTask, settledValue, type CallSite } from './activityCalls';
import { monitorOne } from './monitor';
import type { Orchestration } from './orchestrationTypes';
import { PING_POLL_MS, PING_TIMEOUT_MINUTES, addMinutes, fixedInterval } from './pollSchedules';
import { settleBesideEvents, type EventPublish } from './publishEvents';

export interface PingRequest {
  /** The side whose VM runs the ping (its cloud and, on the hub, the site it pings for). */
  target: SiteTarget;
  virtualMachineId: string;
  targetIp: string;
  /** Where its failures are reported (the stage is `verify`). */
  site: CallSite;
}

/**
 * Pings `request.targetIp` from the VM; `published` gets the ids of the events handed over, as soon as they went out
 * (before the wait for the result, so a failed wait still records them).
 */
export function* pingFromVm(
  context: df.OrchestrationContext,
  request: PingRequest,
  handOver: readonly EventPublish[],
  published: (eventIds: string[]) => void,
): Orchestration<PingResult> {
  const { target, site } = request;
  const begin = armWriteTask(context, ACTIVITY.beginPing, {
    target,
    virtualMachineId: request.virtualMachineId,
    targetIp: request.targetIp,
  });
  const { settled, eventIds } = yield* settleBesideEvents(context, [begin], handOver);
  published(eventIds);
  const handle = settledValue<PingHandle>(settled[0], site);
  const started = context.df.currentUtcDateTime;
  const deadline = addMinutes(started, PING_TIMEOUT_MINUTES);
  return yield* monitorOne<PingResult>(context, {
    key: 'ping',
    site,
    poll: () => armReadTask(context, ACTIVITY.getPingResult, { target, handle }),
    classify: (state) => (state.done ? { kind: 'done' } : { kind: 'pending', detail: 'running' }),
    interval: fixedInterval(PING_POLL_MS),
    startedAt: started,
    deadline,
    onTimeout: () => new StageTimeoutError({ ...site, deadline: deadline.toISOString(), lastState: 'running' }),
  });
}
