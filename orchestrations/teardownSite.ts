// Sub-orchestration that deletes one cloud's managed resources: lists what carries this connection's tags, then
// deletes each in the order given (dependents first), waiting with durable timers until each is gone.
// Completes with a failed outcome rather than failing, so the parent learns what was deleted before the failure.
import type * as df from 'durable-functions';
import { ACTIVITY, type ResourceState } from '../activities/contracts';
import { StageTimeoutError } from '../lib/errors';
import { armReadTask, callArmWrite, type CallSite } from './activityCalls';
import { setStatus } from './customStatus';
import { failureFromArmDetails, failuresOf } from './failures';
import { monitorOne, type Verdict } from './monitor';
import type { Orchestration, TeardownSiteInput, TeardownSiteOutcome } from './orchestrationTypes';
import { DELETE_POLL_MS, DELETE_TIMEOUT_MINUTES, addMinutes, fixedInterval } from './pollSchedules';
import type { TeardownCloudStatus, TeardownStatus } from './statusTypes';

export function* teardownSiteOrchestrator(context: df.OrchestrationContext): Orchestration<TeardownSiteOutcome> {
  const { target, onlyIds } = context.df.getInput<TeardownSiteInput>();
  const cloud = target.cloud;
  const site: CallSite = { cloud, stage: 'teardown' };
  const progress: TeardownCloudStatus = { state: 'running', deleted: [] };
  const status: TeardownStatus = { kind: 'teardown', clouds: { [cloud]: progress }, events: [] };
  const publishStatus = (): void => setStatus(context, status);
  publishStatus();

  try {
    const managed = yield* callArmWrite(context, ACTIVITY.listManagedResources, { target }, site);
    const ids = selectIds(managed.deleteOrder, onlyIds);
    progress.total = ids.length;
    publishStatus();

    for (const id of ids) {
      progress.current = id;
      publishStatus();
      yield* callArmWrite(context, ACTIVITY.beginDeleteResource, { target, id }, site);
      const started = context.df.currentUtcDateTime;
      const deadline = addMinutes(started, DELETE_TIMEOUT_MINUTES);
      yield* monitorOne<ResourceState>(context, {
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
      });
      progress.deleted.push(id);
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
