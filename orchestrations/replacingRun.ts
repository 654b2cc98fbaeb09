// What a replacing run (`PUT /api/connections/{name}`) does beside a first run's steps: its change as the status and
// the events name it, its own event ids (one revision each), the removals' outcomes into the status, the rollback of
// only the sites it added, and the health monitor of the staying sites given back when it fails. Deterministic.
import type * as df from 'durable-functions';
import type { FailureInfo, PlanChangeStatus } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import type { PlanChangeSummary } from '../lib/events';
import type { PlanChange, ResolvedPlan } from '../lib/plan/types';
import { healthMonitorStep } from './monitorStart';
import { siteRemovalInstanceId } from './names';
import type { Orchestration } from './orchestrationTypes';
import { settleAll } from './settleAll';
import { siteRemovalsOf, siteRemovalTasks, type SiteRemoval } from './siteRemovals';
import type { ConnectionStatus } from './statusTypes';

/** What a run did that its failure path needs: whether it stopped the monitor, and the connections of each site linked. */
export interface RunProgress {
  monitorStopped: boolean;
  linked: Record<string, Record<CloudId, string>>;
}

/** Starts the health monitor of `connections` (by site) again; like the start after a success, it never fails the run. */
export function* restartMonitor(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  connections: Record<string, Record<CloudId, string>>,
): Orchestration<void> {
  const step = healthMonitorStep(context, plan, connections);
  if (step === undefined) return;
  const [settled] = yield* settleAll(context, [step.call]);
  step.settle(settled);
}

/**
 * options.onFailure 'rollback' of a replacing run: tears down the sites it added (what the hub holds of each, and its
 * stamp), never the hub or a site that was there before the run.
 */
export function* rollbackAdded(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  change: PlanChange,
  status: ConnectionStatus,
  publishStatus: () => void,
): Orchestration<void> {
  const added = plan.azureStack.filter((site) => change.added.includes(site.name));
  const [first] = added;
  if (first === undefined) return;
  const instanceId = siteRemovalInstanceId(plan.name, 'rollback', first.name, 'azure');
  status.rollback = { state: 'running', instanceId };
  publishStatus();
  const settled = yield* settleAll(context, siteRemovalTasks(context, plan, added, 'rollback'));
  const ok = siteRemovalsOf(added, settled).every((removal) => removal.ok);
  status.rollback = { state: ok ? 'succeeded' : 'failed', instanceId };
  publishStatus();
}

/** A replacing run's Started, Succeeded and Failed carry their own ids: the first run's are occurrence 1. */
export function revisionSequence(change: PlanChange | undefined): { sequence?: number } {
  return change !== undefined ? { sequence: change.revision + 1 } : {};
}

/** A replacing run's change as its Started and Succeeded events name it (site names). */
export function changeData(change: PlanChange | undefined): { change?: PlanChangeSummary } {
  if (change === undefined) return {};
  return {
    change: { added: change.added, removed: change.removed.map((site) => site.name), unchanged: change.unchanged },
  };
}

/** A replacing run's change as its status shows it: site names only (the removed sites' details stay in the input). */
export function changeStatusOf(change: PlanChange): PlanChangeStatus {
  return {
    added: [...change.added],
    removed: change.removed.map((site) => site.name),
    unchanged: [...change.unchanged],
    removals: {},
  };
}

/** The removals ended: each into the status; their failures (each naming its site) after the links'. */
export function recordRemovals(status: ConnectionStatus, removals: readonly SiteRemoval[]): FailureInfo[] {
  const failures: FailureInfo[] = [];
  for (const removal of removals) {
    if (status.change) {
      status.change.removals[removal.site] = { state: removal.ok ? 'succeeded' : 'failed', deleted: removal.deleted };
    }
    failures.push(...removal.failures);
  }
  if (failures.length > 0) {
    status.errors = [...(status.errors ?? []), ...failures];
    status.error = status.errors[0];
  }
  return failures;
}
