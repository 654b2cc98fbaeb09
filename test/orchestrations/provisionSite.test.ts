// provisionSite replayed through durable-functions with no host: it lays one site down (group, VNet and public IP,
// gateway begin and NIC, VM begin) and returns as soon as both long builds are begun, with what the parent needs to
// watch them and link the sites; terminal results become a failed outcome naming cloud, stage and code, and what
// was begun before. The builds themselves are watched by the parent (buildAndLink.test.ts).
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import { ORCHESTRATION, siteInstanceId } from '../../orchestrations/names';
import type { ProvisionSiteInput, SiteOutcome } from '../../orchestrations/orchestrationTypes';
import { provisionSiteInputFor } from '../../orchestrations/siteTargets';
import type { SiteStatus } from '../../orchestrations/statusTypes';
import { CannedClouds, type CannedCloudOptions } from './cannedClouds';
import { drive, type DriveResult } from './episodeDriver';
import { START, resolvedPair } from './fixtures';
import type { OrchestratorAction } from './invokeOrchestrator';

function siteInput(changes: Record<string, unknown> = {}, cloud: 'azure' | 'azureStack' = 'azure'): ProvisionSiteInput {
  return provisionSiteInputFor(resolvedPair(changes), cloud);
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
  it('lays the site down with the gateway first: group, VNet + public IP, gateway begin + NIC, VM begin, done', async () => {
    const run = await driveSite({});
    const final = run.states.at(-1)?.actions[0] ?? [];
    // The gateway needs only the VNet and the public IP: it is begun one step after them, the VM one step later.
    // No poll and no timer: the parent watches both builds.
    expect(shape(final)).toEqual([
      ACTIVITY.ensureResourceGroup,
      [ACTIVITY.ensureVirtualNetwork, ACTIVITY.ensurePublicIp],
      [ACTIVITY.beginGateway, ACTIVITY.ensureNetworkInterface],
      ACTIVITY.beginVirtualMachine,
    ]);
    // ARM writes are plain activity calls: the orchestration runs their retries itself (settleAll), so a retry can
    // wait out the Retry-After the last answer named.
    expect(final[0]).toMatchObject({ actionType: 0, functionName: ACTIVITY.ensureResourceGroup });
    expect(final[0]).not.toHaveProperty('retryOptions');
    expect(run.runtimeStatus).toBe('Completed');
  });

  it('retries a throttled write only after the Retry-After its last answer named, on a durable timer', async () => {
    // 429 twice with Retry-After 120 s (longer than the 5 s and 10 s backoff): each retry waits the 120 s.
    const error = { code: 'SubscriptionRequestsThrottled', httpStatus: 429, retryAfterSeconds: 120 };
    const run = await driveSite({
      flaky: { [ACTIVITY.ensureResourceGroup]: { azure: { error, times: 2, latencyMs: 1000 } } },
    });
    expect(run.runtimeStatus).toBe('Completed');
    const attempts = run.calls
      .filter((call) => call.name === ACTIVITY.ensureResourceGroup)
      .map((call) => Date.parse(call.at));
    expect(attempts).toHaveLength(3);
    // Each attempt took 1 s (its latency) before it failed: the next one comes 120 s after that answer, not 5 s.
    expect(attempts[1] - attempts[0]).toBe(1000 + 120_000);
    expect(attempts[2] - attempts[1]).toBe(1000 + 120_000);
  });

  it("retries on the backoff when the answer named no wait, and stops after the policy's attempts", async () => {
    const error = { code: 'ServiceUnavailable', httpStatus: 503 };
    const run = await driveSite({ throws: { [ACTIVITY.ensureResourceGroup]: { azure: error } } });
    const attempts = run.calls
      .filter((call) => call.name === ACTIVITY.ensureResourceGroup)
      .map((call) => Date.parse(call.at));
    // 5 attempts: 5 s, 10 s, 20 s, 40 s after each failure (the default activity latency is 1 s).
    expect(attempts.slice(1).map((at, index) => at - attempts[index])).toEqual([6000, 11_000, 21_000, 41_000]);
    const output = run.output as SiteOutcome;
    expect(output.ok).toBe(false);
    expect(output.ok ? undefined : output.failure).toMatchObject({
      code: 'ServiceUnavailable',
      stage: 'resourceGroup',
    });
  });

  it('wires each step to the ids the previous one returned and hands the parent what it watches and links', async () => {
    const run = await driveSite({});
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
    if (!outcome.ok) return;
    const begunAt = (name: string) => run.calls.find((call) => call.name === name)?.at ?? '';
    expect(outcome.started).toMatchObject({
      cloud: 'azure',
      vmPrivateIp: '10.100.1.4',
      // Azure's public IP is Static: its address is known now, so Stack Hub's local network gateway need not wait.
      publicIpAddress: '20.50.1.10',
      addressSpace: ['10.100.0.0/16'],
      gateway: { provisioningState: 'Updating' },
      virtualMachine: { provisioningState: 'Creating' },
    });
    expect(outcome.started.gateway.id).toMatch(/virtualNetworkGateways\/vgw-contoso$/);
    // Each build's schedule counts from its begin, in orchestration time (the episode after the begin answered).
    expect(Date.parse(outcome.started.gateway.begunAt)).toBe(Date.parse(begunAt(ACTIVITY.beginGateway)) + 1000);
    expect(Date.parse(outcome.started.virtualMachine.begunAt)).toBe(
      Date.parse(begunAt(ACTIVITY.beginVirtualMachine)) + 1000,
    );
    // Gateway.Ready and Site.Ready are the parent's now, once it has seen the builds end.
    expect(outcome.events).toEqual([]);
    expect(outcome.stages.gateway).toMatchObject({ state: 'running', detail: 'Updating' });
    expect(outcome.stages.virtualMachine).toMatchObject({ state: 'running', detail: 'Creating' });
  });

  it('has no address to hand over for a Dynamic public IP (Stack Hub): it comes with the gateway', async () => {
    const run = await driveSite({}, siteInput({}, 'azureStack'));
    const outcome = run.output as SiteOutcome;
    expect(outcome.ok && outcome.started.publicIpAddress).toBeUndefined();
  });

  it('publishes the VM private IP as soon as the NIC step finished, while the gateway is building', async () => {
    const run = await driveSite({});
    const statuses = run.customStatuses as SiteStatus[];
    const firstVmIp = statuses.findIndex((status) => status.addresses?.vmPrivateIp !== undefined);
    const nicDone = statuses.findIndex((status) => status.stages.networkInterface?.state === 'succeeded');
    expect(firstVmIp).toBeGreaterThan(0);
    expect(firstVmIp).toBe(nicDone);
    expect(statuses[firstVmIp]).toMatchObject({
      addresses: { vmPrivateIp: '10.100.1.4' },
      stages: { gateway: { state: 'running' }, virtualMachine: { state: 'running' } },
    });
    expect(statuses.at(-1)?.addresses).toEqual({ vmPrivateIp: '10.100.1.4' });
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
    // Nothing after the VNet's step was attempted, and nothing long was begun.
    expect(run.calls.map((call) => call.name)).toEqual([
      ACTIVITY.ensureResourceGroup,
      ACTIVITY.ensureVirtualNetwork,
      ACTIVITY.ensurePublicIp,
    ]);
    expect(outcome.begun).toBeUndefined();
    const status = run.customStatuses.at(-1) as SiteStatus;
    expect(status.error?.code).toBe('InUseSubnetCannotBeUpdated');
    expect(status.stages.virtualNetwork?.state).toBe('failed');
  });

  it('reports both parallel branches when both fail: the VNet and the public IP', async () => {
    const run = await driveSite({
      terminal: {
        [ACTIVITY.ensureVirtualNetwork]: { azure: 'InUseSubnetCannotBeUpdated' },
        [ACTIVITY.ensurePublicIp]: { azure: 'PublicIPCountLimitReached' },
      },
    });
    const outcome = run.output as SiteOutcome;
    expect(outcome).toMatchObject({
      ok: false,
      failure: { code: 'InUseSubnetCannotBeUpdated', stage: 'virtualNetwork' },
    });
    expect(!outcome.ok && outcome.failures?.map((f) => [f.code, f.stage])).toEqual([
      ['InUseSubnetCannotBeUpdated', 'virtualNetwork'],
      ['PublicIPCountLimitReached', 'publicIp'],
    ]);
    const status = run.customStatuses.at(-1) as SiteStatus;
    expect(status.errors?.map((f) => f.code)).toEqual(['InUseSubnetCannotBeUpdated', 'PublicIPCountLimitReached']);
  });

  it('a NIC that fails beside a gateway begun hands the gateway over as begun, still building, not failed', async () => {
    const run = await driveSite({ terminal: { [ACTIVITY.ensureNetworkInterface]: { azure: 'SubnetIsFull' } } });
    const outcome = run.output as SiteOutcome;
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'SubnetIsFull', stage: 'networkInterface' } });
    if (outcome.ok) return;
    // The parent watches it end before it fails the run, so a rollback never deletes a gateway mid-build.
    expect(outcome.begun?.gateway).toMatchObject({ provisioningState: 'Updating' });
    expect(outcome.begun?.virtualMachine).toBeUndefined();
    expect(outcome.stages.gateway?.state).toBe('running');
    expect(outcome.stages.networkInterface?.state).toBe('failed');
    expect(run.calls.map((call) => call.name)).not.toContain(ACTIVITY.beginVirtualMachine);
  });
});
