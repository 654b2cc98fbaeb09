// Optional verification: Run Command on the Azure VM pings the Stack Hub VM's private IP across the tunnel, then a
// monitor polls the command's result. A tunnel that reads Connected but carries no traffic fails the run here. The
// tunnel's Connected events are handed over in the same round as the ping's start: the ping never waits for them.
import type * as df from 'durable-functions';
import type { PingResult } from '../activities/contracts';
import type { SiteReady } from '../lib/api/connectionStatus';
import type { PairPlan } from '../lib/plan/types';
import type { Orchestration } from './orchestrationTypes';
import { pingFromVm } from './pingVm';
import type { EventPublish } from './publishEvents';
import { siteTargetFor } from './siteTargets';
import { failStage, finishStage, startStage } from './stageMap';
import type { PairStatus } from './statusTypes';
import { WorkflowFailedError } from './workflowFailedError';

/** The cloud whose VM runs the ping; the other one's VM is the target. */
const PING_FROM = 'azure' as const;
const PING_TO = 'azureStack' as const;

export function* verifyConnectivity(
  context: df.OrchestrationContext,
  plan: PairPlan,
  sites: Record<'azure' | 'azureStack', SiteReady>,
  status: PairStatus,
  publishStatus: () => void,
  handOver: readonly EventPublish[] = [],
): Orchestration<PingResult> {
  const now = (): Date => context.df.currentUtcDateTime;
  const target = siteTargetFor(plan, PING_FROM);
  const site = { cloud: PING_FROM, stage: 'verify' as const };
  startStage(status.stages[PING_FROM], 'verify', now());
  status.verify = { state: 'running' };
  publishStatus();

  const result = yield* pingFromVm(
    context,
    { target, virtualMachineId: sites[PING_FROM].vmId, targetIp: sites[PING_TO].vmPrivateIp, site },
    handOver,
    (eventIds) => status.events.push(...eventIds),
  );

  status.verify = {
    state: result.reachable ? 'succeeded' : 'failed',
    reachable: result.reachable === true,
    ...(result.packetsSent !== undefined ? { packetsSent: result.packetsSent } : {}),
    ...(result.packetsReceived !== undefined ? { packetsReceived: result.packetsReceived } : {}),
  };
  if (!result.reachable) {
    failStage(status.stages[PING_FROM], 'verify', now(), 'unreachable');
    publishStatus();
    const replies = `${result.packetsReceived ?? 0}/${result.packetsSent ?? 0} replies`;
    throw new WorkflowFailedError({
      ...site,
      code: 'PingFailed',
      message: `the ${PING_FROM} VM could not ping ${sites[PING_TO].vmPrivateIp} across the tunnel (${replies})`,
      hint: "the tunnel reads Connected but ICMP did not cross: check the NSGs and the VMs' firewalls, then rerun",
    });
  }
  finishStage(status.stages[PING_FROM], 'verify', now(), sites[PING_FROM].vmId);
  publishStatus();
  return result;
}
