// provisionSite replayed through durable-functions with no host: step order and fan-out, the gateway monitor's
// adaptive intervals and deadline, and terminal results turned into a failed outcome naming cloud, stage and code.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import { ORCHESTRATION, siteInstanceId } from '../../orchestrations/names';
import type { ProvisionSiteInput, SiteOutcome } from '../../orchestrations/orchestrationTypes';
import {
  MINUTE_MS,
  SECOND_MS,
  gatewayPollBands,
  gatewayPollInterval,
  nextPollAfter,
  nextPollAt,
} from '../../orchestrations/pollSchedules';
import { classifyGateway } from '../../orchestrations/provisionSite';
import { provisionSiteInputFor } from '../../orchestrations/siteTargets';
import type { SiteStatus } from '../../orchestrations/statusTypes';
import { CannedClouds, type CannedCloudOptions } from './cannedClouds';
import { drive, type DriveResult } from './episodeDriver';
import { MINUTE, START, minutesAfter, resolvedPlan } from './fixtures';
import type { OrchestratorAction } from './invokeOrchestrator';

function siteInput(changes: Record<string, unknown> = {}, cloud: 'azure' | 'azureStack' = 'azure'): ProvisionSiteInput {
  return provisionSiteInputFor(resolvedPlan(changes), cloud);
}

function driveSite(options: CannedCloudOptions, input: ProvisionSiteInput = siteInput()): Promise<DriveResult> {
  return drive({
    name: ORCHESTRATION.provisionSite,
    instanceId: siteInstanceId(input.target.name, input.target.cloud),
    input,
    start: START,
    world: new CannedClouds(options),
    parent: { name: ORCHESTRATION.provisionHybridConnection, instanceId: 'hc-contoso', taskScheduleId: 1 },
  });
}

/** The top-level actions as names: a string per activity/timer, an array per Task.all. */
function shape(actions: readonly OrchestratorAction[]): (string | string[])[] {
  const nameOf = (action: OrchestratorAction): string =>
    action.actionType === 5 ? 'timer' : (action.functionName ?? `action${action.actionType}`);
  return actions.map((action) => (action.compoundActions ? action.compoundActions.map(nameOf) : nameOf(action)));
}

describe('provisionSite', () => {
  it('builds the group, then the VNet, then public IP + NIC in parallel, then gateway + VM in parallel', async () => {
    const run = await driveSite({ gatewayMinutes: { azure: 1 }, vmMinutes: 1 });
    const final = run.states.at(-1)?.actions[0] ?? [];
    expect(shape(final).slice(0, 5)).toEqual([
      ACTIVITY.ensureResourceGroup,
      ACTIVITY.ensureVirtualNetwork,
      [ACTIVITY.ensurePublicIp, ACTIVITY.ensureNetworkInterface],
      [ACTIVITY.beginGateway, ACTIVITY.beginVirtualMachine],
      [ACTIVITY.getGatewayState, ACTIVITY.getVirtualMachineState],
    ]);
    // ARM writes carry the write retry policy (5 attempts from 5 s, doubling, capped at 2 minutes).
    expect(final[0]).toMatchObject({
      actionType: 1,
      retryOptions: {
        firstRetryIntervalInMilliseconds: 5000,
        maxNumberOfAttempts: 5,
        backoffCoefficient: 2,
        maxRetryIntervalInMilliseconds: 120000,
      },
    });
    expect(run.runtimeStatus).toBe('Completed');
  });

  it('wires each step to the ids the previous one returned', async () => {
    const run = await driveSite({ gatewayMinutes: { azure: 1 }, vmMinutes: 1 });
    const input = (name: string) => run.calls.find((call) => call.name === name)?.input as Record<string, unknown>;
    const network = '/providers/Microsoft.Network/virtualNetworks/vnet-contoso';
    expect(String(input(ACTIVITY.ensureNetworkInterface).subnetId)).toMatch(
      new RegExp(`${network}/subnets/snet-contoso-workload$`),
    );
    expect(String(input(ACTIVITY.beginGateway).gatewaySubnetId)).toMatch(
      new RegExp(`${network}/subnets/GatewaySubnet$`),
    );
    expect(String(input(ACTIVITY.beginGateway).publicIpId)).toMatch(/publicIPAddresses\/pip-contoso-vgw$/);
    expect(input(ACTIVITY.beginGateway).sku).toBe('VpnGw1AZ');
    expect(String(input(ACTIVITY.beginVirtualMachine).networkInterfaceId)).toMatch(
      /networkInterfaces\/nic-contoso-vm$/,
    );
    const outcome = run.output as SiteOutcome;
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.site).toMatchObject({ cloud: 'azure', gatewayPublicIp: '20.50.1.10', vmPrivateIp: '10.100.1.4' });
      expect(outcome.events).toEqual(['hc-contoso/gateway/azure', 'hc-contoso/site/azure']);
    }
  });

  it('polls the gateway three times before its typical window (Azure: 30-45 minutes), then every 20 s in it', async () => {
    const run = await driveSite({ gatewayMinutes: { azure: 33 }, vmMinutes: 2 });
    const begun = Date.parse(run.calls.find((call) => call.name === ACTIVITY.beginGateway)?.at ?? '');
    const polls = run.calls
      .filter((call) => call.name === ACTIVITY.getGatewayState)
      .map((call) => (Date.parse(call.at) - begun) / SECOND_MS);
    // Begun at t, first poll right after the begin episode (t + 1 s activity latency), then the schedule.
    const offsets = polls.map((p) => p - (polls[0] ?? 0));
    expect(offsets.slice(0, 6)).toEqual([0, 600, 1200, 1800, 1820, 1840]);
    const late = offsets.slice(3);
    expect(late.every((value, i) => i === 0 || value - (late[i - 1] ?? 0) === 20)).toBe(true);
    // Done on the first poll at or after 33 minutes: no poll wasted after it.
    expect(offsets.at(-1)).toBeGreaterThanOrEqual(33 * 60 - 1);
    expect(offsets.at(-1)).toBeLessThan(33 * 60 + 20);
    // Each poll after the first was woken by a durable timer firing at exactly that time.
    const timers = new Set(
      (run.states.at(-1)?.actions[0] ?? []).filter((action) => action.actionType === 5).map((action) => action.fireAt),
    );
    const pollTimes = run.calls.filter((call) => call.name === ACTIVITY.getGatewayState).map((call) => call.at);
    expect(pollTimes.slice(1).every((at) => timers.has(at))).toBe(true);
    // The VM is polled on its own 15 s schedule in the same monitor.
    const vmPolls = run.calls.filter((call) => call.name === ACTIVITY.getVirtualMachineState).length;
    expect(vmPolls).toBeGreaterThanOrEqual(8);
    expect(vmPolls).toBeLessThanOrEqual(10);
  });

  it('publishes the VM private IP right after the NIC step and the gateway public IP once the gateway is ready', async () => {
    const run = await driveSite({ gatewayMinutes: { azure: 25 }, vmMinutes: 2 });
    const statuses = run.customStatuses as SiteStatus[];
    const firstVmIp = statuses.findIndex((status) => status.addresses?.vmPrivateIp !== undefined);
    const firstGatewayIp = statuses.findIndex((status) => status.addresses?.gatewayPublicIp !== undefined);
    const nicDone = statuses.findIndex((status) => status.stages.networkInterface?.state === 'succeeded');
    const gatewayDone = statuses.findIndex((status) => status.stages.gateway?.state === 'succeeded');
    // Published in the very episode the NIC step finished, while the gateway and the VM are only being started.
    expect(firstVmIp).toBeGreaterThan(0);
    expect(firstVmIp).toBe(nicDone);
    expect(statuses[firstVmIp]).toMatchObject({
      addresses: { vmPrivateIp: '10.100.1.4' },
      stages: { gateway: { state: 'running' }, virtualMachine: { state: 'running' } },
    });
    expect(statuses[firstVmIp].addresses?.gatewayPublicIp).toBeUndefined();
    // The VM is up long before the gateway: its IP is there, the gateway's not yet.
    const vmUpGatewayBuilding = statuses.find(
      (status) => status.stages.virtualMachine?.state === 'succeeded' && status.stages.gateway?.state === 'running',
    );
    expect(vmUpGatewayBuilding?.addresses).toEqual({ vmPrivateIp: '10.100.1.4' });
    // The gateway's public IP comes with the episode that saw the gateway provisioned, and not before.
    expect(firstGatewayIp).toBeGreaterThan(firstVmIp);
    expect(firstGatewayIp).toBe(gatewayDone);
    expect(statuses.at(-1)?.addresses).toEqual({ vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.50.1.10' });
    // The outcome the parent gets agrees with what was published.
    const outcome = run.output as SiteOutcome;
    if (outcome.ok) expect(outcome.site).toMatchObject(statuses.at(-1)?.addresses ?? {});
    expect(outcome.ok).toBe(true);
  });

  it('gives up at options.gatewayTimeoutMinutes with a StageTimeoutError that says what to do', async () => {
    const input = siteInput({ 'options.gatewayTimeoutMinutes': 60 });
    const run = await driveSite({ gatewayMinutes: { azure: undefined }, vmMinutes: 1 }, input);
    const outcome = run.output as SiteOutcome;
    expect(run.runtimeStatus).toBe('Completed');
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({ code: 'StageTimeoutError', cloud: 'azure', stage: 'gateway' });
    expect(outcome.failure.message).toMatch(/options\.gatewayTimeoutMinutes/);
    expect(outcome.failure.message).toMatch(/last state: Updating/);
    const begun = Date.parse(run.calls.find((call) => call.name === ACTIVITY.beginGateway)?.at ?? '');
    const lastPoll = run.calls.filter((call) => call.name === ACTIVITY.getGatewayState).at(-1);
    // The last poll happens at the deadline (the schedule is capped by it), measured from the monitor's start.
    expect(minutesAfter(new Date(begun), lastPoll?.at ?? '')).toBeCloseTo(60, 1);
    expect(outcome.stages.gateway?.state).toBe('failed');
    expect(outcome.stages.virtualMachine?.state).toBe('succeeded');
  });

  it('turns a terminal {ok:false} into a failed outcome naming cloud, stage and ARM code', async () => {
    const input = siteInput({}, 'azureStack');
    const run = await driveSite(
      { terminal: { [ACTIVITY.ensureVirtualNetwork]: { azureStack: 'InUseSubnetCannotBeUpdated' } } },
      input,
    );
    const outcome = run.output as SiteOutcome;
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.failure).toMatchObject({
      code: 'InUseSubnetCannotBeUpdated',
      cloud: 'azureStack',
      stage: 'virtualNetwork',
      httpStatus: 400,
    });
    expect(outcome.failure.hint).toMatch(/subnet in use/);
    // Nothing after the VNet was attempted.
    expect(run.calls.map((call) => call.name)).toEqual([ACTIVITY.ensureResourceGroup, ACTIVITY.ensureVirtualNetwork]);
    const status = run.customStatuses.at(-1) as SiteStatus;
    expect(status.error?.code).toBe('InUseSubnetCannotBeUpdated');
    expect(status.stages.virtualNetwork?.state).toBe('failed');
  });

  it('reports a gateway that ended Failed with the code the state read returns', async () => {
    const run = await driveSite({
      gatewayMinutes: { azure: 25 },
      gatewayFailsWith: { azure: 'GatewaySubnetTooSmall' },
    });
    const outcome = run.output as SiteOutcome;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.failure).toMatchObject({ code: 'GatewaySubnetTooSmall', cloud: 'azure', stage: 'gateway' });
    // No Gateway.Ready or Site.Ready for a failed site.
    expect(outcome.events).toEqual([]);
  });

  it('reports both parallel branches when both fail: the public IP and the NIC', async () => {
    const run = await driveSite({
      terminal: {
        [ACTIVITY.ensurePublicIp]: { azure: 'PublicIPCountLimitReached' },
        [ACTIVITY.ensureNetworkInterface]: { azure: 'SubnetIsFull' },
      },
    });
    const outcome = run.output as SiteOutcome;
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'PublicIPCountLimitReached', stage: 'publicIp' } });
    expect(!outcome.ok && outcome.failures?.map((f) => [f.code, f.stage])).toEqual([
      ['PublicIPCountLimitReached', 'publicIp'],
      ['SubnetIsFull', 'networkInterface'],
    ]);
    const status = run.customStatuses.at(-1) as SiteStatus;
    expect(status.error?.code).toBe('PublicIPCountLimitReached');
    expect(status.errors?.map((f) => f.code)).toEqual(['PublicIPCountLimitReached', 'SubnetIsFull']);
  });

  it('reports the gateway and the VM when both end Failed in the same poll round', async () => {
    const run = await driveSite({
      gatewayMinutes: { azure: 0 },
      gatewayFailsWith: { azure: 'GatewaySubnetTooSmall' },
      terminal: { [ACTIVITY.getVirtualMachineState]: { azure: 'OSProvisioningTimedOut' } },
    });
    const outcome = run.output as SiteOutcome;
    expect(!outcome.ok && outcome.failures?.map((f) => [f.code, f.stage])).toEqual([
      ['GatewaySubnetTooSmall', 'gateway'],
      ['OSProvisioningTimedOut', 'virtualMachine'],
    ]);
  });
});

describe('poll schedules', () => {
  it('gateway bands from the site profile: rare before the typical window, every 20 s in it, every 2 minutes after', () => {
    const azure = gatewayPollInterval({ from: 30, to: 45 });
    expect(azure(0)).toBe(10 * MINUTE_MS);
    // Cut short at the window's start, so the first dense poll is not skipped.
    expect(azure(25 * MINUTE_MS)).toBe(5 * MINUTE_MS);
    expect(azure(30 * MINUTE_MS)).toBe(20 * SECOND_MS);
    expect(azure(44 * MINUTE_MS + 50 * SECOND_MS)).toBe(10 * SECOND_MS);
    expect(azure(45 * MINUTE_MS)).toBe(2 * MINUTE_MS);
    // Azure Stack Hub's shorter window: three early reads over its 10 minutes.
    expect(gatewayPollInterval({ from: 10, to: 20 })(0)).toBe(200 * SECOND_MS);
    expect(gatewayPollBands({ from: 10, to: 20 }).at(-1)?.untilMs).toBe(Number.POSITIVE_INFINITY);
  });

  it('never schedules a poll past the deadline', () => {
    const started = 0;
    const deadline = 10 * MINUTE;
    const interval = gatewayPollInterval({ from: 30, to: 45 });
    expect(nextPollAt(9 * MINUTE, started, deadline, interval)).toBe(deadline);
    expect(nextPollAt(29 * MINUTE, started, 60 * MINUTE, interval)).toBe(30 * MINUTE);
  });

  it('counts the next poll from when the last one was due, unless the run fell a whole interval behind', () => {
    const every20s = () => 20 * SECOND_MS;
    // Due at 100 s, run at 104 s (the host's delay): the next is still due at 120 s.
    expect(nextPollAfter(100 * SECOND_MS, 104 * SECOND_MS, 0, MINUTE * 60, every20s)).toBe(120 * SECOND_MS);
    // Run at 130 s, past the next due time: one interval from now, never a burst of catch-up reads.
    expect(nextPollAfter(100 * SECOND_MS, 130 * SECOND_MS, 0, MINUTE * 60, every20s)).toBe(150 * SECOND_MS);
  });

  it('waits for a Succeeded gateway to get its public IP', () => {
    const site = { cloud: 'azureStack' as const, stage: 'gateway' as const };
    expect(classifyGateway({ provisioningState: 'Succeeded' }, site)).toMatchObject({ kind: 'pending' });
    expect(classifyGateway({ provisioningState: 'Succeeded', publicIpAddress: '1.2.3.4' }, site)).toEqual({
      kind: 'done',
    });
    expect(classifyGateway({ provisioningState: 'NotFound' }, site)).toMatchObject({
      kind: 'failed',
      failure: { code: 'ResourceNotFound' },
    });
  });
});
