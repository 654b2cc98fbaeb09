// Sub-orchestration `hc-<name>:link-<site>`: one site's tunnel to the hub, once the hub's and the site's provisionSite
// children have begun their builds. It watches both sides' builds and links them as each input is known
// (buildAndLink), waits for the tunnel (waitForTunnel) and pings the site's VM from the hub's (verifyConnectivity),
// publishing the site's events (and, in the first site's link, the hub's Gateway.Ready and Site.Ready). A fleet runs
// one per site, in parallel. It completes with an outcome rather than failing, so the run waits for every site and
// reports each site's failure. Deterministic: activities do the I/O.
import type * as df from 'durable-functions';
import type { PingResult } from '../activities/contracts';
import type { FailureInfo } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import type { PairPlan } from '../lib/plan/types';
import { buildAndLink, type BuiltSites } from './buildAndLink';
import { waitForTunnel } from './connectSites';
import { setStatus } from './customStatus';
import { failuresOf } from './failures';
import type { Orchestration, SiteOutcome } from './orchestrationTypes';
import { settleBesideEvents } from './publishEvents';
import { blame, markStopped } from './pairFailures';
import type { LinkStatus } from './statusTypes';
import { verifyConnectivity } from './verifyConnectivity';

/** The input of `linkSite`: the pair, what its two provisionSite children began, and whether it announces the hub. */
export interface LinkSiteInput {
  plan: PairPlan;
  /** `azure`: the hub's provisionSite outcome; `azureStack`: this site's. */
  outcomes: Record<CloudId, SiteOutcome>;
  /** Publish the hub's Gateway.Ready and Site.Ready (the fleet's first site's link does). */
  announceHub: boolean;
}

/** What a link ends with: its last status, and what it built, or every failure (`failures[0]` first). */
export type LinkOutcome =
  | {
      ok: true;
      site: string;
      status: LinkStatus;
      built: BuiltSites & { connectionStatus: Record<CloudId, string> };
      ping?: PingResult;
    }
  | { ok: false; site: string; status: LinkStatus; failures: [FailureInfo, ...FailureInfo[]] };

export function* linkSiteOrchestrator(context: df.OrchestrationContext): Orchestration<LinkOutcome> {
  const { plan, outcomes, announceHub } = context.df.getInput<LinkSiteInput>();
  const site = plan.azureStack.name;
  const status: LinkStatus = {
    kind: 'link',
    site,
    phase: 'sites',
    stages: { azure: { ...outcomes.azure.stages }, azureStack: { ...outcomes.azureStack.stages } },
    tunnel: { state: 'pending' },
    verify: { state: 'pending' },
    events: [],
  };
  for (const cloud of ['azure', 'azureStack'] as const) {
    const outcome = outcomes[cloud];
    if (outcome.ok) status.addresses = { ...status.addresses, [cloud]: { vmPrivateIp: outcome.started.vmPrivateIp } };
  }
  const publishStatus = (): void => setStatus(context, status);
  publishStatus();

  try {
    const built = yield* buildAndLink(context, plan, outcomes, status, publishStatus, announceHub);
    const tunnel = yield* waitForTunnel(context, plan, built.connections, status, publishStatus);
    const { connectionStatus } = tunnel;
    // The tunnel's Connected events go out beside the ping's start, or on their own when there is no ping.
    let ping: PingResult | undefined;
    if (plan.options.verifyConnectivity) {
      status.phase = 'verify';
      ping = yield* verifyConnectivity(context, plan, built.sites, status, publishStatus, tunnel.connectedEvents);
    } else {
      status.verify = { state: 'skipped' };
      const { eventIds } = yield* settleBesideEvents(context, [], tunnel.connectedEvents);
      status.events.push(...eventIds);
    }
    status.phase = 'succeeded';
    publishStatus();
    return { ok: true, site, status, built: { ...built, connectionStatus }, ...(ping ? { ping } : {}) };
  } catch (error) {
    const failures = failuresOf(error, blame(status));
    markStopped(status, context.df.currentUtcDateTime);
    status.error = failures[0];
    status.errors = failures;
    publishStatus();
    if (!context.df.isReplaying) {
      context.error(`site ${site} of ${plan.name} failed: ${failures.map((f) => f.code).join('; ')}`);
    }
    return { ok: false, site, status, failures };
  }
}
