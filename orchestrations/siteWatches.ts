// The watches of a site's two long writes, its VPN gateway and its VM, as the parent runs them once the site child
// has begun both: each polled on its own schedule from the moment it was begun, each with its own deadline. Pure
// builders and classifiers; the round engine (rounds.ts) does the polling.
import type * as df from 'durable-functions';
import { ACTIVITY, type GatewayState, type SiteTarget, type VirtualMachineState } from '../activities/contracts';
import { StageTimeoutError } from '../lib/errors';
import { siteProfile } from '../lib/sites/profiles';
import { armReadTask, operationOf, type CallSite } from './activityCalls';
import { failureFromArmDetails } from './failures';
import type { Verdict, Watch } from './monitor';
import type { BegunResource } from './orchestrationTypes';
import {
  VIRTUAL_MACHINE_TIMEOUT_MINUTES,
  addMinutes,
  gatewayPollInterval,
  nextPollAt,
  virtualMachinePollInterval,
} from './pollSchedules';
import { noteStage } from './stageMap';
import type { StageMap } from './statusTypes';

export function gatewayWatchKey(target: SiteTarget): string {
  return `gateway:${target.cloud}`;
}

export function virtualMachineWatchKey(target: SiteTarget): string {
  return `virtualMachine:${target.cloud}`;
}

export function gatewayWatch(
  context: df.OrchestrationContext,
  target: SiteTarget,
  begun: BegunResource,
  timeoutMinutes: number,
  stages: StageMap,
): Watch<GatewayState> {
  const site: CallSite = { cloud: target.cloud, stage: 'gateway' };
  const begunAt = new Date(begun.begunAt);
  const deadline = addMinutes(begunAt, timeoutMinutes);
  const interval = gatewayPollInterval(siteProfile(target.cloud).typicalDurations.gateway);
  // One the begin found built (a rerun adopting it) is read at once; one building is first read on its schedule, since
  // a read minutes into a build that takes tens of minutes only spends an ARM call.
  const firstPollAt = firstPollOf(begun, begunAt, deadline, interval);
  return {
    key: gatewayWatchKey(target),
    site,
    poll: () => armReadTask(context, ACTIVITY.getGatewayState, { target, id: begun.id, ...operationOf(begun) }),
    classify: (state) => classifyGateway(state, site),
    interval,
    startedAt: begunAt,
    firstPollAt,
    deadline,
    onTimeout: timeoutAt(site, deadline),
    onPoll: (state, verdict) => {
      if (verdict.kind === 'pending') noteStage(stages, 'gateway', verdict.detail ?? state.provisioningState);
    },
  };
}

export function virtualMachineWatch(
  context: df.OrchestrationContext,
  target: SiteTarget,
  begun: BegunResource,
): Watch<VirtualMachineState> {
  const site: CallSite = { cloud: target.cloud, stage: 'virtualMachine' };
  const begunAt = new Date(begun.begunAt);
  const deadline = addMinutes(begunAt, VIRTUAL_MACHINE_TIMEOUT_MINUTES);
  const interval = virtualMachinePollInterval(siteProfile(target.cloud).typicalDurations.virtualMachine);
  return {
    key: virtualMachineWatchKey(target),
    site,
    poll: () => armReadTask(context, ACTIVITY.getVirtualMachineState, { target, id: begun.id, ...operationOf(begun) }),
    classify: (state) => classifyVirtualMachine(state, site),
    interval,
    startedAt: begunAt,
    // Like a gateway's: one the begin found built is read at once, one building first on its schedule.
    firstPollAt: firstPollOf(begun, begunAt, deadline, interval),
    deadline,
    onTimeout: timeoutAt(site, deadline),
  };
}

/** A build's first read: at once when its begin found it built, else one interval into its schedule. */
function firstPollOf(
  begun: BegunResource,
  begunAt: Date,
  deadline: Date,
  interval: (elapsedMs: number) => number,
): Date {
  if (begun.provisioningState === 'Succeeded') return begunAt;
  return new Date(nextPollAt(begunAt.getTime(), begunAt.getTime(), deadline.getTime(), interval));
}

/** The error a build's watch ends with at its deadline, naming the last state it read. */
function timeoutAt(site: CallSite, deadline: Date): (last: { provisioningState: string } | undefined) => Error {
  return (last) =>
    new StageTimeoutError({
      ...site,
      deadline: deadline.toISOString(),
      ...(last ? { lastState: last.provisioningState } : {}),
    });
}

export function classifyGateway(state: GatewayState, site: CallSite): Verdict {
  switch (state.provisioningState) {
    case 'Succeeded':
      // A dynamic public IP (Stack Hub) gets its address only once the gateway is up; wait for it.
      return state.publicIpAddress
        ? { kind: 'done' }
        : { kind: 'pending', detail: 'Succeeded, waiting for its public IP' };
    case 'Failed':
      // getGatewayState answers a Failed gateway with {ok:false} and ARM's own code; this is only a fallback.
      return {
        kind: 'failed',
        failure: failureFromArmDetails({ ...site, code: 'VirtualNetworkGatewayProvisioningFailed' }),
      };
    case 'NotFound':
      return {
        kind: 'failed',
        failure: failureFromArmDetails({
          ...site,
          code: 'ResourceNotFound',
          hint: 'the gateway disappeared while it was being built (deleted by someone?): rerun to create it again',
        }),
      };
    default:
      return { kind: 'pending', detail: state.provisioningState };
  }
}

export function classifyVirtualMachine(state: VirtualMachineState, site: CallSite): Verdict {
  switch (state.provisioningState) {
    case 'Succeeded':
      return { kind: 'done' };
    case 'Failed':
      return {
        kind: 'failed',
        failure: failureFromArmDetails({
          ...site,
          code: 'VirtualMachineProvisioningFailed',
          hint: 'the VM failed to provision: check its boot diagnostics and the vm.size quota, then rerun',
        }),
      };
    case 'NotFound':
      return {
        kind: 'failed',
        failure: failureFromArmDetails({
          ...site,
          code: 'ResourceNotFound',
          hint: 'the VM disappeared while it was being built: rerun to create it again',
        }),
      };
    default:
      return { kind: 'pending', detail: state.provisioningState };
  }
}
