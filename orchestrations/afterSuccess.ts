// The provisioning run's last round, once the tunnel is up (and pinged): Provisioning.Succeeded (with any events an
// earlier step handed over), the start of the health monitor and of the key schedule, all in ONE round. None of them
// depends on another, and none can fail the run, so none waits for another.
import type * as df from 'durable-functions';
import type { CloudId } from '../lib/cloudIds';
import type { ResolvedPlan } from '../lib/plan/types';
import { keyScheduleStep } from './keySchedule';
import { healthMonitorStep } from './monitorStart';
import type { Orchestration } from './orchestrationTypes';
import { settleBesideEvents, type EventPublish } from './publishEvents';
import type { RetriedCall, Settled } from './settleAll';

/** One call of the last round, and what to make of how it settled: it never fails the run. */
export interface AfterSuccessStep {
  call: RetriedCall;
  settle: (settled: Settled | undefined) => void;
}

/** Runs the last round; returns the ids of the events handed over, in the order given. */
export function* afterSuccess(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  connections: Readonly<Record<string, Record<CloudId, string>>>,
  firstSite: Record<CloudId, string>,
  publishes: readonly EventPublish[],
): Orchestration<string[]> {
  const steps = [
    healthMonitorStep(context, plan, connections),
    keyScheduleStep(context, plan, connections, firstSite),
  ].filter((step): step is AfterSuccessStep => step !== undefined);
  const { settled, eventIds } = yield* settleBesideEvents(
    context,
    steps.map((step) => step.call),
    publishes,
  );
  for (const [index, step] of steps.entries()) step.settle(settled[index]);
  return eventIds;
}
