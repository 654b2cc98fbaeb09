// Removing sites from a connection without touching the rest: a replacing run removes the sites that left its plan,
// and a failed replacing run rolls back the sites it added. For each site, two teardownSite children in parallel:
// on the hub only what it holds of that site (its local network gateway and connection, never the hub's own
// resources or another site's), and everything of ours in the site's stamp group. Deterministic.
import type * as df from 'durable-functions';
import type { FailureInfo } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import type { ResolvedAzureStackSite, ResolvedPlan } from '../lib/plan/types';
import { failureOf } from './failures';
import { ORCHESTRATION, siteRemovalInstanceId } from './names';
import { outcomeFailures, type TeardownSiteInput, type TeardownSiteOutcome } from './orchestrationTypes';
import { siteFailure } from './pairFailures';
import type { Settled } from './settleAll';
import { hubTargetFor, siteTargetFor } from './siteTargets';

/** One site's removal once both its children ended: what each side deleted, and its failures naming the site. */
export interface SiteRemoval {
  site: string;
  ok: boolean;
  deleted: Record<CloudId, string[]>;
  failures: FailureInfo[];
}

/** The children that remove `sites` (two per site, hub side first): settle them with the run's other tasks. */
export function siteRemovalTasks(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  sites: readonly ResolvedAzureStackSite[],
  purpose: 'remove' | 'rollback',
): df.Task[] {
  return sites.flatMap((site) =>
    CLOUD_IDS.map((cloud) => {
      const pair = { ...plan, azureStack: site };
      const input: TeardownSiteInput =
        cloud === 'azure'
          ? { target: hubTargetFor(plan), onlySite: site.name }
          : { target: siteTargetFor(pair, 'azureStack') };
      return context.df.callSubOrchestrator(
        ORCHESTRATION.teardownSite,
        input,
        siteRemovalInstanceId(plan.name, purpose, site.name, cloud),
      );
    }),
  );
}

/** The removals of `sites` from their children's settled results, in the order siteRemovalTasks made them. */
export function siteRemovalsOf(sites: readonly ResolvedAzureStackSite[], settled: readonly Settled[]): SiteRemoval[] {
  return sites.map((site, index) => {
    const removal: SiteRemoval = { site: site.name, ok: true, deleted: { azure: [], azureStack: [] }, failures: [] };
    CLOUD_IDS.forEach((cloud, offset) => {
      const outcome = outcomeOf(settled[index * CLOUD_IDS.length + offset], cloud);
      removal.deleted[cloud] = outcome.deleted;
      if (outcome.ok) return;
      removal.ok = false;
      removal.failures.push(...outcomeFailures(outcome).map((failure) => siteFailure(failure, site.name)));
    });
    return removal;
  });
}

function outcomeOf(settled: Settled | undefined, cloud: CloudId): TeardownSiteOutcome {
  if (settled?.ok) return settled.value as TeardownSiteOutcome;
  return { ok: false, cloud, deleted: [], failure: failureOf(settled?.error, { cloud, stage: 'teardown' }) };
}
