// The hybrid connection workflow: reads the versioned plan the trigger validated, lays both sites down in parallel
// (provisionSite children, which begin each gateway and VM), then watches the builds and links the sites as each
// input is known (buildAndLink: key, local network gateways, connections), waits for the tunnel, optionally pings
// across it, and publishes events along the way. On failure: Failed event, then options.onFailure ('keep' or
// 'rollback'). Deterministic: no I/O, no wall clock, no randomness; time is context.df.currentUtcDateTime.
// Upgrading: this shape (children that return once their builds are begun, the parent watching them) replaced one
// where each child returned a finished site. Durable replays a run on the code it finds, so runs started on the
// older code must complete, or be terminated and started again (every write is idempotent: the new run adopts what
// exists), before this code is deployed; a child outcome of the old shape fails its run with IncompatibleHistory
// rather than being misread.
import type * as df from 'durable-functions';
import type { PingResult } from '../activities/contracts';
import type { ConnectionPhase, FailureInfo, ProvisionSummary, SiteReady } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { EVENT_TYPES, type FailureSummary } from '../lib/events';
import { isRecord } from '../lib/json';
import { pairPlanOf, siteNamesOf } from '../lib/plan/pairs';
import { DEFAULT_SITE_NAME, type PairPlan, type ResolvedPlan } from '../lib/plan/types';
import { PREFLIGHT_STAGE, UNKNOWN_STAGE, type Stage } from '../lib/stages';
import { buildAndLink } from './buildAndLink';
import { waitForTunnel, type LinkedSites } from './connectSites';
import { setStatus } from './customStatus';
import { failureOf, failuresOf } from './failures';
import { startKeyScheduleAfterSuccess } from './keySchedule';
import { startHealthMonitor } from './monitorStart';
import { ORCHESTRATION, rollbackInstanceId, siteInstanceId } from './names';
import type { Orchestration, SiteOutcome, TeardownInput } from './orchestrationTypes';
import { readProvisionInput, versionedPlan } from './planInput';
import { publishEvent, startPublish } from './publishEvents';
import { osDiskIdFor, provisionSiteInputFor } from './siteTargets';
import { failRunningStages, resourceIdsOf, runningStage } from './stageMap';
import type { ConnectionStatus } from './statusTypes';
import { settleAll, type Settled } from './settleAll';
import { verifyConnectivity } from './verifyConnectivity';
import { preflightFailures, runPreflight } from './preflight';
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
  const input = readProvisionInput(context.df.getInput());
  if (!input.ok) {
    status.phase = 'failed';
    status.error = { code: input.code, message: input.message };
    publishStatus();
    throw new WorkflowFailedError(status.error);
  }
  const fleet = input.plan;
  const plan = pairPlanOf(fleet, siteNamesOf(fleet)[0] ?? DEFAULT_SITE_NAME);

  try {
    return yield* provision(context, fleet, plan, status, publishStatus);
  } catch (error) {
    const blamed = blame(status);
    // Both clouds (or two branches) can fail: `error` stays the first, in call order; `errors` lists them all.
    const failures = failuresOf(error, blamed);
    const [failure] = failures;
    for (const cloud of CLOUD_IDS) failRunningStages(status.stages[cloud], context.df.currentUtcDateTime);
    if (status.tunnel.state === 'connecting') status.tunnel = { ...status.tunnel, state: 'notConnected' };
    if (status.verify.state === 'running') status.verify = { ...status.verify, state: 'failed' };
    status.phase = 'failed';
    status.error = failure;
    status.errors = failures;
    publishStatus();
    if (!context.df.isReplaying) {
      context.error(`provisioning ${plan.name} failed: ${failures.map((f) => `${f.code} at ${where(f)}`).join('; ')}`);
    }

    const failedEvent = yield* publishEvent(context, {
      type: EVENT_TYPES.provisioningFailed,
      name: plan.name,
      ...(failure.cloud !== undefined ? { cloud: failure.cloud } : {}),
      data: {
        ...(plan.ticketId !== undefined ? { ticketId: plan.ticketId } : {}),
        ...failedEventEntry(failure, blamed.stage),
        errors: failures.map((each, index) => ({
          ...(each.cloud !== undefined ? { cloud: each.cloud } : {}),
          ...failedEventEntry(each, index === 0 ? blamed.stage : undefined),
        })),
        ...(failure.stage === PREFLIGHT_STAGE && status.preflight
          ? { preflight: status.preflight.filter((check) => check.status !== 'ok') }
          : {}),
      },
    });
    if (failedEvent !== undefined) status.events.push(failedEvent);
    publishStatus();

    if (plan.options.onFailure === 'rollback') yield* rollback(context, fleet, status, publishStatus);
    throw new WorkflowFailedError(failure, failures.slice(1));
  }
}

function* provision(
  context: df.OrchestrationContext,
  fleet: ResolvedPlan,
  plan: PairPlan,
  status: ConnectionStatus,
  publishStatus: () => void,
): Orchestration<ProvisionSummary> {
  const instanceId = context.df.instanceId;
  // Stage 0: nothing billable starts until everything that can be checked is checked.
  status.phase = 'preflight';
  publishStatus();
  const checks = yield* runPreflight(context, plan);
  status.preflight = checks;
  const [stopped, ...alsoStopped] = preflightFailures(checks);
  if (stopped !== undefined) throw new WorkflowFailedError(stopped, alsoStopped);
  status.phase = 'sites';
  publishStatus();
  // Started goes out beside the fan-out: nothing waits for an event, and the gateways are the long pole. Both sites in
  // parallel; children return a failed outcome rather than fail, and settleAll waits for both anyway; buildAndLink
  // then watches what they began end before it fails, so a rollback never races a build.
  const started = startPublish(context, {
    type: EVENT_TYPES.provisioningStarted,
    name: plan.name,
    data: {
      ...(plan.ticketId !== undefined ? { ticketId: plan.ticketId } : {}),
      sites: {
        azure: siteSummary(plan, 'azure'),
        azureStack: siteSummary(plan, 'azureStack'),
      },
    },
  });
  const [announced, ...settled] = yield* settleAll(context, [
    started.task,
    ...CLOUD_IDS.map((cloud) =>
      context.df.callSubOrchestrator(
        ORCHESTRATION.provisionSite,
        provisionSiteInputFor(plan, cloud),
        siteInstanceId(plan.name, cloud),
      ),
    ),
  ]);
  const startedId = started.idOf(announced);
  if (startedId !== undefined) status.events.push(startedId);
  const outcomes = {} as Record<CloudId, SiteOutcome>;
  for (const [index, cloud] of CLOUD_IDS.entries()) {
    const outcome = siteOutcomeOf(settled[index], cloud);
    outcomes[cloud] = outcome;
    status.stages[cloud] = { ...status.stages[cloud], ...outcome.stages };
    status.events.push(...outcome.events);
    if (outcome.ok) {
      status.addresses = { ...status.addresses, [cloud]: { vmPrivateIp: outcome.started.vmPrivateIp } };
    }
  }
  publishStatus();

  const built = yield* buildAndLink(context, plan, outcomes, status, publishStatus);
  const { sites } = built;
  const connectionStatus = yield* waitForTunnel(context, plan, built.connections, status, publishStatus);
  const linked: LinkedSites = { ...built, connectionStatus };

  let ping: PingResult | undefined;
  if (plan.options.verifyConnectivity) {
    status.phase = 'verify';
    ping = yield* verifyConnectivity(context, plan, sites, status, publishStatus);
  } else {
    status.verify = { state: 'skipped' };
  }

  status.phase = 'succeeded';
  publishStatus();
  const connectivityVerified = ping ? ping.reachable === true : null;
  const succeeded = yield* publishEvent(context, {
    type: EVENT_TYPES.provisioningSucceeded,
    name: plan.name,
    data: {
      ...(plan.ticketId !== undefined ? { ticketId: plan.ticketId } : {}),
      connectivityVerified,
      sites: {
        azure: succeededSite(sites.azure, linked.connections.azure.id),
        azureStack: succeededSite(sites.azureStack, linked.connections.azureStack.id),
      },
    },
  });
  if (succeeded !== undefined) status.events.push(succeeded);
  publishStatus();
  yield* startHealthMonitor(context, plan, {
    azure: linked.connections.azure.id,
    azureStack: linked.connections.azureStack.id,
  });
  if (!context.df.isReplaying) context.log(`provisioning ${plan.name} succeeded`);
  // Day 2 (options.rotateKeyEveryDays): the key schedule runs on its own once the run succeeded.
  yield* startKeyScheduleAfterSuccess(context, fleet, {
    azure: linked.connections.azure.id,
    azureStack: linked.connections.azureStack.id,
  });

  return {
    name: plan.name,
    instanceId,
    ...(plan.ticketId !== undefined ? { ticketId: plan.ticketId } : {}),
    sites,
    connections: {
      azure: connectionSummary(linked, 'azure'),
      azureStack: connectionSummary(linked, 'azureStack'),
    },
    sharedKey: { secretName: linked.sharedKey.secretName, version: linked.sharedKey.version },
    connectivity: {
      verified: connectivityVerified,
      ...(ping?.packetsSent !== undefined ? { packetsSent: ping.packetsSent } : {}),
      ...(ping?.packetsReceived !== undefined ? { packetsReceived: ping.packetsReceived } : {}),
      ...(ping?.averageRttMs !== undefined ? { averageRttMs: ping.averageRttMs } : {}),
    },
    events: [...status.events],
  };
}

/** options.onFailure 'rollback': tears down what this run made (the ids its stages recorded), both clouds. */
function* rollback(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  status: ConnectionStatus,
  publishStatus: () => void,
): Orchestration<void> {
  const instanceId = rollbackInstanceId(plan.name);
  const made = CLOUD_IDS.flatMap((cloud) => resourceIdsOf(status.stages[cloud]));
  const disks = CLOUD_IDS.map((cloud) => status.stages[cloud].virtualMachine?.resourceId)
    .filter((id): id is string => id !== undefined)
    .map((vmId) => osDiskIdFor(vmId, plan.name))
    .filter((id): id is string => id !== undefined);
  const input: TeardownInput = {
    ...versionedPlan(plan),
    onlyIds: [...new Set([...made, ...disks])],
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

/** Where to pin a failure that does not say: the first stage still running, else the phase's own stage, if any. */
function blame(status: ConnectionStatus): { cloud?: CloudId; stage?: Stage } {
  for (const cloud of CLOUD_IDS) {
    const stage = runningStage(status.stages[cloud]);
    if (stage !== undefined) return { cloud, stage };
  }
  const stage = stageOfPhase(status.phase);
  return stage !== undefined ? { stage } : {};
}

/** The phases that are one stage; the sites phase is many, and a failure there that names none stays unknown. */
function stageOfPhase(phase: ConnectionPhase): Stage | undefined {
  switch (phase) {
    case 'link':
      return 'localNetworkGateway';
    case 'tunnel':
      return 'tunnel';
    case 'verify':
      return 'verify';
    default:
      return undefined;
  }
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
  return [failure.cloud, failure.stage].filter(Boolean).join('/') || UNKNOWN_STAGE;
}

function siteSummary(plan: PairPlan, cloud: CloudId) {
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

function connectionSummary(linked: LinkedSites, cloud: CloudId) {
  return {
    id: linked.connections[cloud].id,
    localNetworkGatewayId: linked.localNetworkGateways[cloud].id,
    connectionStatus: linked.connectionStatus[cloud],
  };
}
