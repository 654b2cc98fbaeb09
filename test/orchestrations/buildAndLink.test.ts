// The critical path as the parent runs it, driven end to end against canned clouds: each site's gateway and VM
// watched from their begin, each local network gateway made as soon as the peer's address is known, each connection
// begun as soon as its own side is ready, and failures drained (builds in flight end before the run fails).
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import type { SiteOutcome } from '../../orchestrations/orchestrationTypes';
import { SECOND_MS } from '../../orchestrations/pollSchedules';
import type { ConnectionStatus, PairStatus } from '../../orchestrations/statusTypes';
import { CannedClouds, type CannedCloudOptions } from './cannedClouds';
import type { DriveResult } from './episodeDriver';
import { MINUTE, driveProvisioning, minutesAfter, resolvedPlan } from './fixtures';
import { EVENT_TYPE, type HistoryEvent } from './history';

type Cloud = 'azure' | 'azureStack';

function calls(run: DriveResult, name: string, cloud?: Cloud) {
  return run.calls.filter(
    (call) =>
      call.name === name &&
      (cloud === undefined || (call.input as { target?: { cloud?: string } }).target?.cloud === cloud),
  );
}

/** When the orchestration time was, as ms since the epoch, of the nth (default: last) call. */
function at(run: DriveResult, name: string, cloud?: Cloud, nth = -1): number {
  const call = calls(run, name, cloud).at(nth);
  if (!call) throw new Error(`no ${name} call${cloud ? ` for ${cloud}` : ''}`);
  return Date.parse(call.at);
}

/** When the site child began a build (the parent's watch counts from then). */
function begunAt(run: DriveResult, cloud: Cloud, build: 'gateway' | 'virtualMachine'): number {
  const outcome = run.children.get(`hc-contoso:${cloud}`)?.output as SiteOutcome | undefined;
  if (!outcome?.ok) throw new Error(`${cloud} site did not start`);
  return Date.parse(outcome.started[build].begunAt);
}

function drive(options: CannedCloudOptions, changes: Record<string, unknown> = {}): Promise<DriveResult> {
  return driveProvisioning(new CannedClouds(options), resolvedPlan(changes));
}

const ACTIVITY_LATENCY = 1000;
/** The episode driver's virtual time from a child's last result to its parent's next episode. */
const CHILD_LATENCY = 1000;

/** The single site's link child, whose history holds the tail of the path. */
function linkRun(run: DriveResult): DriveResult | undefined {
  return run.children.get('hc-contoso:link-azurestack');
}

/** Every status the single site's link child published, in order: where the critical path shows while it runs. */
function linkStatuses(run: DriveResult): PairStatus[] {
  return (run.children.get('hc-contoso:link-azurestack')?.customStatuses ?? []) as PairStatus[];
}

describe('buildAndLink: the critical path', () => {
  let run: DriveResult;
  // Stack Hub's gateway is the faster one, as on the bench: Azure's tail is what is left on the path.
  beforeAll(async () => {
    run = await drive({ gatewayMinutes: { azure: 40, azureStack: 15 } });
  });

  it('completes', () => {
    expect(run.runtimeStatus).toBe('Completed');
  });

  it("makes Stack Hub's local network gateway at once, on Azure's Static address, long before either gateway is up", () => {
    const made = at(run, ACTIVITY.ensureLocalNetworkGateway, 'azureStack');
    expect(made).toBeLessThan(at(run, ACTIVITY.getGatewayState, 'azureStack', 0));
    expect(calls(run, ACTIVITY.ensureLocalNetworkGateway, 'azureStack')[0]?.input).toMatchObject({
      gatewayIpAddress: '20.50.1.10',
      addressPrefixes: ['10.100.0.0/16'],
    });
  });

  it("links Stack Hub's side in the round after its gateway is seen up, while Azure's gateway still builds", () => {
    const stackUp = at(run, ACTIVITY.getGatewayState, 'azureStack');
    const azureUp = at(run, ACTIVITY.getGatewayState, 'azure');
    // Azure's local network gateway needed Stack Hub's Dynamic address, known only now.
    expect(at(run, ACTIVITY.ensureLocalNetworkGateway, 'azure')).toBe(stackUp + ACTIVITY_LATENCY);
    expect(calls(run, ACTIVITY.ensureLocalNetworkGateway, 'azure')[0]?.input).toMatchObject({
      gatewayIpAddress: '192.168.102.20',
    });
    expect(at(run, ACTIVITY.beginConnection, 'azureStack')).toBe(stackUp + ACTIVITY_LATENCY);
    expect(
      minutesAfter(new Date(at(run, ACTIVITY.beginConnection, 'azureStack')), new Date(azureUp).toISOString()),
    ).toBeGreaterThan(20);
  });

  it("begins Azure's connection in the very round after Azure's gateway is seen up: nothing else is left to do", () => {
    const azureUp = at(run, ACTIVITY.getGatewayState, 'azure');
    expect(at(run, ACTIVITY.beginConnection, 'azure')).toBe(azureUp + ACTIVITY_LATENCY);
    // The gateway was seen within one dense interval of its end (Azure's window is 30-45 minutes).
    expect(azureUp - (begunAt(run, 'azure', 'gateway') + 40 * MINUTE)).toBeLessThan(20 * SECOND_MS);
  });

  it('publishes each Gateway.Ready before its Site.Ready, as each site gets there', () => {
    const world = run.calls.filter((call) => call.name === ACTIVITY.publishEvent);
    const ids = world.map((call) => (call.input as { event: { id: string } }).event.id);
    expect(ids).toEqual([
      'hc-contoso/started/all',
      'hc-contoso/gateway/azureStack',
      'hc-contoso/site/azureStack',
      'hc-contoso/gateway/azure',
      'hc-contoso/site/azure',
      // Stack Hub's connection was begun 25 minutes earlier: it reads Connected first.
      'hc-contoso/connection/azureStack',
      'hc-contoso/connection/azure',
      'hc-contoso/succeeded/all',
    ]);
  });

  it('polls a gateway three times before its typical window, then every 20 s in it, counted from its begin', () => {
    const begun = begunAt(run, 'azure', 'gateway');
    const offsets = calls(run, ACTIVITY.getGatewayState, 'azure').map((call) => (Date.parse(call.at) - begun) / 1000);
    expect(offsets.slice(0, 5)).toEqual([600, 1200, 1800, 1820, 1840]);
    expect(offsets.slice(3).every((value, i, all) => i === 0 || value - (all[i - 1] ?? 0) === 20)).toBe(true);
    // Stack Hub's window is 10-20 minutes: three reads in its first 10, then every 20 s.
    const stackBegun = begunAt(run, 'azureStack', 'gateway');
    const stack = calls(run, ACTIVITY.getGatewayState, 'azureStack').map((c) => (Date.parse(c.at) - stackBegun) / 1000);
    expect(stack.slice(0, 4)).toEqual([200, 400, 600, 620]);
  });

  it("records each gateway's address in the status once that gateway is up", () => {
    // The link child records its pair as it goes (the run waits for it, then takes its record).
    const statuses = linkStatuses(run);
    const stackIp = statuses.findIndex((s) => s.addresses?.azureStack?.gatewayPublicIp !== undefined);
    const stackUp = statuses.findIndex((s) => s.stages.azureStack.gateway?.state === 'succeeded');
    expect(stackIp).toBe(stackUp);
    expect(statuses[stackIp]?.addresses?.azure?.gatewayPublicIp).toBeUndefined();
    expect(statuses.at(-1)?.addresses).toEqual({
      azure: { vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.50.1.10' },
      azureStack: { vmPrivateIp: '10.200.1.4', gatewayPublicIp: '192.168.102.20' },
    });
  });
});

/** What each episode of the parent scheduled: activity names and the instance ids of the children it created. */
function episodes(history: readonly HistoryEvent[]): string[][] {
  const out: string[][] = [];
  for (const event of history) {
    if (event.EventType === EVENT_TYPE.OrchestratorStarted) out.push([]);
    else if (event.EventType === EVENT_TYPE.TaskScheduled) out.at(-1)?.push(String(event.Name));
    else if (event.EventType === EVENT_TYPE.SubOrchestrationInstanceCreated) out.at(-1)?.push(String(event.InstanceId));
  }
  return out;
}

/** The one episode that scheduled `what` (an activity name, or part of a child's instance id). */
function episodeOf(run: DriveResult | undefined, what: string): string[] {
  const found = episodes(run?.history ?? []).filter((episode) => episode.some((item) => item.includes(what)));
  expect(found).toHaveLength(1);
  return found[0] ?? [];
}

describe('the tail of the path: the last connection, the tunnel, the ping, the last round', () => {
  let run: DriveResult;
  // Azure's gateway is the slower one; each connection provisions 1 minute after its begin and reads Connected 90 s
  // after it (cannedClouds), as a tunnel whose IKE takes 30 s.
  beforeAll(async () => {
    run = await drive({ gatewayMinutes: { azure: 40, azureStack: 15 }, tunnelMinutes: 1.5 });
  });

  it('completes', () => {
    expect(run.runtimeStatus).toBe('Completed');
  });

  it("hands Azure's Gateway.Ready and Site.Ready over in the round that begins its connection (the VM was up long before)", () => {
    expect(episodeOf(linkRun(run), ':event:gateway:azure:')).toEqual(
      expect.arrayContaining([ACTIVITY.beginConnection, expect.stringContaining(':event:site:azure:')]),
    );
  });

  it("reads the tunnel on the connection's schedule: 20 s, then ARM's 10 s while it is written, 5 s once both are provisioned", () => {
    const begun = at(run, ACTIVITY.beginConnection, 'azure') + ACTIVITY_LATENCY;
    const reads = calls(run, ACTIVITY.getConnectionState, 'azure').map((call) => (Date.parse(call.at) - begun) / 1000);
    // Provisioned 60 s after its begin (read at 60 s), Connected at 90 s: seen at the first 5 s read after it.
    expect(reads).toEqual([20, 40, 60, 65, 70, 75, 80, 85, 90]);
    // Both sides share the schedule: Stack Hub's connection (begun 25 minutes earlier, Connected in this canned world
    // on its own) was read in the first round.
    expect(calls(run, ACTIVITY.getConnectionState, 'azureStack').map((call) => call.at)).toEqual([
      calls(run, ACTIVITY.getConnectionState, 'azure')[0]?.at,
    ]);
  });

  it('begins the ping in the round that finds the tunnel up, handing its Connected event over beside it', () => {
    expect(episodeOf(linkRun(run), ACTIVITY.beginPing)).toEqual(
      expect.arrayContaining([expect.stringContaining(':event:connection:azure:')]),
    );
    expect(at(run, ACTIVITY.beginPing)).toBe(at(run, ACTIVITY.getConnectionState, 'azure') + ACTIVITY_LATENCY);
    // A side found up while the other is still awaited has its event handed over in that round, not held back.
    expect(episodeOf(linkRun(run), ':event:connection:azureStack:')).not.toContain(ACTIVITY.beginPing);
  });

  it('hands Succeeded over and starts the health monitor in one last round, right after the ping', () => {
    expect(episodeOf(run, ACTIVITY.startMonitor)).toEqual(
      expect.arrayContaining([expect.stringContaining(':event:succeeded:all:')]),
    );
    // The ping is the link child's last step; the run's last round is its next episode once that child completed.
    expect(at(run, ACTIVITY.startMonitor)).toBe(at(run, ACTIVITY.getPingResult) + ACTIVITY_LATENCY + CHILD_LATENCY);
  });

  it('without the ping: the Connected event ends the link; Succeeded, the monitor and the key schedule go in one last round', async () => {
    const world = new CannedClouds({ gatewayMinutes: { azure: 40, azureStack: 15 }, tunnelMinutes: 1.5 });
    const quiet = await driveProvisioning(
      world,
      resolvedPlan({ 'options.verifyConnectivity': false, 'options.rotateKeyEveryDays': 30 }),
    );
    expect(quiet.runtimeStatus).toBe('Completed');
    expect(episodeOf(quiet, ACTIVITY.startKeySchedule)).toEqual(
      expect.arrayContaining([ACTIVITY.startMonitor, expect.stringContaining(':event:succeeded:all:')]),
    );
    // The link hands its Connected event over in the round that found the tunnel up, then completes.
    const found = at(quiet, ACTIVITY.getConnectionState, 'azure');
    const linkEpisode = episodeOf(linkRun(quiet), ':event:connection:azure:');
    expect(linkEpisode).not.toContain(ACTIVITY.getConnectionState);
    expect(at(quiet, ACTIVITY.startMonitor)).toBeGreaterThan(found);
    expect(world.keyScheduleStarts).toEqual([expect.objectContaining({ everyDays: 30 })]);
    // The events in the order they happened: Connected before Succeeded.
    const events = (quiet.customStatuses.at(-1) as ConnectionStatus).events;
    expect(events.slice(-2)).toEqual(['hc-contoso/connection/azure', 'hc-contoso/succeeded/all']);
  });

  it('reads each VM first on its schedule, not the moment it was begun', () => {
    expect(at(run, ACTIVITY.getVirtualMachineState, 'azure', 0) - begunAt(run, 'azure', 'virtualMachine')).toBe(
      20 * SECOND_MS,
    );
    expect(
      at(run, ACTIVITY.getVirtualMachineState, 'azureStack', 0) - begunAt(run, 'azureStack', 'virtualMachine'),
    ).toBe(MINUTE);
  });
});

describe('buildAndLink: failures', () => {
  it('gives up at options.gatewayTimeoutMinutes with a StageTimeoutError that says what to do', async () => {
    const run = await drive(
      { gatewayMinutes: { azure: undefined, azureStack: 15 }, vmMinutes: 1 },
      { 'options.gatewayTimeoutMinutes': 60 },
    );
    expect(run.runtimeStatus).toBe('Failed');
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({ code: 'StageTimeoutError', cloud: 'azure', stage: 'gateway' });
    expect(status.error?.message).toMatch(/options\.gatewayTimeoutMinutes/);
    expect(status.error?.message).toMatch(/last state: Updating/);
    // The last poll happens at the deadline (the schedule is capped by it), counted from the gateway's begin.
    const lastPoll = calls(run, ACTIVITY.getGatewayState, 'azure').at(-1)?.at ?? '';
    expect(minutesAfter(new Date(begunAt(run, 'azure', 'gateway')), lastPoll)).toBeCloseTo(60, 5);
    expect(status.stages.azure.gateway?.state).toBe('failed');
    expect(status.stages.azure.virtualMachine?.state).toBe('succeeded');
  });

  it('reports a gateway that ended Failed with the code the state read returns, and announces nothing of it', async () => {
    const run = await drive({
      gatewayMinutes: { azure: 25, azureStack: 15 },
      gatewayFailsWith: { azure: 'GatewaySubnetTooSmall' },
    });
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({ code: 'GatewaySubnetTooSmall', cloud: 'azure', stage: 'gateway' });
    expect(status.events).not.toContain('hc-contoso/gateway/azure');
    expect(status.events).not.toContain('hc-contoso/site/azure');
  });

  it('reports the gateway and the VM when both end Failed, in the order they did', async () => {
    const run = await drive({
      gatewayMinutes: { azure: 0, azureStack: 15 },
      gatewayFailsWith: { azure: 'GatewaySubnetTooSmall' },
      terminal: { [ACTIVITY.getVirtualMachineState]: { azure: 'OSProvisioningTimedOut' } },
    });
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    // The VM is read at once, the gateway first on its schedule: the VM's failure comes first.
    expect(status.errors?.map((f) => [f.cloud, f.stage, f.code])).toEqual([
      ['azure', 'virtualMachine', 'OSProvisioningTimedOut'],
      ['azure', 'gateway', 'GatewaySubnetTooSmall'],
    ]);
  });

  it('drains: a link step that fails while a gateway builds ends the run only once that gateway has ended', async () => {
    const world = new CannedClouds({
      gatewayMinutes: { azure: 40, azureStack: 15 },
      terminal: { [ACTIVITY.ensureLocalNetworkGateway]: { azureStack: 'InvalidGatewayIpAddress' } },
    });
    const run = await driveProvisioning(world);
    expect(run.runtimeStatus).toBe('Failed');
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({ code: 'InvalidGatewayIpAddress', cloud: 'azureStack' });
    // The failure showed in the (link child's) status at once, while both gateways still built.
    const statuses = linkStatuses(run);
    const shown = statuses.find((s) => s.error?.code === 'InvalidGatewayIpAddress');
    expect(shown?.stages.azure.gateway?.state).toBe('running');
    // No new work after it: no local network gateway for Azure, no connection; both gateways watched to their end.
    expect(calls(run, ACTIVITY.ensureLocalNetworkGateway, 'azure')).toHaveLength(0);
    expect(calls(run, ACTIVITY.beginConnection)).toHaveLength(0);
    expect(status.stages.azure.gateway?.state).toBe('succeeded');
    const failed = world.events.find((event) => event.type === 'HybridConnection.Provisioning.Failed');
    expect(Date.parse(failed?.time ?? '')).toBeGreaterThan(at(run, ACTIVITY.getGatewayState, 'azure'));
  });
});
