// Tears a connection down: both clouds in parallel (teardownSite children) delete the resources tagged for it,
// then Teardown.Completed is published with the deleted ids. Input: the versioned plan or its targets. Deterministic.
import type * as df from 'durable-functions';
import type { SiteTarget } from '../activities/contracts';
import type { FailureInfo } from '../lib/api/connectionStatus';
import { CLOUD_IDS, isCloudId, type CloudId } from '../lib/cloudIds';
import { EVENT_TYPES } from '../lib/events';
import { pairPlanOf, siteNamesOf } from '../lib/plan/pairs';
import { DEFAULT_SITE_NAME } from '../lib/plan/types';
import { awaitMonitorStopped } from './monitorStop';
import { setStatus } from './customStatus';
import { failureOf } from './failures';
import { ORCHESTRATION, teardownSiteInstanceId } from './names';
import {
  outcomeFailures,
  type Orchestration,
  type TeardownInput,
  type TeardownSiteOutcome,
  type TeardownSummary,
} from './orchestrationTypes';
import { readPlanEnvelope } from './planInput';
import { publishEvent } from './publishEvents';
import { settleAll } from './settleAll';
import { siteTargetsFor } from './siteTargets';
import type { TeardownStatus } from './statusTypes';
import { WorkflowFailedError } from './workflowFailedError';

export function* teardownHybridConnectionOrchestrator(
  context: df.OrchestrationContext,
): Orchestration<TeardownSummary> {
  const status: TeardownStatus = {
    kind: 'teardown',
    clouds: { azure: { state: 'running', deleted: [] }, azureStack: { state: 'running', deleted: [] } },
    events: [],
  };
  const publishStatus = (): void => setStatus(context, status);
  const input = context.df.getInput<TeardownInput>();
  const resolved = resolveTeardownInput(input);
  if (!resolved.ok) {
    status.error = resolved.failure;
    publishStatus();
    throw new WorkflowFailedError(resolved.failure);
  }
  const { name, targets } = resolved;
  publishStatus();
  yield* awaitMonitorStopped(context, name);

  const settled = yield* settleAll(
    context,
    CLOUD_IDS.map((cloud) =>
      context.df.callSubOrchestrator(
        ORCHESTRATION.teardownSite,
        { target: targets[cloud], ...(input.onlyIds !== undefined ? { onlyIds: input.onlyIds } : {}) },
        teardownSiteInstanceId(context.df.instanceId, cloud),
      ),
    ),
  );
  const outcomes = CLOUD_IDS.map((cloud, index): TeardownSiteOutcome => {
    const result = settled[index];
    if (result?.ok) return result.value as TeardownSiteOutcome;
    return { ok: false, cloud, deleted: [], failure: failureOf(result?.error, { cloud, stage: 'teardown' }) };
  });

  const deleted: Record<CloudId, string[]> = { azure: [], azureStack: [] };
  const failures: FailureInfo[] = [];
  for (const outcome of outcomes) {
    deleted[outcome.cloud] = outcome.deleted;
    status.clouds[outcome.cloud] = { state: outcome.ok ? 'succeeded' : 'failed', deleted: outcome.deleted };
    if (!outcome.ok) failures.push(...outcomeFailures(outcome));
  }
  // Both clouds' teardowns can fail: `error` is Azure's (call order), `errors` has both.
  const [firstFailure, ...moreFailures] = failures;
  if (firstFailure) {
    status.error = firstFailure;
    status.errors = failures;
    publishStatus();
    throw new WorkflowFailedError(firstFailure, moreFailures);
  }
  publishStatus();

  if (input.publishCompleted !== false) {
    const id = yield* publishEvent(context, { type: EVENT_TYPES.teardownCompleted, name, data: { deleted } });
    if (id !== undefined) status.events.push(id);
    publishStatus();
  }
  if (!context.df.isReplaying) {
    context.log(`teardown of ${name} deleted ${deleted.azure.length + deleted.azureStack.length} resources`);
  }
  return { name, deleted, events: status.events };
}

type ResolvedTeardown =
  { ok: true; name: string; targets: Record<CloudId, SiteTarget> } | { ok: false; failure: FailureInfo };

/** A plan is checked for version and shape, not re-validated (it derives the targets); targets must name both clouds. */
export function resolveTeardownInput(input: TeardownInput | null | undefined): ResolvedTeardown {
  if (input && 'plan' in input) {
    const read = readPlanEnvelope(input);
    if (!read.ok) return { ok: false, failure: { code: read.code, message: read.message } };
    const pair = pairPlanOf(read.plan, siteNamesOf(read.plan)[0] ?? DEFAULT_SITE_NAME);
    return { ok: true, name: read.plan.name, targets: siteTargetsFor(pair) };
  }
  if (input && 'targets' in input && typeof input.name === 'string' && hasBothTargets(input.targets)) {
    return { ok: true, name: input.name, targets: input.targets };
  }
  return {
    ok: false,
    failure: {
      code: 'InvalidTeardownInput',
      message: 'teardownHybridConnection needs {planVersion, plan} or {name, targets: {azure, azureStack}}',
    },
  };
}

function hasBothTargets(targets: unknown): targets is Record<CloudId, SiteTarget> {
  if (typeof targets !== 'object' || targets === null) return false;
  return CLOUD_IDS.every((cloud) => {
    const target = (targets as Record<string, unknown>)[cloud] as Partial<SiteTarget> | undefined;
    return typeof target === 'object' && target !== null && isCloudId(target.cloud) && target.cloud === cloud;
  });
}
