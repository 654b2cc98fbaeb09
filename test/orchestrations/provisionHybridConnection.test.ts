// provisionHybridConnection replayed through durable-functions with no host: canned histories for the first
// episodes (validation, Started, the parallel fan-out of both sites), then whole runs driven episode by episode
// against canned clouds (links, tunnel, ping, events, failures, keep vs rollback, custom status size).
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import { PREFLIGHT_ACTIVITY } from '../../activities/preflightContracts';
import type { ProvisionSummary } from '../../lib/api/connectionStatus';
import { NAME_MAX_LENGTH } from '../../lib/naming';
import { firstPairOf, type ResolvedPlan } from '../../lib/plan';
import { ORCHESTRATION } from '../../orchestrations/names';
import { versionedPlan } from '../../orchestrations/planInput';
import type { SiteOutcome, SiteStarted } from '../../orchestrations/orchestrationTypes';
import { TUNNEL_TIMEOUT_MINUTES } from '../../orchestrations/pollSchedules';
import {
  CUSTOM_STATUS_LIMIT_BYTES,
  type ConnectionStatus,
  type PairStatus,
  type SiteStatus,
} from '../../orchestrations/statusTypes';
import { CannedClouds } from './cannedClouds';
import type { DriveResult, World } from './episodeDriver';
import { MINUTE, START, driveProvisioning, minutesAfter, oneSitePlan, resolvedPlan } from './fixtures';
import { HistoryBuilder } from './history';
import { invokeOrchestrator, type OrchestratorAction } from './invokeOrchestrator';

const NAME = ORCHESTRATION.provisionHybridConnection;
const INSTANCE = 'hc-contoso';

function firstEpisodes(input: unknown): HistoryBuilder {
  return new HistoryBuilder(INSTANCE, START).orchestratorStarted().executionStarted(NAME, input);
}

/** Stage 0 as it ends when every check passes: both sites' and the services' pre-flight answered (ids 0-2). */
function withPassedPreflight(history: HistoryBuilder): HistoryBuilder {
  const site = (cloud: string) => ({ ok: true, value: { cloud, checks: [], diff: [] } });
  return history
    .taskScheduled(0, PREFLIGHT_ACTIVITY.preflightSite)
    .taskScheduled(1, PREFLIGHT_ACTIVITY.preflightSite)
    .taskScheduled(2, PREFLIGHT_ACTIVITY.preflightServices)
    .orchestratorCompleted()
    .orchestratorStarted()
    .taskCompleted(0, site('azure'))
    .taskCompleted(1, site('azureStack'))
    .taskCompleted(2, { ok: true, value: [] });
}

/** Both gateways up in the same poll round with no address known before: both local network gateways are one step. */
const BOTH_ADDRESSES_AT_ONCE = {
  gatewayMinutes: { azure: 32, azureStack: 32 },
  staticPublicIp: { azure: false },
} as const;

/** A site child's outcome once its gateway and VM are begun, their begins having answered `state`. */
function startedSite(cloud: 'azure' | 'azureStack', state: string): SiteStarted {
  const group = `/subscriptions/x/resourceGroups/rg-${cloud}`;
  const network = `${group}/providers/Microsoft.Network`;
  const begun = (id: string) => ({ id, provisioningState: state, begunAt: START.toISOString() });
  return {
    cloud,
    resourceGroupId: group,
    virtualNetworkId: `${network}/virtualNetworks/vnet-contoso`,
    workloadSubnetId: `${network}/virtualNetworks/vnet-contoso/subnets/snet-contoso-workload`,
    gatewaySubnetId: `${network}/virtualNetworks/vnet-contoso/subnets/GatewaySubnet`,
    publicIpId: `${network}/publicIPAddresses/pip-contoso-vgw`,
    networkInterfaceId: `${network}/networkInterfaces/nic-contoso-vm`,
    vmPrivateIp: '10.100.1.4',
    addressSpace: ['10.100.0.0/16'],
    gateway: begun(`${network}/virtualNetworkGateways/vgw-contoso`),
    virtualMachine: begun(`${group}/providers/Microsoft.Compute/virtualMachines/vm-contoso`),
  };
}

/** A delivery child's instance id as the histories below record it (the run's guid is not checked on replay). */
function deliveryChild(eventPath: string): string {
  return `${INSTANCE}:event:${eventPath}:00000000-0000-0000-0000-000000000000`;
}

/**
 * Stage 0 passed; Started handed to its delivery child (id 3) beside a timer due now (id 4) that fired at once, and
 * both site children created (ids 5 and 6) and completed `after` the start with these outcomes, in this order.
 * `startedDelivered`: the delivery child's completion came back too (it is nobody's wait: replays ignore it).
 */
function withSitesDone(
  plan: ResolvedPlan,
  after: number,
  completed: [5 | 6, unknown][],
  startedDelivered = true,
): HistoryBuilder {
  const history = withPassedPreflight(firstEpisodes(versionedPlan(plan)))
    .subOrchestrationCreated(3, ORCHESTRATION.deliverEvent, deliveryChild('started:all'))
    .timerCreated(4, START.toISOString())
    .subOrchestrationCreated(5, ORCHESTRATION.provisionSite, 'hc-contoso:azure')
    .subOrchestrationCreated(6, ORCHESTRATION.provisionSite, 'hc-contoso:azureStack')
    .orchestratorCompleted()
    .orchestratorStarted()
    .timerFired(4, START.toISOString())
    .orchestratorCompleted();
  if (startedDelivered) {
    history
      .orchestratorStarted(new Date(START.getTime() + 2000))
      .subOrchestrationCompleted(3, { id: 'hc-contoso/started/all', published: true, attempts: 1 })
      .orchestratorCompleted();
  }
  history.orchestratorStarted(new Date(START.getTime() + after));
  for (const [id, outcome] of completed) history.subOrchestrationCompleted(id, outcome);
  return history;
}

/**
 * The parent's last episode started the site's link child (task id `id`): its first episode runs here on the input
 * the parent gave it, and must end it (a link with nothing left to watch); its outcome completes it `at`.
 */
async function withLinkDone(
  plan: ResolvedPlan,
  history: HistoryBuilder,
  id: number,
  at: Date,
  parentEpisode: Awaited<ReturnType<typeof replayParent>>,
): Promise<void> {
  const link = parentEpisode.state.actions[0]?.[2];
  expect(link).toMatchObject({ actionType: 2, functionName: ORCHESTRATION.linkSite });
  const child = await invokeOrchestrator(ORCHESTRATION.linkSite, {
    instanceId: 'hc-contoso:link-azurestack',
    input: link?.input,
    history: new HistoryBuilder('hc-contoso:link-azurestack', at)
      .orchestratorStarted()
      .executionStarted(ORCHESTRATION.linkSite, link?.input)
      .build(),
  });
  expect(child.state.isDone).toBe(true);
  expect(plan.azureStack).toHaveLength(1);
  history
    .subOrchestrationCreated(id, ORCHESTRATION.linkSite, 'hc-contoso:link-azurestack')
    .orchestratorCompleted()
    .orchestratorStarted(at)
    .subOrchestrationCompleted(id, child.state.output);
}

/** The step that hands one event over: its delivery child raced against a timer due now (so never waited for). */
function expectHandedOver(action: OrchestratorAction | undefined, at: Date): OrchestratorAction {
  expect(action?.actionType).toBe(11);
  const [delivery, timer] = action?.compoundActions ?? [];
  expect(timer).toMatchObject({ actionType: 5, fireAt: at.toISOString() });
  expect(delivery).toMatchObject({ actionType: 2, functionName: ORCHESTRATION.deliverEvent });
  if (!delivery) throw new Error('no delivery child');
  return delivery;
}

/** The event a handed-over step delivers. */
function eventOf(delivery: OrchestratorAction): { id: string } & Record<string, unknown> {
  return (delivery.input as { event: { id: string } & Record<string, unknown> }).event;
}

/** One episode of the parent on `history`, replaying what it holds. */
function replayParent(plan: ResolvedPlan, history: HistoryBuilder) {
  return invokeOrchestrator(NAME, {
    instanceId: INSTANCE,
    input: versionedPlan(plan),
    history: history.build(),
    isReplaying: true,
  });
}

function callsOf(run: DriveResult, name: string) {
  return run.calls.filter((call) => call.name === name);
}

function inputOf(run: DriveResult, name: string, cloud: string): Record<string, unknown> {
  const call = callsOf(run, name).find((c) => (c.input as { target?: { cloud?: string } }).target?.cloud === cloud);
  if (!call) throw new Error(`no ${name} call for ${cloud}`);
  return call.input as Record<string, unknown>;
}

describe('provisionHybridConnection, canned histories', () => {
  async function firstEpisode(input: unknown) {
    return invokeOrchestrator(NAME, { instanceId: INSTANCE, input, history: firstEpisodes(input).build() });
  }

  it('reads the versioned plan without re-running the plan rules, so a rule changed later cannot change a replay', async () => {
    // Overlapping address spaces: the trigger refuses this today. Started as it is, the run goes on as given.
    const plan = resolvedPlan();
    const refusedToday = {
      ...plan,
      azureStack: plan.azureStack.map((site) => ({ ...site, addressSpace: [...plan.azure.addressSpace] })),
    };
    const { state, failed } = await firstEpisode(versionedPlan(refusedToday));
    expect(failed).toBe(false);
    // Stage 0 first: both sites' and the services' read-only checks, in parallel, before anything is written.
    expect(state.actions[0]?.[0]?.compoundActions?.map((a: OrchestratorAction) => a.functionName)).toEqual([
      PREFLIGHT_ACTIVITY.preflightSite,
      PREFLIGHT_ACTIVITY.preflightSite,
      PREFLIGHT_ACTIVITY.preflightServices,
    ]);
    expect((state.customStatus as ConnectionStatus).phase).toBe('preflight');
  });

  it('fails clearly, before any action, on a plan version it does not know', async () => {
    const { state, failed } = await firstEpisode({ planVersion: 3, plan: resolvedPlan() });
    expect(failed).toBe(true);
    expect(state.actions).toEqual([[]]);
    expect(state.error).toMatch(/^UnsupportedPlanVersion: planVersion 3 is not one this app reads \(0 to 2\)/);
    expect((state.customStatus as ConnectionStatus).error?.code).toBe('UnsupportedPlanVersion');
  });

  it('fails before any action on an input that is not plan-shaped, naming the field', async () => {
    const plan = resolvedPlan();
    const { state, failed } = await firstEpisode({
      planVersion: 2,
      plan: { ...plan, azure: { ...plan.azure, addressSpace: '10.100.0.0/16' } },
    });
    expect(failed).toBe(true);
    expect(state.actions).toEqual([[]]);
    expect(state.error).toBe(
      'InvalidPlanInput: plan.azure.addressSpace must be an array of strings: the orchestration takes the plan the API validated',
    );
  });

  it('accepts a bare plan as version 0 (inputs stored before versions) and version 1, and acts exactly as on version 2', async () => {
    const plan = resolvedPlan({ ticketId: 'CHG0001' });
    // Before fleets, a plan held its one site as an object: it is read as the site named azurestack.
    const bare = await firstEpisode(oneSitePlan(plan));
    const one = await firstEpisode({ planVersion: 1, plan: oneSitePlan(plan) });
    const versioned = await firstEpisode(versionedPlan(plan));
    expect(bare.failed).toBe(false);
    expect(bare.state).toEqual(versioned.state);
    expect(one.state).toEqual(versioned.state);
  });

  it('refuses a version 2 plan whose sites are not an array, naming the field', async () => {
    const plan = resolvedPlan();
    const { state, failed } = await firstEpisode({ planVersion: 2, plan: oneSitePlan(plan) });
    expect(failed).toBe(true);
    expect(state.error).toBe(
      'InvalidPlanInput: plan.azureStack must be a non-empty array of sites: the orchestration takes the plan the API validated',
    );
  });

  it('publishes Started beside the fan-out of both sites, with deterministic child ids', async () => {
    const plan = resolvedPlan({ ticketId: 'CHG0001' });
    const history = withPassedPreflight(firstEpisodes(versionedPlan(plan)));
    const first = await replayParent(plan, history);
    // One step: nothing waits for an event, so the sites (and their gateways, the long pole) start with it.
    const fanOut = first.state.actions[0]?.[1];
    expect(fanOut?.actionType).toBe(12);
    const [publish, ...children] = fanOut?.compoundActions ?? [];
    // Started goes to its own delivery child, raced against a timer due now: the sites never wait for Event Grid.
    const delivery = expectHandedOver(publish, START);
    expect(delivery.instanceId).toMatch(/^hc-contoso:event:started:all:[0-9a-f-]{36}$/);
    expect(eventOf(delivery)).toMatchObject({
      id: 'hc-contoso/started/all',
      type: 'HybridConnection.Provisioning.Started',
      time: START.toISOString(),
    });
    expect((eventOf(delivery).data as { ticketId?: string }).ticketId).toBe('CHG0001');
    expect(children.map((a: OrchestratorAction) => [a.actionType, a.functionName, a.instanceId])).toEqual([
      [2, ORCHESTRATION.provisionSite, 'hc-contoso:azure'],
      [2, ORCHESTRATION.provisionSite, 'hc-contoso:azureStack'],
    ]);
    const childInputs = children.map((a) => a.input as { target: { cloud: string; tags: Record<string, string> } });
    expect(childInputs.map((input) => input.target.cloud)).toEqual(['azure', 'azureStack']);
    expect(childInputs[0]?.target.tags).toEqual({
      'managed-by': 'hybrid-connection',
      'hc-instance': 'hc-contoso',
      'hc-ticket': 'CHG0001',
    });
    // Handed over is listed: its delivery goes on (at least once) whatever the run does next.
    expect(first.state.customStatus).toMatchObject({ kind: 'connection', phase: 'sites', events: [] });

    const laidDown: SiteOutcome = { ok: true, started: startedSite('azure', 'Updating'), stages: {}, events: [] };
    const second = await replayParent(
      plan,
      withSitesDone(plan, MINUTE, [
        [5, laidDown],
        [6, { ...laidDown, started: startedSite('azureStack', 'Updating') }],
      ]),
    );
    const status = second.state.customStatus as ConnectionStatus;
    // Both sites laid down: the site's link child takes over (watching, linking, the tunnel, the ping).
    expect(status).toMatchObject({ kind: 'connection', phase: 'link', events: ['hc-contoso/started/all'] });
    const [link] = second.state.actions[0]?.[2]?.compoundActions ?? [second.state.actions[0]?.[2]];
    expect(link).toMatchObject({
      actionType: 2,
      functionName: ORCHESTRATION.linkSite,
      instanceId: 'hc-contoso:link-azurestack',
    });
    expect(link?.input).toMatchObject({ announceHub: true, plan: { azureStack: { name: 'azurestack' } } });
  });

  it('fails with the failed site’s cloud, stage and code, after publishing Failed', async () => {
    const plan = resolvedPlan();
    const failedSite: SiteOutcome = {
      ok: false,
      failure: {
        code: 'QuotaExceeded',
        message: 'azureStack virtualMachine failed with QuotaExceeded',
        cloud: 'azureStack',
        stage: 'virtualMachine',
        httpStatus: 409,
        hint: 'raise the quota',
      },
      stages: {
        resourceGroup: { state: 'succeeded', resourceId: '/subscriptions/x/resourceGroups/rg' },
        virtualMachine: { state: 'failed' },
      },
      events: [],
    };
    // The Azure child laid its site down; its begins found the gateway and the VM already built (a rerun adopting
    // them), so nothing of it is still building and the run fails without waiting for it.
    const okSite: SiteOutcome = { ok: true, started: startedSite('azure', 'Succeeded'), stages: {}, events: [] };
    const history = withSitesDone(
      plan,
      40 * MINUTE,
      [
        [6, failedSite],
        [5, okSite],
      ],
      // Started's delivery child still retrying (Event Grid down): the run goes on regardless.
      false,
    );
    const failedAt = new Date(START.getTime() + 40 * MINUTE);
    // The site's link child gets both outcomes: with nothing of Azure's still building it ends at once, failed.
    await withLinkDone(plan, history, 7, failedAt, await replayParent(plan, history));
    const episode = await replayParent(plan, history);
    const publishFailed = expectHandedOver(episode.state.actions[0]?.[3], failedAt);
    expect(eventOf(publishFailed)).toMatchObject({
      id: 'hc-contoso/failed/azureStack',
      subject: 'connections/contoso/azureStack/failed',
      data: { stage: 'virtualMachine', code: 'QuotaExceeded', httpStatus: 409, hint: 'raise the quota' },
    });
    expect(episode.failed).toBe(false);

    history
      .subOrchestrationCreated(8, ORCHESTRATION.deliverEvent, deliveryChild('failed:azureStack'))
      .timerCreated(9, failedAt.toISOString())
      .orchestratorCompleted()
      .orchestratorStarted()
      .timerFired(9, failedAt.toISOString());
    const last = await replayParent(plan, history);
    expect(last.failed).toBe(true);
    expect(last.state.error).toBe(
      'QuotaExceeded at azureStack/virtualMachine: azureStack virtualMachine failed with QuotaExceeded',
    );
    const status = last.state.customStatus as ConnectionStatus;
    expect(status.error).toMatchObject({
      cloud: 'azureStack',
      site: 'azurestack',
      stage: 'virtualMachine',
      code: 'QuotaExceeded',
    });
    expect(status.stages.azureStack.virtualMachine?.state).toBe('failed');
    // Azure's gateway and VM were found built: not watched, not failed either.
    expect(status.stages.azure.gateway).toMatchObject({
      state: 'succeeded',
      resourceId: expect.stringMatching(/vgw-contoso$/) as unknown,
    });
    expect(status.stages.azure.virtualMachine?.state).toBe('succeeded');
    expect(status.events).toEqual(['hc-contoso/started/all', 'hc-contoso/failed/azureStack']);
  });

  it("schedules Stack Hub's local network gateway before Azure's gateway is up when Azure's address is Static", async () => {
    const plan = resolvedPlan();
    // Both children laid their sites down; both gateways are building. Azure's public IP is Static (its address came
    // with it), Stack Hub's is Dynamic (no address until its gateway is up).
    const azure: SiteOutcome = {
      ok: true,
      started: { ...startedSite('azure', 'Updating'), publicIpAddress: '20.50.1.10' },
      stages: {},
      events: [],
    };
    const stack: SiteOutcome = { ok: true, started: startedSite('azureStack', 'Updating'), stages: {}, events: [] };
    // The parent hands both outcomes to the site's link child, which runs the critical path from there.
    const parent = await replayParent(
      plan,
      withSitesDone(plan, MINUTE, [
        [5, azure],
        [6, stack],
      ]),
    );
    const input = parent.state.actions[0]?.[2]?.input;
    expect(input).toEqual({ plan: firstPairOf(plan), outcomes: { azure, azureStack: stack }, announceHub: true });
    const LINK = 'hc-contoso:link-azurestack';
    const history = new HistoryBuilder(LINK, new Date(START.getTime() + MINUTE))
      .orchestratorStarted()
      .executionStarted(ORCHESTRATION.linkSite, input);
    const replayLink = () =>
      invokeOrchestrator(ORCHESTRATION.linkSite, {
        instanceId: LINK,
        input,
        history: history.build(),
        isReplaying: true,
      });
    const episode = await replayLink();
    expect(episode.failed).toBe(false);
    const actions = episode.state.actions[0] ?? [];
    // The first round: the VMs' first reads, the shared key, and Stack Hub's local network gateway on Azure's
    // address. No gateway has even been read yet (each is first read on its schedule), and Azure's own local network
    // gateway waits for Stack Hub's address.
    expect(actions).toHaveLength(1);
    const round = actions[0]?.compoundActions ?? [];
    const cloudOf = (action: OrchestratorAction) => (action.input as { target?: { cloud?: string } }).target?.cloud;
    expect(round.map((action) => [action.functionName, cloudOf(action)])).toEqual([
      [ACTIVITY.getVirtualMachineState, 'azure'],
      [ACTIVITY.getVirtualMachineState, 'azureStack'],
      [ACTIVITY.ensureSharedKey, undefined],
      [ACTIVITY.ensureLocalNetworkGateway, 'azureStack'],
    ]);
    expect(round[3]?.input).toMatchObject({ gatewayIpAddress: '20.50.1.10', addressPrefixes: ['10.100.0.0/16'] });
    const status = episode.state.customStatus as PairStatus;
    expect(status.stages.azureStack.localNetworkGateway?.state).toBe('running');

    // The round settles: Stack Hub's local network gateway exists before either gateway was even read, and nothing
    // more can start until one is: a durable timer to the first read, Stack Hub's 200 s after its begin.
    history
      .taskScheduled(0, ACTIVITY.getVirtualMachineState)
      .taskScheduled(1, ACTIVITY.getVirtualMachineState)
      .taskScheduled(2, ACTIVITY.ensureSharedKey)
      .taskScheduled(3, ACTIVITY.ensureLocalNetworkGateway)
      .orchestratorCompleted()
      .orchestratorStarted(new Date(START.getTime() + MINUTE + 2000))
      .taskCompleted(0, { ok: true, value: { provisioningState: 'Succeeded' } })
      .taskCompleted(1, { ok: true, value: { provisioningState: 'Succeeded' } })
      .taskCompleted(2, { ok: true, value: { secretName: 'hc-contoso-psk', version: 'v1', created: true } })
      .taskCompleted(3, {
        ok: true,
        value: { id: '/subscriptions/y/lgw-contoso-to-azure', provisioningState: 'Succeeded' },
      });
    const next = await replayLink();
    const after = next.state.actions[0] ?? [];
    expect(after[1]).toMatchObject({ actionType: 5, fireAt: new Date(START.getTime() + 200 * 1000).toISOString() });
    const done = next.state.customStatus as PairStatus;
    expect(done.stages.azureStack.localNetworkGateway).toMatchObject({ state: 'succeeded' });
  });

  it('refuses a site outcome recorded by the code before the critical path (a finished site) instead of misreading it', async () => {
    const plan = resolvedPlan();
    const legacy = { ok: true, site: { cloud: 'azure' }, stages: {}, events: ['hc-contoso/site/azure'] };
    const fresh: SiteOutcome = { ok: true, started: startedSite('azureStack', 'Succeeded'), stages: {}, events: [] };
    const history = withSitesDone(plan, 40 * MINUTE, [
      [5, legacy],
      [6, fresh],
    ]);
    const at = new Date(START.getTime() + 40 * MINUTE);
    await withLinkDone(plan, history, 7, at, await replayParent(plan, history));
    const episode = await replayParent(plan, history);
    // Nothing is linked to it: the next thing the run does is publish Failed, naming the cloud and what to do.
    const failed = expectHandedOver(episode.state.actions[0]?.[3], at);
    expect(eventOf(failed)).toMatchObject({
      id: 'hc-contoso/failed/azure',
      data: { code: 'IncompatibleHistory', stage: 'unknown' },
    });
    expect((episode.state.customStatus as ConnectionStatus).error).toMatchObject({
      code: 'IncompatibleHistory',
      cloud: 'azure',
      hint: expect.stringMatching(/start the connection again/) as unknown,
    });
  });
});

describe('provisionHybridConnection, driven end to end', () => {
  let run: DriveResult;
  let world: CannedClouds;
  const plan = resolvedPlan({ ticketId: 'CHG0001' });

  beforeAll(async () => {
    world = new CannedClouds();
    run = await driveProvisioning(world, plan);
  });

  it('completes with a summary that carries ids and states but no secret', () => {
    expect(run.runtimeStatus).toBe('Completed');
    const summary = run.output as ProvisionSummary;
    expect(summary).toMatchObject({
      name: 'contoso',
      instanceId: 'hc-contoso',
      ticketId: 'CHG0001',
      sharedKey: { secretName: 'hc-contoso-psk', version: 'v1' },
      connectivity: { verified: true, packetsSent: 4, packetsReceived: 4 },
      connections: { azure: { connectionStatus: 'Connected' }, azureStack: { connectionStatus: 'Connected' } },
    });
    expect(summary.sites.azureStack.gatewayPublicIp).toBe('192.168.102.20');
  });

  it('hands over to its health monitor last, with the connections it linked and the plan options', () => {
    expect(world.monitorStarts).toEqual([
      {
        orchestrator: ORCHESTRATION.monitorTunnel,
        instanceId: 'hc-contoso:monitor',
        input: {
          name: 'contoso',
          targets: {
            azure: expect.objectContaining({ cloud: 'azure' }) as unknown,
            azureStack: expect.objectContaining({ cloud: 'azureStack' }) as unknown,
          },
          connectionIds: {
            azure: (run.output as ProvisionSummary).connections.azure.id,
            azureStack: (run.output as ProvisionSummary).connections.azureStack.id,
          },
          intervalMinutes: 5,
          repair: false,
        },
      },
    ]);
  });

  it('runs both sites as children that overlap in time', () => {
    const azure = run.children.get('hc-contoso:azure');
    const stack = run.children.get('hc-contoso:azureStack');
    expect(azure?.runtimeStatus).toBe('Completed');
    expect(stack?.runtimeStatus).toBe('Completed');
    const firstCall = (instance: string) => run.calls.find((call) => call.instanceId === instance)?.at ?? '';
    expect(firstCall('hc-contoso:azure')).toBe(firstCall('hc-contoso:azureStack'));
  });

  it('points each local network gateway at the other side’s gateway IP and address space', () => {
    expect(inputOf(run, ACTIVITY.ensureLocalNetworkGateway, 'azure')).toMatchObject({
      gatewayIpAddress: '192.168.102.20',
      addressPrefixes: ['10.200.0.0/16'],
    });
    expect(inputOf(run, ACTIVITY.ensureLocalNetworkGateway, 'azureStack')).toMatchObject({
      gatewayIpAddress: '20.50.1.10',
      addressPrefixes: ['10.100.0.0/16'],
    });
  });

  it('gives both connections the same key secret name and the same explicit IPsec policy', () => {
    const azure = inputOf(run, ACTIVITY.beginConnection, 'azure');
    const stack = inputOf(run, ACTIVITY.beginConnection, 'azureStack');
    expect(azure.sharedKeySecretName).toBe('hc-contoso-psk');
    expect(stack.sharedKeySecretName).toBe('hc-contoso-psk');
    expect(azure.ipsecPolicy).toEqual(plan.connection.ipsecPolicy);
    expect(stack.ipsecPolicy).toEqual(plan.connection.ipsecPolicy);
    expect(String(azure.localNetworkGatewayId)).toMatch(/localNetworkGateways\/lgw-contoso-to-azurestack$/);
    // The state reads get the begin activity's operation handle when it gave one (none here).
    expect(callsOf(run, ACTIVITY.ensureSharedKey).map((call) => call.input)).toEqual([
      { secretName: 'hc-contoso-psk', owner: { connection: 'contoso', site: 'azurestack' } },
    ]);
  });

  it('pings the Stack Hub VM’s private IP from the Azure VM after the tunnel is up', () => {
    const ping = inputOf(run, ACTIVITY.beginPing, 'azure');
    expect(ping.targetIp).toBe('10.200.1.4');
    expect(String(ping.virtualMachineId)).toMatch(/virtualMachines\/vm-contoso$/);
    const connected = callsOf(run, ACTIVITY.getConnectionState).at(-1)?.at ?? '';
    expect(Date.parse(callsOf(run, ACTIVITY.beginPing)[0]?.at ?? '')).toBeGreaterThan(Date.parse(connected));
  });

  it('publishes the events in order, with deterministic ids and the ticket', () => {
    expect(world.events.map((event) => event.id)).toEqual([
      'hc-contoso/started/all',
      'hc-contoso/gateway/azure',
      'hc-contoso/site/azure',
      'hc-contoso/gateway/azureStack',
      'hc-contoso/site/azureStack',
      'hc-contoso/connection/azure',
      'hc-contoso/connection/azureStack',
      'hc-contoso/succeeded/all',
    ]);
    const succeeded = world.events.at(-1);
    expect(succeeded?.data).toMatchObject({ ticketId: 'CHG0001', connectivityVerified: true });
    // Event times are orchestration time, in order.
    const times = world.events.map((event) => Date.parse(event.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((run.output as ProvisionSummary).events).toEqual(world.events.map((event) => event.id));
  });

  it('ends with a status where every stage succeeded with times and resource ids', () => {
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.phase).toBe('succeeded');
    expect(status.tunnel).toEqual({
      state: 'connected',
      connectionStatus: { azure: 'Connected', azureStack: 'Connected' },
    });
    for (const cloud of ['azure', 'azureStack'] as const) {
      for (const stage of [
        'resourceGroup',
        'virtualNetwork',
        'publicIp',
        'gateway',
        'networkInterface',
        'virtualMachine',
        'localNetworkGateway',
        'connection',
        'tunnel',
      ] as const) {
        const state = status.stages[cloud][stage];
        expect({ cloud, stage, state: state?.state }).toEqual({ cloud, stage, state: 'succeeded' });
        expect(state?.resourceId).toMatch(/^\/subscriptions\//);
        expect(Date.parse(state?.endedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(state?.startedAt ?? ''));
      }
    }
    expect(status.verify).toMatchObject({ state: 'succeeded', reachable: true });
    // Each site's addresses, recorded by the parent as soon as the site was ready.
    expect(status.addresses).toEqual({
      azure: { vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.50.1.10' },
      azureStack: { vmPrivateIp: '10.200.1.4', gatewayPublicIp: '192.168.102.20' },
    });
  });

  it('keeps every custom status, parent and children, far below 16 KB', () => {
    const all = [run, ...run.children.values()].flatMap((r) => r.customStatuses);
    const largest = Math.max(...all.map((s) => Buffer.byteLength(JSON.stringify(s))));
    expect(largest).toBeLessThan(CUSTOM_STATUS_LIMIT_BYTES / 2);
  });
});

describe('provisionHybridConnection, failures', () => {
  it('stops at stage 0 when a pre-flight check fails: nothing is written, and the status and Failed event say why', async () => {
    const world = new CannedClouds({ preflightFails: { azureStack: 'permissions' } });
    const run = await driveProvisioning(world, resolvedPlan());
    expect(run.runtimeStatus).toBe('Failed');
    const reads: string[] = [
      PREFLIGHT_ACTIVITY.preflightSite,
      PREFLIGHT_ACTIVITY.preflightServices,
      ACTIVITY.publishEvent,
    ];
    expect(run.calls.map((call) => call.name).filter((name) => !reads.includes(name))).toEqual([]);
    // No site child: the one child is the Failed event's delivery.
    expect([...run.children.keys()]).toEqual([expect.stringMatching(/^hc-contoso:event:failed:azureStack:/)]);
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({
      code: 'PreflightCheckFailed',
      message: 'permissions: canned permissions failure',
      cloud: 'azureStack',
      stage: 'preflight',
      hint: 'fix permissions',
    });
    expect(status.preflight?.filter((check) => check.status === 'failed')).toEqual([
      expect.objectContaining({ cloud: 'azureStack', check: 'permissions' }),
    ]);
    expect(world.events.map((event) => event.type)).toEqual(['HybridConnection.Provisioning.Failed']);
    expect(world.events[0]?.data).toMatchObject({
      stage: 'preflight',
      code: 'PreflightCheckFailed',
      hint: 'fix permissions',
    });
  });

  it('a rollback after a failed pre-flight deletes nothing: the run wrote nothing, whatever the clouds hold', async () => {
    const world = new CannedClouds({ preflightFails: { azureStack: 'permissions' } });
    const run = await driveProvisioning(world, resolvedPlan({ 'options.onFailure': 'rollback' }));
    expect(run.runtimeStatus).toBe('Failed');
    expect(run.children.get('hc-contoso:rollback')?.runtimeStatus).toBe('Completed');
    // The canned clouds list a whole tagged inventory (an earlier run's, say): stage 0 failing leaves it alone.
    expect(world.deleted).toEqual([]);
    expect(callsOf(run, ACTIVITY.beginDeleteResource)).toEqual([]);
  });

  it('a gateway that ends Failed fails the run with cloud, stage, ARM code and a Failed event; keep deletes nothing', async () => {
    const world = new CannedClouds({ gatewayFailsWith: { azure: 'VirtualNetworkGatewayProvisioningFailed' } });
    const run = await driveProvisioning(world);
    expect(run.runtimeStatus).toBe('Failed');
    expect(run.output).toMatch(
      /^Orchestrator function 'provisionHybridConnection' failed: VirtualNetworkGatewayProvisioningFailed at azure\/gateway: /,
    );
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({
      cloud: 'azure',
      stage: 'gateway',
      code: 'VirtualNetworkGatewayProvisioningFailed',
      httpStatus: 400,
    });
    expect(status.error?.hint).toMatch(/rerun/);
    const failed = world.events.find((event) => event.type === 'HybridConnection.Provisioning.Failed');
    expect(failed).toMatchObject({
      id: 'hc-contoso/failed/azure',
      data: { stage: 'gateway', code: 'VirtualNetworkGatewayProvisioningFailed' },
    });
    // The Stack Hub gateway was allowed to finish (no half-built site left behind), and nothing was deleted.
    expect(run.children.get('hc-contoso:azureStack')?.output).toMatchObject({ ok: true });
    expect(status.stages.azureStack.gateway?.state).toBe('succeeded');
    expect(callsOf(run, ACTIVITY.listManagedResources)).toHaveLength(0);
    expect(callsOf(run, ACTIVITY.beginDeleteResource)).toHaveLength(0);
    // Azure's Static address was known at once: Stack Hub's local network gateway was made long before Azure's gateway
    // failed. Nothing else was linked: no connection (Stack Hub's gateway came up after the failure).
    expect(callsOf(run, ACTIVITY.ensureLocalNetworkGateway).map((call) => call.input)).toEqual([
      expect.objectContaining({
        target: expect.objectContaining({ cloud: 'azureStack' }) as unknown,
        gatewayIpAddress: '20.50.1.10',
      }),
    ]);
    expect(callsOf(run, ACTIVITY.beginConnection)).toHaveLength(0);
  });

  it('when both clouds fail, error stays the first (Azure) and errors, the output and the Failed event have both', async () => {
    const world = new CannedClouds({
      gatewayFailsWith: { azure: 'VirtualNetworkGatewayProvisioningFailed', azureStack: 'GatewaySubnetTooSmall' },
    });
    const run = await driveProvisioning(world);
    expect(run.runtimeStatus).toBe('Failed');
    expect(run.error).toMatch(
      /^VirtualNetworkGatewayProvisioningFailed at azure\/gateway: .* \(also: GatewaySubnetTooSmall at azureStack\/gateway\)$/,
    );
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({ cloud: 'azure', code: 'VirtualNetworkGatewayProvisioningFailed' });
    expect(status.errors?.map((f) => [f.cloud, f.stage, f.code])).toEqual([
      ['azure', 'gateway', 'VirtualNetworkGatewayProvisioningFailed'],
      ['azureStack', 'gateway', 'GatewaySubnetTooSmall'],
    ]);
    const failed = world.events.find((event) => event.type === 'HybridConnection.Provisioning.Failed');
    expect(failed).toMatchObject({
      id: 'hc-contoso/failed/azure',
      data: {
        stage: 'gateway',
        code: 'VirtualNetworkGatewayProvisioningFailed',
        httpStatus: 400,
        errors: [
          { cloud: 'azure', stage: 'gateway', code: 'VirtualNetworkGatewayProvisioningFailed', httpStatus: 400 },
          { cloud: 'azureStack', stage: 'gateway', code: 'GatewaySubnetTooSmall', httpStatus: 400 },
        ],
      },
    });
  });

  it('when both sides of a parallel link step run out of retries, both are reported', async () => {
    const busy = { code: 'ServerBusy', httpStatus: 503 };
    const world = new CannedClouds({
      ...BOTH_ADDRESSES_AT_ONCE,
      throws: { [ACTIVITY.ensureLocalNetworkGateway]: { azure: busy, azureStack: { code: 'TooManyRequests' } } },
    });
    const run = await driveProvisioning(world);
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.errors?.map((f) => [f.cloud, f.stage, f.code])).toEqual([
      ['azure', 'localNetworkGateway', 'ServerBusy'],
      ['azureStack', 'localNetworkGateway', 'TooManyRequests'],
    ]);
    expect(world.events.at(-1)?.data).toMatchObject({
      errors: [
        { cloud: 'azure', code: 'ServerBusy' },
        { cloud: 'azureStack', code: 'TooManyRequests' },
      ],
    });
  });

  it('rollback tears down everything the clouds list as tagged for the connection, and still fails with the original error', async () => {
    const world = new CannedClouds({ gatewayFailsWith: { azure: 'VirtualNetworkGatewayProvisioningFailed' } });
    const run = await driveProvisioning(world, resolvedPlan({ 'options.onFailure': 'rollback' }));
    expect(run.runtimeStatus).toBe('Failed');
    expect(run.error).toMatch(/^VirtualNetworkGatewayProvisioningFailed at azure\/gateway/);
    const rollback = run.children.get('hc-contoso:rollback');
    expect(rollback?.runtimeStatus).toBe('Completed');
    // The canned clouds list every kind as tagged for the connection (the VM's OS disk included), connections this
    // run never made among them: the rollback goes by that inventory, not by the ids its stages recorded.
    const perSite = (peer: string) => [
      'resourceGroups/rg-contoso-hybrid',
      `connections/cn-contoso-to-${peer}`,
      `localNetworkGateways/lgw-contoso-to-${peer}`,
      'virtualMachines/vm-contoso',
      'disks/osdisk-contoso-vm',
      'networkInterfaces/nic-contoso-vm',
      'virtualNetworkGateways/vgw-contoso',
      'publicIPAddresses/pip-contoso-vgw',
      'virtualNetworks/vnet-contoso',
    ];
    const deleted = world.deleted.map((id) => id.split('/').slice(-2).join('/'));
    expect(deleted.sort()).toEqual([...perSite('azurestack'), ...perSite('azure')].sort());
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.rollback).toEqual({ state: 'succeeded', instanceId: 'hc-contoso:rollback' });
    // The rollback leaves Teardown.Completed to a real DELETE (event ids are per stage and would collide).
    expect(world.events.map((event) => event.type)).not.toContain('HybridConnection.Teardown.Completed');
  });

  it('a tunnel that never connects ends with TunnelNotConnectedError naming the diagnosis', async () => {
    const world = new CannedClouds({ tunnelMinutes: undefined });
    const run = await driveProvisioning(world, resolvedPlan({ 'options.verifyConnectivity': false }));
    expect(run.runtimeStatus).toBe('Failed');
    expect(run.error).toMatch(
      /^TunnelNotConnectedError at tunnel: the tunnel did not connect \(status: azure NotConnected, azureStack NotConnected; the shared keys/,
    );
    const diagnose = callsOf(run, ACTIVITY.diagnoseTunnel);
    expect(diagnose).toHaveLength(1);
    const begun = Date.parse(callsOf(run, ACTIVITY.beginConnection)[0]?.at ?? '');
    expect(minutesAfter(new Date(begun), diagnose[0]?.at ?? '')).toBeGreaterThanOrEqual(TUNNEL_TIMEOUT_MINUTES);
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.tunnel).toMatchObject({ state: 'notConnected', diagnosis: 'sharedKeyMismatch' });
    expect(status.error).toMatchObject({
      code: 'TunnelNotConnectedError',
      stage: 'tunnel',
      diagnosis: 'sharedKeyMismatch',
    });
    expect(status.error?.cloud).toBeUndefined();
    expect(world.events.at(-1)).toMatchObject({
      id: 'hc-contoso/failed/all',
      data: { stage: 'tunnel', code: 'TunnelNotConnectedError' },
    });
  });

  it('retryable errors that outlast the retry policy fail the run with the code and cloud they carried', async () => {
    const world = new CannedClouds({
      throws: { [ACTIVITY.ensureLocalNetworkGateway]: { azure: { code: 'TooManyRequests', httpStatus: 429 } } },
    });
    const run = await driveProvisioning(world);
    expect(
      callsOf(run, ACTIVITY.ensureLocalNetworkGateway).filter(
        (call) => call.instanceId === 'hc-contoso:link-azurestack',
      ),
    ).toHaveLength(6);
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({
      code: 'TooManyRequests',
      cloud: 'azure',
      stage: 'localNetworkGateway',
      httpStatus: 429,
    });
    expect(status.stages.azure.localNetworkGateway?.state).toBe('failed');
  });

  it('stays deterministic when one parallel write runs out of retries while the other is still retrying', async () => {
    // Durable JS's Task.all fails fast while the host's WhenAll waits for every child: the orchestrator must let the
    // slower sibling settle before it schedules anything else, or the two number the next tasks differently.
    const world = new CannedClouds({
      ...BOTH_ADDRESSES_AT_ONCE,
      throws: {
        [ACTIVITY.ensureLocalNetworkGateway]: { azure: { code: 'ServerBusy', httpStatus: 503 } },
      },
      flaky: {
        [ACTIVITY.ensureLocalNetworkGateway]: {
          azureStack: {
            error: { code: 'ServerBusy', httpStatus: 503 },
            times: 4,
            latencyMs: 40_000,
          },
        },
      },
    });
    const run = await driveProvisioning(world);
    expect(run.runtimeStatus).toBe('Failed');
    expect((run.customStatuses.at(-1) as ConnectionStatus).error).toMatchObject({
      code: 'ServerBusy',
      cloud: 'azure',
      stage: 'localNetworkGateway',
    });
    expect(world.events.at(-1)?.id).toBe('hc-contoso/failed/azure');
  });

  it('a failure that names no stage is reported at stage unknown, never pinned on the resource group', async () => {
    // The azure site child fails outright (a bug, not a cloud failure): no stage of it was running.
    const canned = new CannedClouds();
    const world: World = {
      activity: (name, input, now) => canned.activity(name, input, now),
      subOrchestration: (_name, _input, instanceId) =>
        instanceId === 'hc-contoso:azure' ? { error: 'the site orchestrator crashed' } : undefined,
    };
    const run = await driveProvisioning(world);
    expect(run.runtimeStatus).toBe('Failed');
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({ cloud: 'azure' });
    expect(status.error?.stage).toBeUndefined();
    const failed = canned.events.find((event) => event.type === 'HybridConnection.Provisioning.Failed');
    expect(failed).toMatchObject({ id: 'hc-contoso/failed/azure', data: { stage: 'unknown' } });
  });

  it('a ping that gets no replies fails at verify', async () => {
    const run = await driveProvisioning(new CannedClouds({ pingReachable: false }));
    expect(run.error).toBe(
      'PingFailed at azure/verify: the azure VM could not ping 10.200.1.4 across the tunnel (0/4 replies)',
    );
    expect((run.customStatuses.at(-1) as ConnectionStatus).verify).toMatchObject({ state: 'failed', reachable: false });
  });
});

describe('provisionHybridConnection, options and limits', () => {
  it('skips the ping when verifyConnectivity is off and reports connectivityVerified null', async () => {
    const world = new CannedClouds();
    const run = await driveProvisioning(world, resolvedPlan({ 'options.verifyConnectivity': false }));
    expect(run.runtimeStatus).toBe('Completed');
    expect(callsOf(run, ACTIVITY.beginPing)).toHaveLength(0);
    expect(world.events.at(-1)?.data).toMatchObject({ connectivityVerified: null });
    expect((run.customStatuses.at(-1) as ConnectionStatus).verify).toEqual({ state: 'skipped' });
  });

  it('ends as soon with Event Grid down for the whole run, and delivers every event once it is back', async () => {
    const up = await driveProvisioning(new CannedClouds());
    const backAt = START.getTime() + 60 * MINUTE;
    const world = new CannedClouds({ eventGridDown: new Date(backAt) });
    const run = await driveProvisioning(world);
    expect(run.runtimeStatus).toBe('Completed');
    // Publishing is off the critical path: the same virtual duration as with Event Grid up.
    expect(run.endedAt).toEqual(up.endedAt);
    expect(up.endedAt.getTime()).toBeLessThan(backAt);
    const ids = (up.output as ProvisionSummary).events;
    expect(ids).toHaveLength(8);
    expect((run.output as ProvisionSummary).events).toEqual(ids);
    // Each event went out once Event Grid was back, within a minute (the longest retry interval), with its own id.
    expect(world.events.map((event) => event.id).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const attempts = world.publishAttempts.filter((attempt) => attempt.id === id);
      expect(attempts.length).toBeGreaterThan(1);
      const delivered = attempts.at(-1)?.at ?? 0;
      expect(delivered).toBeGreaterThanOrEqual(backAt);
      expect(delivered - backAt).toBeLessThanOrEqual(MINUTE);
      expect(attempts.slice(0, -1).every((attempt) => attempt.at < backAt)).toBe(true);
    }
    // Started was retried for an hour: its delivery continued as new (history kept short) and still ended published.
    const started = [...run.children].find(([id]) => id.includes(':event:started:all:'))?.[1];
    expect(started?.executions).toBeGreaterThan(1);
    expect(started?.output).toMatchObject({ id: 'hc-contoso/started/all', published: true });
  });

  it('keeps custom status under 16 KB with the longest name and a failure', async () => {
    const name = 'n'.repeat(NAME_MAX_LENGTH);
    const plan = resolvedPlan({ name, ticketId: 'T'.repeat(128) });
    const world = new CannedClouds({ tunnelMinutes: undefined });
    const run = await driveProvisioning(world, plan);
    expect(run.runtimeStatus).toBe('Failed');
    const all = [run, ...run.children.values()].flatMap((r) => r.customStatuses);
    const sizes = all.map((status) => Buffer.byteLength(JSON.stringify(status)));
    expect(Math.max(...sizes)).toBeLessThan(CUSTOM_STATUS_LIMIT_BYTES);
    const site = run.children.get(`hc-${name}:azure`)?.customStatuses.at(-1) as SiteStatus;
    expect(site.stages.gateway?.resourceId).toContain(`vgw-${name}`);
  });
});
