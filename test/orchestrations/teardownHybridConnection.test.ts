// teardownHybridConnection replayed through durable-functions with no host: both clouds in parallel, each deleting
// its managed resources in the listed order and waiting until each is gone, then Teardown.Completed.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import { MONITOR_STOP_TIMEOUT_MS } from '../../orchestrations/monitorStop';
import { ORCHESTRATION, teardownInstanceId } from '../../orchestrations/names';
import type { TeardownInput, TeardownSummary } from '../../orchestrations/orchestrationTypes';
import { versionedPlan } from '../../orchestrations/planInput';
import { firstPairOf } from '../../lib/plan';
import { siteTargetsFor } from '../../orchestrations/siteTargets';
import type { TeardownStatus } from '../../orchestrations/statusTypes';
import { resolveTeardownInput } from '../../orchestrations/teardownHybridConnection';
import { byKind, selectIds } from '../../orchestrations/teardownSite';
import { CannedClouds, managedIds, type CannedCloudOptions } from './cannedClouds';
import { drive, type DriveResult } from './episodeDriver';
import { FLEET_SITES, START, fleetPlan, fleetWorld, oneSitePlan, resolvedPair, resolvedPlan } from './fixtures';

function driveTeardown(
  input: TeardownInput,
  options: CannedCloudOptions = {},
  world: CannedClouds = new CannedClouds(options),
): Promise<{ run: DriveResult; world: CannedClouds }> {
  return drive({
    name: ORCHESTRATION.teardownHybridConnection,
    instanceId: teardownInstanceId('contoso'),
    input,
    start: START,
    world,
  }).then((run) => ({ run, world }));
}

describe('teardownHybridConnection', () => {
  it('deletes both clouds in parallel, dependents first, and publishes Teardown.Completed with the ids', async () => {
    const plan = resolvedPlan();
    const { run, world } = await driveTeardown(versionedPlan(plan));
    expect(run.runtimeStatus).toBe('Completed');
    const targets = siteTargetsFor(firstPairOf(plan));
    const summary = run.output as TeardownSummary;
    expect(summary.deleted).toEqual({ azure: managedIds(targets.azure), azureStack: managedIds(targets.azureStack) });
    // Each cloud ran as its own child; both started at the same time.
    const first = (instance: string) => run.calls.find((call) => call.instanceId === instance)?.at;
    expect(first('hc-contoso:teardown:azure')).toBeDefined();
    expect(first('hc-contoso:teardown:azure')).toBe(first('hc-contoso:teardown:azureStack'));
    // One delete at a time per cloud: the next begins only after the previous one is gone.
    const azureCalls = run.calls.filter((call) => call.instanceId === 'hc-contoso:teardown:azure');
    const begins = azureCalls
      .filter((call) => call.name === ACTIVITY.beginDeleteResource)
      .map((call) => (call.input as { id: string }).id);
    expect(begins).toEqual(managedIds(targets.azure));
    expect(world.events.map((event) => [event.id, event.type])).toEqual([
      ['hc-contoso/teardown/all', 'HybridConnection.Teardown.Completed'],
    ]);
    expect(world.events[0]?.data).toEqual({ deleted: summary.deleted });
    expect((run.customStatuses.at(-1) as TeardownStatus).clouds.azure).toMatchObject({ state: 'succeeded' });
  });

  it('accepts {plan} without a version (teardowns started before versions) and version 1 like version 2', async () => {
    const plan = resolvedPlan();
    const bare = await driveTeardown({ plan: oneSitePlan(plan) } as never);
    const one = await driveTeardown({ planVersion: 1, plan: oneSitePlan(plan) } as never);
    const versioned = await driveTeardown(versionedPlan(plan));
    expect(bare.run.runtimeStatus).toBe('Completed');
    expect(bare.run.output).toEqual(versioned.run.output);
    expect(bare.run.calls).toEqual(versioned.run.calls);
    expect(one.run.calls).toEqual(versioned.run.calls);
  });

  it('accepts explicit targets instead of a plan', async () => {
    const targets = siteTargetsFor(resolvedPair());
    const { run } = await driveTeardown({ name: 'contoso', targets });
    expect(run.runtimeStatus).toBe('Completed');
    expect((run.output as TeardownSummary).deleted.azureStack).toHaveLength(managedIds(targets.azureStack).length);
  });

  it('fails naming cloud and code when a delete is refused, keeping what was already deleted', async () => {
    const { run } = await driveTeardown(versionedPlan(resolvedPlan()), {
      terminal: { [ACTIVITY.beginDeleteResource]: { azureStack: 'ResourceGroupBeingDeleted' } },
    });
    expect(run.runtimeStatus).toBe('Failed');
    expect(run.error).toMatch(/^ResourceGroupBeingDeleted at azureStack\/teardown:/);
    const status = run.customStatuses.at(-1) as TeardownStatus;
    expect(status.clouds.azure?.state).toBe('succeeded');
    expect(status.clouds.azureStack).toMatchObject({ state: 'failed', deleted: [] });
  });

  it('reports both clouds when both teardowns fail', async () => {
    const { run } = await driveTeardown(versionedPlan(resolvedPlan()), {
      terminal: { [ACTIVITY.beginDeleteResource]: { azure: 'ScopeLocked', azureStack: 'ResourceGroupBeingDeleted' } },
    });
    expect(run.error).toMatch(
      /^ScopeLocked at azure\/teardown: .* \(also: ResourceGroupBeingDeleted at azureStack\/teardown\)$/,
    );
    const status = run.customStatuses.at(-1) as TeardownStatus;
    expect(status.error?.code).toBe('ScopeLocked');
    expect(status.errors?.map((f) => [f.cloud, f.code])).toEqual([
      ['azure', 'ScopeLocked'],
      ['azureStack', 'ResourceGroupBeingDeleted'],
    ]);
  });

  it('refuses an input that is neither a plan nor both targets', () => {
    expect(
      resolveTeardownInput({ name: 'contoso', targets: { azure: siteTargetsFor(resolvedPair()).azure } } as never),
    ).toMatchObject({
      ok: false,
      failure: { code: 'InvalidTeardownInput' },
    });
    expect(resolveTeardownInput({ plan: { name: 'x' } } as never)).toMatchObject({
      ok: false,
      failure: {
        code: 'InvalidPlanInput',
        message: expect.stringMatching(/^plan\.azure must be an object/) as unknown,
      },
    });
    expect(resolveTeardownInput({ planVersion: 7, plan: resolvedPlan() } as never)).toMatchObject({
      ok: false,
      failure: { code: 'UnsupportedPlanVersion' },
    });
  });

  it('groups the listed ids in runs of one type, so the resources of a kind go together', () => {
    const id = (type: string, name: string) => `/subscriptions/s/resourceGroups/rg/providers/${type}/${name}`;
    const [cn1, cn2, lgw, vm] = [
      id('Microsoft.Network/connections', 'cn-a'),
      id('Microsoft.Network/connections', 'cn-b'),
      id('Microsoft.Network/localNetworkGateways', 'lgw-a'),
      id('Microsoft.Compute/virtualMachines', 'vm'),
    ];
    expect(byKind([cn1, cn2, lgw, vm, '/subscriptions/s/resourceGroups/rg'])).toEqual([
      [cn1, cn2],
      [lgw],
      [vm],
      ['/subscriptions/s/resourceGroups/rg'],
    ]);
  });

  it('waits for a busy health monitor to end on its own before deleting anything, without terminating it', async () => {
    const stopsAt = new Date(START.getTime() + 3 * 60_000);
    const { run, world } = await driveTeardown(versionedPlan(resolvedPlan()), { monitorRunningUntil: stopsAt });
    expect(run.runtimeStatus).toBe('Completed');
    expect(world.monitorStops.some((stop) => stop.terminate)).toBe(false);
    const lastPoll = world.monitorStops.at(-1)?.at ?? 0;
    expect(lastPoll).toBeGreaterThanOrEqual(stopsAt.getTime());
    const firstDelete = run.calls.find((call) => call.name === ACTIVITY.beginDeleteResource);
    expect(Date.parse(firstDelete?.at ?? '')).toBeGreaterThanOrEqual(lastPoll);
  });

  it('terminates a monitor still running after five minutes, then tears down', async () => {
    const { run, world } = await driveTeardown(versionedPlan(resolvedPlan()), { monitorRunningUntil: true });
    expect(run.runtimeStatus).toBe('Completed');
    const terminated = world.monitorStops.filter((stop) => stop.terminate);
    expect(terminated).toHaveLength(1);
    // The first poll after five minutes terminates it (a poll is a read and a two-second timer).
    const waited = (terminated[0]?.at ?? 0) - START.getTime();
    expect(MONITOR_STOP_TIMEOUT_MS).toBe(5 * 60_000);
    expect(waited).toBeGreaterThanOrEqual(MONITOR_STOP_TIMEOUT_MS);
    expect(waited).toBeLessThan(MONITOR_STOP_TIMEOUT_MS + 5_000);
    expect(world.monitorStops.at(-1)?.terminate).toBe(true);
    expect((run.output as TeardownSummary).deleted.azure.length).toBeGreaterThan(0);
  });

  it('keeps the listed order and compares ARM ids case-insensitively', () => {
    expect(selectIds(['/A/b', '/C/d', '/E/f'], ['/e/F', '/a/B'])).toEqual(['/A/b', '/E/f']);
    expect(selectIds(['/A/b'], undefined)).toEqual(['/A/b']);
  });
});

describe('teardownHybridConnection of a fleet', () => {
  let run: DriveResult;
  let world: CannedClouds;
  const plan = fleetPlan();

  beforeAll(async () => {
    ({ run, world } = await driveTeardown(versionedPlan(plan), {}, fleetWorld()));
  });

  it("tears the hub and every site's stamp down in parallel, each its own child", () => {
    expect(run.runtimeStatus).toBe('Completed');
    const children = ['hc-contoso:teardown:azure', ...FLEET_SITES.map((site) => `hc-contoso:teardown:site-${site}`)];
    expect([...run.children.keys()].filter((id) => !id.includes(':event:')).sort()).toEqual([...children].sort());
    const first = (instance: string) => run.calls.find((call) => call.instanceId === instance)?.at;
    expect(new Set(children.map(first)).size).toBe(1);
  });

  it("deletes on the hub every site's connection together, then every site's local network gateway, then its own", () => {
    const begins = run.calls.filter(
      (call) => call.instanceId === 'hc-contoso:teardown:azure' && call.name === ACTIVITY.beginDeleteResource,
    );
    const name = (call: (typeof begins)[number]) => (call.input as { id: string }).id.split('/').at(-1);
    expect(begins.map(name)).toEqual([
      ...FLEET_SITES.map((site) => `cn-contoso-to-${site}`),
      ...FLEET_SITES.map((site) => `lgw-contoso-to-${site}`),
      'vm-contoso',
      'osdisk-contoso-vm',
      'nic-contoso-vm',
      'vgw-contoso',
      'pip-contoso-vgw',
      'vnet-contoso',
      'rg-contoso-hybrid',
    ]);
    // A kind's resources begin together; the next kind only once they are gone.
    const at = (index: number) => begins[index]?.at;
    expect(new Set([0, 1, 2].map(at)).size).toBe(1);
    expect(new Set([3, 4, 5].map(at)).size).toBe(1);
    expect(Date.parse(at(3) ?? '')).toBeGreaterThan(Date.parse(at(0) ?? ''));
  });

  it('reports each site, in the summary, the status and Teardown.Completed', () => {
    const summary = run.output as TeardownSummary;
    expect(Object.keys(summary.sites ?? {})).toEqual([...FLEET_SITES]);
    expect(summary.sites?.south?.some((id) => id.endsWith('/resourceGroups/rg-south'))).toBe(true);
    expect(summary.deleted.azureStack).toEqual(summary.sites?.north);
    const status = run.customStatuses.at(-1) as TeardownStatus;
    expect(Object.values(status.sites ?? {}).map((site) => site.state)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(world.events.map((event) => event.data)).toEqual([{ deleted: summary.deleted, sites: summary.sites }]);
  });

  it("names the site whose stamp's teardown failed", async () => {
    const failing = fleetWorld({ sites: { east: { terminal: { [ACTIVITY.beginDeleteResource]: 'ScopeLocked' } } } });
    const { run: failed } = await driveTeardown(versionedPlan(plan), {}, failing);
    expect(failed.runtimeStatus).toBe('Failed');
    const status = failed.customStatuses.at(-1) as TeardownStatus;
    expect(status.errors?.map((f) => [f.cloud, f.site, f.code])).toEqual([['azureStack', 'east', 'ScopeLocked']]);
    expect(status.sites?.east?.state).toBe('failed');
    expect(status.sites?.north?.state).toBe('succeeded');
  });
});
