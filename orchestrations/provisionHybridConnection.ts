// The hybrid connection workflow: reads the versioned plan the trigger validated (one hub, 1..N sites), checks every
// side before writing anything (stage 0), lays the hub and every site down in parallel (provisionSite children,
// which begin each gateway and VM), then links each site to the hub in its own child, all in parallel (linkSite:
// watches both sides' builds and links them as each input is known, waits for the tunnel, pings across it), with
// options.transit pings one site's VM from another's through the hub once every site is linked (verifyTransit), and
// publishes events along the way. It succeeds when every site does; otherwise it fails listing each site's failure,
// then applies options.onFailure ('keep' or 'rollback'). Deterministic: no I/O, no wall clock, no randomness; time
// is context.df.currentUtcDateTime.
// Upgrading: this shape (a linkSite child per site) replaced one where the run linked its one site itself, and that
// one replaced one where each site child returned a finished site. Durable replays a run on the code it finds, so runs
// started on older code must complete, or be terminated and started again (every write is idempotent: the new run
// adopts what exists), before this code is deployed; a child outcome of an old shape fails its run with
// IncompatibleHistory rather than being misread.
import type * as df from 'durable-functions';
import type {
  FailureInfo,
  PairLinkSummary,
  ProvisionSummary,
  SiteReady,
  TransitStatus,
} from '../lib/api/connectionStatus';
import { type CloudId } from '../lib/cloudIds';
import {
  EVENT_TYPES,
  eventCloudOf,
  type FailureSummary,
  type ProvisioningSucceededData,
  type SiteSummary,
} from '../lib/events';
import { isRecord } from '../lib/json';
import { pairPlansOf } from '../lib/plan/pairs';
import type { PairPlan, PlanChange, ResolvedPlan } from '../lib/plan/types';
import { PREFLIGHT_STAGE, UNKNOWN_STAGE, type Stage } from '../lib/stages';
import { setStatus } from './customStatus';
import { failureOf, failuresOf } from './failures';
import { afterSuccess } from './afterSuccess';
import { awaitMonitorStopped } from './monitorStop';
import type { LinkOutcome, LinkSiteInput } from './linkSite';
import { ORCHESTRATION, linkInstanceId, rollbackInstanceId, siteInstanceId, stampSiteInstanceId } from './names';
import type { Orchestration, SiteOutcome, TeardownInput } from './orchestrationTypes';
import { blame, markStopped, siteFailure } from './pairFailures';
import { readRunInput, versionedPlan } from './planInput';
import { preflightFailures, runPreflight } from './preflight';
import { publishEvent, startPublish } from './publishEvents';
import { settleAll, type Settled } from './settleAll';
import {
  changeData,
  changeStatusOf,
  recordRemovals,
  restartMonitor,
  revisionSequence,
  rollbackAdded,
  type RunProgress,
} from './replacingRun';
import { siteRemovalsOf, siteRemovalTasks } from './siteRemovals';
import { provisionSiteInputFor } from './siteTargets';
import type { ConnectionStatus } from './statusTypes';
import { transitAtStart, verifyTransit } from './verifyTransit';
import { WorkflowFailedError } from './workflowFailedError';

export function* provisionHybridConnectionOrchestrator(
  context: df.OrchestrationContext,
): Orchestration<ProvisionSummary> {
  const status: ConnectionStatus = {
    kind: 'connection',
    phase: 'validating',
    stages: { azure: {}, azureStack: {} },
    tunnel: { state: 'pending' },
    verify: { state: 'pending' },
    events: [],
  };
  const publishStatus = (): void => setStatus(context, status);

  // The trigger validated the plan (validatePlan + bindStamp) and handed it over versioned. Only the version and the
  // shape are checked here: re-running the plan rules would let a rule changed in lib/plan change a replay.
  const input = readRunInput(context.df.getInput());
  if (!input.ok) {
    status.phase = 'failed';
    status.error = { code: input.code, message: input.message };
    publishStatus();
    throw new WorkflowFailedError(status.error);
  }
  const { plan, change } = input;
  const transit = transitAtStart(plan);
  if (transit !== undefined) status.transit = transit;
  if (change !== undefined) status.change = changeStatusOf(change);

  const progress: RunProgress = { monitorStopped: false, linked: {} };
  try {
    return yield* provision(context, plan, change, status, publishStatus, progress);
  } catch (error) {
    // Every write comes after stage 0: a run that failed in validation or pre-flight made nothing.
    const wroteAnything = status.phase !== 'validating' && status.phase !== 'preflight';
    const blamed = blame(status);
    // Several sides (or branches) can fail: `error` stays the first, in call order; `errors` lists them all.
    const failures = failuresOf(error, blamed);
    const [failure] = failures;
    markStopped(status, context.df.currentUtcDateTime);
    status.error = failure;
    status.errors = failures;
    publishStatus();
    if (!context.df.isReplaying) {
      context.error(`provisioning ${plan.name} failed: ${failures.map((f) => `${f.code} at ${where(f)}`).join('; ')}`);
    }

    const failedEvent = yield* publishEvent(context, {
      type: EVENT_TYPES.provisioningFailed,
      name: plan.name,
      ...revisionSequence(change),
      ...(failure.cloud !== undefined ? { cloud: failure.cloud } : {}),
      ...(failure.cloud !== undefined && failure.site !== undefined ? { site: failure.site } : {}),
      data: {
        ...(plan.ticketId !== undefined ? { ticketId: plan.ticketId } : {}),
        ...failedEventEntry(failure, blamed.stage),
        errors: failures.map((each, index) => ({
          ...(each.cloud !== undefined ? { cloud: each.cloud } : {}),
          ...(each.site !== undefined ? { site: each.site } : {}),
          ...failedEventEntry(each, index === 0 ? blamed.stage : undefined),
        })),
        ...(failure.stage === PREFLIGHT_STAGE && status.preflight
          ? { preflight: status.preflight.filter((check) => check.status !== 'ok') }
          : {}),
      },
    });
    if (failedEvent !== undefined) status.events.push(failedEvent);
    publishStatus();

    if (plan.options.onFailure === 'rollback') {
      // A replacing run rolls back only the sites it added: the hub and the sites that stayed carry traffic.
      if (change !== undefined) yield* rollbackAdded(context, plan, change, status, publishStatus);
      else yield* rollback(context, plan, status, publishStatus, wroteAnything);
    }
    // A replacing run stopped the monitor of the sites that were running: they get one back, with the sites this run
    // linked (unless rolled back), so a failed growth never leaves the fleet unwatched.
    if (change !== undefined && progress.monitorStopped) {
      const rolledBack = plan.options.onFailure === 'rollback' ? change.added : [];
      const kept = Object.entries(progress.linked).filter(([site]) => !rolledBack.includes(site));
      yield* restartMonitor(context, plan, Object.fromEntries(kept));
    }
    throw new WorkflowFailedError(failure, failures.slice(1));
  }
}

function* provision(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  change: PlanChange | undefined,
  status: ConnectionStatus,
  publishStatus: () => void,
  progress: RunProgress,
): Orchestration<ProvisionSummary> {
  const instanceId = context.df.instanceId;
  const pairs = pairPlansOf(plan);
  const [first] = pairs;
  if (first === undefined) throw new WorkflowFailedError({ code: 'InvalidPlanInput', message: 'the plan has no site' });

  // Stage 0: nothing billable starts until everything that can be checked is checked, on every side.
  status.phase = 'preflight';
  publishStatus();
  const checks = yield* runPreflight(context, pairs);
  status.preflight = checks;
  const [stopped, ...alsoStopped] = preflightFailures(checks);
  if (stopped !== undefined) throw new WorkflowFailedError(stopped, alsoStopped);
  status.phase = 'sites';
  publishStatus();
  // A replacing run stops the health monitor once its pre-flight passed, before anything is removed (the monitor would
  // report the removed sites' tunnels Degraded); it starts a new one that reads the new plan's sites.
  if (change !== undefined) {
    yield* awaitMonitorStopped(context, plan.name, { raise: true });
    progress.monitorStopped = true;
  }

  // Started goes out beside the fan-out: nothing waits for an event, and the gateways are the long pole. The hub and
  // every site in parallel; children return a failed outcome rather than fail, and settleAll waits for all anyway.
  const started = startPublish(context, {
    type: EVENT_TYPES.provisioningStarted,
    name: plan.name,
    ...revisionSequence(change),
    data: {
      ...(plan.ticketId !== undefined ? { ticketId: plan.ticketId } : {}),
      ...changeData(change),
      sites: { azure: siteSummary(first, 'azure'), azureStack: siteSummary(first, 'azureStack') },
      fleet: Object.fromEntries(pairs.map((pair) => [pair.azureStack.name, siteSummary(pair, 'azureStack')])),
    },
  });
  const [announced, hubSettled, ...sitesSettled] = yield* settleAll(context, [
    started.task,
    context.df.callSubOrchestrator(
      ORCHESTRATION.provisionSite,
      provisionSiteInputFor(first, 'azure'),
      siteInstanceId(plan.name, 'azure'),
    ),
    ...pairs.map((pair) =>
      context.df.callSubOrchestrator(
        ORCHESTRATION.provisionSite,
        provisionSiteInputFor(pair, 'azureStack'),
        stampSiteInstanceId(plan.name, pair.azureStack.name),
      ),
    ),
  ]);
  const startedId = started.idOf(announced);
  if (startedId !== undefined) status.events.push(startedId);
  const hub = siteOutcomeOf(hubSettled, 'azure');
  const sites = pairs.map((_, index) => siteOutcomeOf(sitesSettled[index], 'azureStack'));
  recordSites(status, hub, sites[0]);
  status.phase = 'link';
  publishStatus();

  // Each site's tunnel in its own child, all in parallel; the first site's also announces the hub. A replacing run
  // removes the sites that left the plan beside them.
  const removed = change?.removed ?? [];
  const linked = yield* settleAll(context, [
    ...pairs.map((pair, index) => {
      const site = sites[index] ?? sites[0];
      const input: LinkSiteInput = {
        plan: pair,
        outcomes: { azure: hub, azureStack: site ?? hub },
        announceHub: index === 0,
      };
      return context.df.callSubOrchestrator(
        ORCHESTRATION.linkSite,
        input,
        linkInstanceId(plan.name, pair.azureStack.name),
      );
    }),
    ...siteRemovalTasks(context, plan, removed, 'remove'),
  ]);
  const links = pairs.map((pair, index) => linkOutcomeOf(linked[index], pair.azureStack.name));
  for (const link of links) {
    if (!link.ok) continue;
    const { connections } = link.built;
    progress.linked[link.site] = { azure: connections.azure.id, azureStack: connections.azureStack.id };
  }
  const removals = siteRemovalsOf(removed, linked.slice(pairs.length));
  const failures = [...recordLinks(status, links), ...recordRemovals(status, removals)];
  publishStatus();
  const [failure, ...also] = failures;
  if (failure) {
    // Each link named where its failures were; the run's own phase names no stage of theirs.
    status.phase = 'failed';
    throw new WorkflowFailedError(failure, also);
  }

  // With transit, traffic between sites goes through the hub: proven once every site is linked.
  const transit = yield* verifyTransit(context, plan, pairs, links, status, publishStatus);
  return yield* succeed(context, plan, change, { pairs, links, transit }, status, publishStatus, instanceId);
}

/** What the run verified: every pair linked, and (options.transit) the ping between sites through the hub. */
interface Verified {
  pairs: readonly PairPlan[];
  links: readonly LinkOutcome[];
  transit: TransitStatus | undefined;
}

/** Every site linked: Succeeded, the health monitor and the key schedule, and the summary. */
function* succeed(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  change: PlanChange | undefined,
  { pairs, links, transit }: Verified,
  status: ConnectionStatus,
  publishStatus: () => void,
  instanceId: string,
): Orchestration<ProvisionSummary> {
  const done = links.filter((link): link is Extract<LinkOutcome, { ok: true }> => link.ok);
  const [head] = done;
  if (head === undefined || done.length !== pairs.length) {
    throw new WorkflowFailedError({ code: 'WorkflowStalled', message: 'a site ended neither linked nor failed' });
  }
  status.phase = 'succeeded';
  publishStatus();
  const summaries = done.map(pairSummary);
  const verified = (link: Extract<LinkOutcome, { ok: true }>): boolean | null =>
    link.ping ? link.ping.reachable === true : null;
  const connectivityVerified = done.every((link) => verified(link) !== false) ? verified(head) : false;
  const fleet: NonNullable<ProvisioningSucceededData['fleet']> = {};
  for (const link of done) {
    const site = link.built.sites.azureStack;
    fleet[link.site] = {
      gatewayPublicIp: site.gatewayPublicIp,
      vmPrivateIp: site.vmPrivateIp,
      connectionId: link.built.connections.azureStack.id,
      hubConnectionId: link.built.connections.azure.id,
      connectivityVerified: verified(link),
    };
  }
  const succeeded = startPublish(context, {
    type: EVENT_TYPES.provisioningSucceeded,
    name: plan.name,
    ...revisionSequence(change),
    data: {
      ...(plan.ticketId !== undefined ? { ticketId: plan.ticketId } : {}),
      ...changeData(change),
      connectivityVerified,
      sites: {
        azure: succeededSite(head.built.sites.azure, head.built.connections.azure.id),
        azureStack: succeededSite(head.built.sites.azureStack, head.built.connections.azureStack.id),
      },
      fleet,
      ...(transit !== undefined
        ? {
            transit: {
              from: transit.from,
              to: transit.to,
              reachable: transit.state === 'skipped' ? null : transit.reachable === true,
            },
          }
        : {}),
    },
  });
  const connections = Object.fromEntries(
    done.map((link) => [
      link.site,
      { azure: link.built.connections.azure.id, azureStack: link.built.connections.azureStack.id },
    ]),
  );
  // Succeeded, the health monitor and (options.rotateKeyEveryDays) the key schedule of every site: one round,
  // none awaits another.
  const headConnections = { azure: head.built.connections.azure.id, azureStack: head.built.connections.azureStack.id };
  status.events.push(...(yield* afterSuccess(context, plan, connections, headConnections, [succeeded])));
  publishStatus();
  if (!context.df.isReplaying) context.log(`provisioning ${plan.name} succeeded (${pairs.length} site(s))`);

  const [firstSummary] = summaries;
  return {
    name: plan.name,
    instanceId,
    ...(plan.ticketId !== undefined ? { ticketId: plan.ticketId } : {}),
    sites: head.built.sites,
    connections: firstSummary?.connections ?? pairSummary(head).connections,
    sharedKey: firstSummary?.sharedKey ?? pairSummary(head).sharedKey,
    connectivity: firstSummary?.connectivity ?? pairSummary(head).connectivity,
    pairs: Object.fromEntries(
      done.map((link, index) => [
        link.site,
        { ...(summaries[index] ?? pairSummary(link)), site: link.built.sites.azureStack },
      ]),
    ),
    events: [...status.events],
  };
}

/** One linked site as the summary names it: its two connections, its key and its ping. */
function pairSummary(link: Extract<LinkOutcome, { ok: true }>): PairLinkSummary {
  const { built, ping } = link;
  const connection = (cloud: CloudId) => ({
    id: built.connections[cloud].id,
    localNetworkGatewayId: built.localNetworkGateways[cloud].id,
    connectionStatus: built.connectionStatus[cloud],
  });
  return {
    connections: { azure: connection('azure'), azureStack: connection('azureStack') },
    sharedKey: { secretName: built.sharedKey.secretName, version: built.sharedKey.version },
    connectivity: {
      verified: ping ? ping.reachable === true : null,
      ...(ping?.packetsSent !== undefined ? { packetsSent: ping.packetsSent } : {}),
      ...(ping?.packetsReceived !== undefined ? { packetsReceived: ping.packetsReceived } : {}),
      ...(ping?.averageRttMs !== undefined ? { averageRttMs: ping.averageRttMs } : {}),
    },
  };
}

/** The site children ended: the hub's and the first site's stages and addresses into the status (as before fleets). */
function recordSites(status: ConnectionStatus, hub: SiteOutcome, first: SiteOutcome | undefined): void {
  for (const [cloud, outcome] of [
    ['azure', hub],
    ['azureStack', first],
  ] as const) {
    if (outcome === undefined) continue;
    status.stages[cloud] = { ...status.stages[cloud], ...outcome.stages };
    status.events.push(...outcome.events);
    if (outcome.ok) status.addresses = { ...status.addresses, [cloud]: { vmPrivateIp: outcome.started.vmPrivateIp } };
  }
}

/**
 * The links ended: the first site's pair into the status's own fields (every site's is in its link child's status,
 * which the API reads), every link's events, and every failure once (a hub failure every link saw is one failure),
 * each naming the site it is about: the hub's first, then each site's in plan order.
 */
function recordLinks(status: ConnectionStatus, links: readonly LinkOutcome[]): FailureInfo[] {
  const failures: FailureInfo[] = [];
  const seen = new Set<string>();
  links.forEach((link, index) => {
    if (index === 0) {
      status.stages = { azure: { ...link.status.stages.azure }, azureStack: { ...link.status.stages.azureStack } };
      status.tunnel = link.status.tunnel;
      status.verify = link.status.verify;
      status.addresses = { ...status.addresses, ...link.status.addresses };
    }
    for (const id of link.status.events) if (!status.events.includes(id)) status.events.push(id);
    for (const failure of link.ok ? [] : link.failures.map((each) => siteFailure(each, link.site))) {
      const key = JSON.stringify(failure);
      if (seen.has(key)) continue;
      seen.add(key);
      failures.push(failure);
    }
  });
  const hubFirst = [...failures].sort((a, b) => Number(a.site !== undefined) - Number(b.site !== undefined));
  if (hubFirst.length > 0) {
    status.error = hubFirst[0];
    status.errors = hubFirst;
  }
  return hubFirst;
}

/**
 * options.onFailure 'rollback': tears down everything tagged for this connection in both clouds, as a DELETE does
 * (teardownSite lists the tagged inventory, in dependency order, and claims the OS disks the VMs made). Never the ids
 * the stages recorded alone: a write whose step failed (a NIC made beside a gateway that could not be begun, a VM
 * whose begin ran out of retries) exists with no id in its stage. A run that failed before its first write (stage
 * 0) has nothing to roll back: its rollback deletes nothing.
 */
function* rollback(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  status: ConnectionStatus,
  publishStatus: () => void,
  wroteAnything: boolean,
): Orchestration<void> {
  const instanceId = rollbackInstanceId(plan.name);
  const input: TeardownInput = {
    ...versionedPlan(plan),
    ...(wroteAnything ? {} : { onlyIds: [] }),
    publishCompleted: false,
  };
  status.rollback = { state: 'running', instanceId };
  publishStatus();
  try {
    yield context.df.callSubOrchestrator(ORCHESTRATION.teardownHybridConnection, input, instanceId);
    status.rollback = { state: 'succeeded', instanceId };
  } catch {
    // The run fails with its original error either way; the rollback's own instance says what it left behind.
    status.rollback = { state: 'failed', instanceId };
  }
  publishStatus();
}

/**
 * A site child's outcome. One that failed outright (a bug, not a cloud failure) still yields an outcome naming its
 * cloud; one recorded by the code before the critical path (a finished site, no `started`) is refused, not misread.
 */
function siteOutcomeOf(settled: Settled | undefined, cloud: CloudId): SiteOutcome {
  if (!settled?.ok) return { ok: false, failure: failureOf(settled?.error, { cloud }), stages: {}, events: [] };
  const outcome = settled.value as SiteOutcome;
  if (!outcome.ok || isRecord(outcome.started)) return outcome;
  return {
    ok: false,
    failure: {
      code: 'IncompatibleHistory',
      cloud,
      message: `the ${cloud} site was built by an older release of this app, whose runs this one cannot resume`,
      hint: 'start the connection again (POST /api/connections): every write is idempotent, the new run adopts what exists',
    },
    stages: isRecord(outcome.stages) ? outcome.stages : {},
    events: [],
  };
}

/** A link child's outcome; one that failed outright (a bug) is that site's failure. */
function linkOutcomeOf(settled: Settled | undefined, site: string): LinkOutcome {
  if (settled?.ok && isRecord(settled.value) && typeof settled.value.ok === 'boolean') {
    return settled.value as unknown as LinkOutcome;
  }
  const failure = failureOf(settled?.ok ? new Error('the link answered no outcome') : settled?.error, {});
  return {
    ok: false,
    site,
    status: {
      kind: 'link',
      site,
      phase: 'failed',
      stages: { azure: {}, azureStack: {} },
      tunnel: { state: 'pending' },
      verify: { state: 'pending' },
      events: [],
    },
    failures: [failure],
  };
}

/** A failure as the Failed event carries it: no message (ARM's text stays out of events), a stage always. */
function failedEventEntry(failure: FailureInfo, blamedStage: Stage | undefined): FailureSummary {
  return {
    stage: failure.stage ?? blamedStage ?? UNKNOWN_STAGE,
    code: failure.code,
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    ...(failure.hint !== undefined ? { hint: failure.hint } : {}),
  };
}

function where(failure: FailureInfo): string {
  const cloud = failure.cloud !== undefined ? eventCloudOf(failure.cloud, failure.site) : undefined;
  return [cloud, failure.stage].filter(Boolean).join('/') || UNKNOWN_STAGE;
}

function siteSummary(plan: PairPlan, cloud: CloudId): SiteSummary {
  const site = plan[cloud];
  return {
    subscriptionId: site.subscriptionId,
    location: site.location,
    resourceGroup: site.resourceGroup,
    addressSpace: [...site.addressSpace],
  };
}

function succeededSite(site: SiteReady, connectionId: string) {
  return { gatewayPublicIp: site.gatewayPublicIp, vmPrivateIp: site.vmPrivateIp, connectionId };
}
