// Sub-orchestration that deletes one side's managed resources: lists what carries this connection's tags (on the hub,
// optionally only what it holds of one site), then deletes them in the order given (dependents first), a kind at a
// time: the resources of one kind (a fleet hub's connections, say) go in parallel, each watched with durable timers
// until it is gone. Completes with a failed outcome rather than failing, so the parent learns what was deleted.
import type * as df from 'durable-functions';
import { ACTIVITY, type ResourceState, type SiteTarget } from '../activities/contracts';
import type { FailureInfo } from '../lib/api/connectionStatus';
import { StageTimeoutError } from '../lib/errors';
import { armReadTask, armWriteTask, settledValue, type CallSite } from './activityCalls';
import { setStatus } from './customStatus';
import { failureFromArmDetails, failuresOf } from './failures';
import { monitorAll, watchOf, type Verdict, type Watch } from './monitor';
import type { Orchestration, TeardownSiteInput, TeardownSiteOutcome } from './orchestrationTypes';
import { DELETE_POLL_MS, DELETE_TIMEOUT_MINUTES, addMinutes, fixedInterval } from './pollSchedules';
import { settleAll } from './settleAll';
import type { TeardownCloudStatus, TeardownStatus } from './statusTypes';
import { WorkflowFailedError } from './workflowFailedError';

export function* teardownSiteOrchestrator(context: df.OrchestrationContext): Orchestration<TeardownSiteOutcome> {
  const { target, onlyIds, onlySite } = context.df.getInput<TeardownSiteInput>();
  const cloud = target.cloud;
  const site: CallSite = { cloud, stage: 'teardown' };
  const progress: TeardownCloudStatus = { state: 'running', deleted: [] };
  const status: TeardownStatus = { kind: 'teardown', clouds: { [cloud]: progress }, events: [] };
  const publishStatus = (): void => setStatus(context, status);
  publishStatus();

  try {
    const [listed] = yield* settleAll(context, [
      armWriteTask(context, ACTIVITY.listManagedResources, {
        target,
        ...(onlySite !== undefined ? { onlySite } : {}),
      }),
    ]);
    const managed = settledValue<{ deleteOrder: string[] }>(listed, site);
    const ids = selectIds(managed.deleteOrder, onlyIds);
    progress.total = ids.length;
    publishStatus();

    for (const group of byKind(ids)) {
      progress.current = group[0];
      publishStatus();
      yield* deleteGroup(context, target, group, site);
      progress.deleted.push(...group);
      delete progress.current;
      publishStatus();
    }
    progress.state = 'succeeded';
    publishStatus();
    return { ok: true, cloud, deleted: progress.deleted };
  } catch (error) {
    const failures = failuresOf(error, site);
    progress.state = 'failed';
    status.error = failures[0];
    status.errors = failures;
    publishStatus();
    return { ok: false, cloud, deleted: progress.deleted, failure: failures[0], failures };
  }
}

/** Begins deleting every resource of one kind at once, then watches them all until each is gone. */
function* deleteGroup(
  context: df.OrchestrationContext,
  target: SiteTarget,
  ids: readonly string[],
  site: CallSite,
): Orchestration<void> {
  const begun = yield* settleAll(
    context,
    ids.map((id) => armWriteTask(context, ACTIVITY.beginDeleteResource, { target, id })),
  );
  const failures: FailureInfo[] = [];
  for (const settled of begun) {
    try {
      settledValue<ResourceState>(settled, site);
    } catch (error) {
      failures.push(...failuresOf(error, site));
    }
  }
  const [failure, ...also] = failures;
  if (failure) throw new WorkflowFailedError(failure, also);
  const started = context.df.currentUtcDateTime;
  const deadline = addMinutes(started, DELETE_TIMEOUT_MINUTES);
  yield* monitorAll(
    context,
    ids.map((id) => {
      const watch: Watch<ResourceState> = {
        key: id,
        site,
        poll: () => armReadTask(context, ACTIVITY.getResourceState, { target, id }),
        classify: (state) => classifyDeletion(state, site),
        interval: fixedInterval(DELETE_POLL_MS),
        startedAt: started,
        deadline,
        onTimeout: (last) =>
          new StageTimeoutError({
            ...site,
            deadline: deadline.toISOString(),
            lastState: `${lastSegments(id)} ${last?.provisioningState ?? 'still exists'}`,
          }),
      };
      return watchOf(watch);
    }),
  );
}

/**
 * The ids in their order, in runs of one ARM type: what can go together (a fleet hub's connections, then its local
 * network gateways). Consecutive only, so the dependents-first order holds between the runs.
 */
export function byKind(ids: readonly string[]): string[][] {
  const groups: string[][] = [];
  let type: string | undefined;
  for (const id of ids) {
    const kind = typeOf(id);
    const last = groups.at(-1);
    if (last !== undefined && kind === type) last.push(id);
    else groups.push([id]);
    type = kind;
  }
  return groups;
}

/** An ARM id's type (`microsoft.network/connections`), the group's own for a group id; any other id is its own. */
function typeOf(id: string): string {
  const parts = id.toLowerCase().split('/');
  if (parts.length === 5 && parts[3] === 'resourcegroups') return 'resourcegroups';
  return parts.length >= 9 && parts[5] === 'providers' ? `${parts[6] ?? ''}/${parts[7] ?? ''}` : id;
}

/** Keeps the listed order; with `onlyIds`, only those ids (ARM ids compare case-insensitively). */
export function selectIds(deleteOrder: readonly string[], onlyIds: readonly string[] | undefined): string[] {
  if (onlyIds === undefined) return [...deleteOrder];
  const wanted = new Set(onlyIds.map((id) => id.toLowerCase()));
  return deleteOrder.filter((id) => wanted.has(id.toLowerCase()));
}

export function classifyDeletion(state: ResourceState, site: CallSite): Verdict {
  if (!state.exists) return { kind: 'done' };
  if (state.provisioningState === 'Failed') {
    return {
      kind: 'failed',
      failure: failureFromArmDetails({
        ...site,
        code: 'DeleteFailed',
        hint: 'the resource could not be deleted: check what still depends on it, then run DELETE again',
      }),
    };
  }
  return { kind: 'pending', detail: state.provisioningState ?? 'Deleting' };
}

function lastSegments(id: string): string {
  return id.split('/').slice(-2).join('/');
}
