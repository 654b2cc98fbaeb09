// Tears a connection down: the hub and every site's stamp in parallel (teardownSite children) delete the resources
// tagged for it, then Teardown.Completed is published with the deleted ids. On the hub, what it holds of each site
// (its local network gateways and connections) goes first and its shared resources last, the listing's order; the
// stamps are each in their own group. Input: the versioned plan or its targets. Deterministic.
import type * as df from 'durable-functions';
import type { SiteTarget } from '../activities/contracts';
import type { FailureInfo } from '../lib/api/connectionStatus';
import { CLOUD_IDS, isCloudId, type CloudId } from '../lib/cloudIds';
import { EVENT_TYPES } from '../lib/events';
import { pairPlansOf } from '../lib/plan/pairs';
import { DEFAULT_SITE_NAME } from '../lib/plan/types';
import { awaitMonitorStopped } from './monitorStop';
import { setStatus } from './customStatus';
import { failureOf } from './failures';
import { ORCHESTRATION, teardownSiteInstanceId, teardownStampInstanceId } from './names';
import {
  outcomeFailures,
  type Orchestration,
  type TeardownInput,
  type TeardownSiteOutcome,
  type TeardownSummary,
} from './orchestrationTypes';
import { siteFailure } from './pairFailures';
import { readPlanEnvelope } from './planInput';
import { publishEvent } from './publishEvents';
import { settleAll } from './settleAll';
import { hubTargetFor, siteTargetFor } from './siteTargets';
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
  const { name, hub, stamps } = resolved;
  // A fleet (or a site with a name of its own) reports each site; a single site azurestack as before fleets.
  const named = stamps.length > 1 || stamps.some((stamp) => stamp.site !== DEFAULT_SITE_NAME);
  if (named) status.sites = Object.fromEntries(stamps.map(({ site }) => [site, { state: 'running', deleted: [] }]));
  publishStatus();
  yield* awaitMonitorStopped(context, name);

  const only = input.onlyIds !== undefined ? { onlyIds: input.onlyIds } : {};
  const settled = yield* settleAll(context, [
    context.df.callSubOrchestrator(
      ORCHESTRATION.teardownSite,
      { target: hub, ...only },
      teardownSiteInstanceId(context.df.instanceId, 'azure'),
    ),
    ...stamps.map(({ site, target }) =>
      context.df.callSubOrchestrator(
        ORCHESTRATION.teardownSite,
        { target, ...only },
        teardownStampInstanceId(context.df.instanceId, site),
      ),
    ),
  ]);
  const outcomeOf = (index: number, cloud: CloudId): TeardownSiteOutcome => {
    const result = settled[index];
    if (result?.ok) return result.value as TeardownSiteOutcome;
    return { ok: false, cloud, deleted: [], failure: failureOf(result?.error, { cloud, stage: 'teardown' }) };
  };

  const hubOutcome = outcomeOf(0, 'azure');
  const siteOutcomes = stamps.map(({ site }, index) => ({ site, outcome: outcomeOf(index + 1, 'azureStack') }));
  const deleted: Record<CloudId, string[]> = { azure: hubOutcome.deleted, azureStack: [] };
  const sites: Record<string, string[]> = {};
  status.clouds.azure = { state: hubOutcome.ok ? 'succeeded' : 'failed', deleted: hubOutcome.deleted };
  // The hub's failures first (the clouds' order), then each site's in plan order, each naming its site.
  const failures: FailureInfo[] = hubOutcome.ok ? [] : [...outcomeFailures(hubOutcome)];
  siteOutcomes.forEach(({ site, outcome }, index) => {
    const progress = { state: outcome.ok ? 'succeeded' : 'failed', deleted: outcome.deleted } as const;
    sites[site] = outcome.deleted;
    if (status.sites) status.sites[site] = progress;
    if (index === 0) {
      deleted.azureStack = outcome.deleted;
      status.clouds.azureStack = progress;
    }
    if (!outcome.ok)
      failures.push(...outcomeFailures(outcome).map((failure) => (named ? siteFailure(failure, site) : failure)));
  });
  const [firstFailure, ...moreFailures] = failures;
  if (firstFailure) {
    status.error = firstFailure;
    status.errors = failures;
    publishStatus();
    throw new WorkflowFailedError(firstFailure, moreFailures);
  }
  publishStatus();

  if (input.publishCompleted !== false) {
    const id = yield* publishEvent(context, {
      type: EVENT_TYPES.teardownCompleted,
      name,
      data: { deleted, ...(named ? { sites } : {}) },
    });
    if (id !== undefined) status.events.push(id);
    publishStatus();
  }
  if (!context.df.isReplaying) {
    const count = deleted.azure.length + Object.values(sites).reduce((sum, ids) => sum + ids.length, 0);
    context.log(`teardown of ${name} deleted ${count} resources`);
  }
  return { name, deleted, ...(named ? { sites } : {}), events: status.events };
}

/** Where a teardown deletes: the hub's shared target (everything of ours there) and each site's stamp. */
type ResolvedTeardown =
  | { ok: true; name: string; hub: SiteTarget; stamps: { site: string; target: SiteTarget }[] }
  | { ok: false; failure: FailureInfo };

/** A plan is checked for version and shape, not re-validated (it derives the targets); targets must name both clouds. */
export function resolveTeardownInput(input: TeardownInput | null | undefined): ResolvedTeardown {
  if (input && 'plan' in input) {
    const read = readPlanEnvelope(input);
    if (!read.ok) return { ok: false, failure: { code: read.code, message: read.message } };
    const stamps = pairPlansOf(read.plan).map((pair) => ({
      site: pair.azureStack.name,
      target: siteTargetFor(pair, 'azureStack'),
    }));
    return { ok: true, name: read.plan.name, hub: hubTargetFor(read.plan), stamps };
  }
  if (input && 'targets' in input && typeof input.name === 'string' && hasBothTargets(input.targets)) {
    const { azure, azureStack } = input.targets;
    return {
      ok: true,
      name: input.name,
      hub: azure,
      stamps: [{ site: azureStack.site ?? DEFAULT_SITE_NAME, target: azureStack }],
    };
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
