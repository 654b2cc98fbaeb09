// Transit between sites through the hub (options.transit) against canned clouds, whose transit ping gets replies only
// where the stamps' local network gateways route it: each site's stamp-side gateway lists the hub's and the other
// sites' address spaces (the hub's of each site still its own only), and once every site is linked the first site's
// VM pings the second's. Without transit nothing of that happens; a ping with no reply fails the run; a replacing run
// (a site added or removed, or transit turned on) rewrites the staying sites' stamp-side lists.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import type { ConnectionStatus } from '../../orchestrations/statusTypes';
import type { CannedClouds } from './cannedClouds';
import type { DriveResult } from './episodeDriver';
import {
  FLEET_OCTETS as OCTET,
  FLEET_SITES as SITES,
  driveProvisioning,
  driveReplacement,
  fleetPlan,
  fleetWorld,
} from './fixtures';
import { callsOf, on, statusAfter } from './fleetRun';

const HUB = '10.100.0.0/16';
const space = (site: string): string => `10.${OCTET[site as keyof typeof OCTET] ?? 4}.0.0/16`;

/** Pings whose VM is on a stamp (the transit ping): the site that pinged and the address it pinged. */
function stampPings(run: DriveResult): { from: string | undefined; targetIp: string; vm: string }[] {
  return callsOf(run, ACTIVITY.beginPing, (input) => (input.target as { cloud: string }).cloud === 'azureStack').map(
    (call) => {
      const input = call.input as { target: { site?: string }; targetIp: string; virtualMachineId: string };
      return { from: input.target.site, targetIp: input.targetIp, vm: input.virtualMachineId };
    },
  );
}

/** What the stamp-side local network gateway of `site` was last asked to list. */
function stampPrefixes(run: DriveResult, site: string): unknown {
  return callsOf(run, ACTIVITY.ensureLocalNetworkGateway, on('azureStack', site)).at(-1)?.input;
}

function succeededData(world: CannedClouds): Record<string, unknown> | undefined {
  return world.events.find((event) => event.type === 'HybridConnection.Provisioning.Succeeded')?.data as
    Record<string, unknown> | undefined;
}

describe('a fleet of three sites with transit', () => {
  let run: DriveResult;
  let world: CannedClouds;
  const plan = fleetPlan({ 'options.transit': true });

  beforeAll(async () => {
    world = fleetWorld();
    run = await driveProvisioning(world, plan);
  });

  it("lists on each stamp the hub's and the other sites' spaces, on the hub each site's own", () => {
    expect(run.runtimeStatus).toBe('Completed');
    for (const site of SITES) {
      const others = SITES.filter((other) => other !== site).map(space);
      expect(stampPrefixes(run, site)).toMatchObject({ addressPrefixes: [HUB, ...others] });
      const [hubSide] = callsOf(run, ACTIVITY.ensureLocalNetworkGateway, on('azure', site));
      expect(hubSide?.input).toMatchObject({ addressPrefixes: [space(site)] });
    }
  });

  it("pings the second site's VM from the first site's, once, after every site is linked", () => {
    expect(stampPings(run)).toEqual([
      {
        from: 'north',
        targetIp: '10.2.1.4',
        vm: expect.stringMatching(
          /\/resourceGroups\/rg-north\/providers\/Microsoft\.Compute\/virtualMachines\//,
        ) as unknown,
      },
    ]);
    const [ping] = callsOf(run, ACTIVITY.beginPing, on('azureStack', 'north'));
    for (const site of SITES) {
      const link = run.children.get(`hc-contoso:link-${site}`);
      expect({ site, linkedFirst: (link?.endedAt.getTime() ?? Infinity) <= Date.parse(ping?.at ?? '') }).toEqual({
        site,
        linkedFirst: true,
      });
    }
  });

  it('records the ping in the run’s status, the status document and Succeeded', () => {
    const transit = (run.customStatuses.at(-1) as ConnectionStatus).transit;
    expect(transit).toMatchObject({
      state: 'succeeded',
      from: 'north',
      to: 'south',
      reachable: true,
      packetsSent: 4,
      packetsReceived: 4,
    });
    expect(Date.parse(transit?.endedAt ?? '')).toBeGreaterThan(Date.parse(transit?.startedAt ?? ''));
    expect(statusAfter(run, plan).transit).toEqual(transit);
    // Before any status: pending, from the run's input.
    const pending = statusAfter({ ...run, runtimeStatus: 'Completed', customStatuses: [] }, plan).transit;
    expect(pending).toEqual({ state: 'pending', from: 'north', to: 'south' });
    expect(succeededData(world)?.transit).toEqual({ from: 'north', to: 'south', reachable: true });
  });
});

describe('the same fleet without transit', () => {
  it("lists the hub's space alone on each stamp and pings no site from another", async () => {
    const world = fleetWorld();
    const plan = fleetPlan();
    const run = await driveProvisioning(world, plan);
    expect(run.runtimeStatus).toBe('Completed');
    for (const site of SITES) expect(stampPrefixes(run, site)).toMatchObject({ addressPrefixes: [HUB] });
    expect(stampPings(run)).toEqual([]);
    expect((run.customStatuses.at(-1) as ConnectionStatus).transit).toBeUndefined();
    expect(statusAfter(run, plan)).not.toHaveProperty('transit');
    expect(succeededData(world)).not.toHaveProperty('transit');
  });
});

describe('transit with verifyConnectivity off', () => {
  it('writes the lists but skips the ping, as it skips the hub’s', async () => {
    const world = fleetWorld();
    const run = await driveProvisioning(
      world,
      fleetPlan({ 'options.transit': true, 'options.verifyConnectivity': false }),
    );
    expect(run.runtimeStatus).toBe('Completed');
    expect(stampPrefixes(run, 'east')).toMatchObject({ addressPrefixes: [HUB, space('north'), space('south')] });
    expect(callsOf(run, ACTIVITY.beginPing)).toEqual([]);
    expect((run.customStatuses.at(-1) as ConnectionStatus).transit).toEqual({
      state: 'skipped',
      from: 'north',
      to: 'south',
    });
    expect(succeededData(world)?.transit).toEqual({ from: 'north', to: 'south', reachable: null });
  });
});

describe('a transit ping with no reply', () => {
  let run: DriveResult;
  let world: CannedClouds;

  beforeAll(async () => {
    world = fleetWorld({ transitReachable: false });
    run = await driveProvisioning(world, fleetPlan({ 'options.transit': true }));
  });

  it('fails the run with TransitUnreachable at the pinging site, every site linked all the same', () => {
    expect(run.runtimeStatus).toBe('Failed');
    expect(run.error).toMatch(/^TransitUnreachable at azureStack-north\/verify: the VM of site north could not ping/);
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.errors).toEqual([
      expect.objectContaining({
        code: 'TransitUnreachable',
        cloud: 'azureStack',
        site: 'north',
        stage: 'verify',
        hint: expect.stringMatching(/local network gateway on its stamp/) as unknown,
      }),
    ]);
    expect(status.transit).toMatchObject({ state: 'failed', reachable: false, packetsReceived: 0 });
    for (const site of SITES) {
      const link = run.children.get(`hc-contoso:link-${site}`);
      expect({ site, runtime: link?.runtimeStatus, ok: (link?.output as { ok?: boolean }).ok }).toEqual({
        site,
        runtime: 'Completed',
        ok: true,
      });
    }
    const failed = world.events.find((event) => event.type === 'HybridConnection.Provisioning.Failed');
    expect(failed).toMatchObject({
      id: 'hc-contoso/failed/azureStack-north',
      data: { code: 'TransitUnreachable', stage: 'verify' },
    });
  });
});

describe('replacing a fleet with transit', () => {
  it("rewrites each staying site's stamp list when south leaves and west joins, and pings through the hub", async () => {
    const stored = fleetPlan({ 'options.transit': true });
    const [north, south, east] = stored.azureStack;
    if (!north || !south || !east) throw new Error('fixture fleet has three sites');
    const west = { ...south, name: 'west', resourceGroup: 'rg-west', addressSpace: ['10.4.0.0/16'] };
    const world = fleetWorld({
      hubSites: ['north', 'east', 'west'],
      sites: { west: { publicIp: '192.168.104.20', privateIp: '10.4.1.4' } },
    });
    const run = await driveReplacement(stored, { ...stored, azureStack: [north, east, west] }, world);
    expect(run.runtimeStatus).toBe('Completed');
    expect(stampPrefixes(run, 'north')).toMatchObject({ addressPrefixes: [HUB, space('east'), '10.4.0.0/16'] });
    expect(stampPrefixes(run, 'east')).toMatchObject({ addressPrefixes: [HUB, space('north'), '10.4.0.0/16'] });
    expect(stampPrefixes(run, 'west')).toMatchObject({ addressPrefixes: [HUB, space('north'), space('east')] });
    expect(callsOf(run, ACTIVITY.ensureLocalNetworkGateway, on('azureStack', 'south'))).toEqual([]);
    // The first two sites of the new plan.
    expect(stampPings(run).map((ping) => [ping.from, ping.targetIp])).toEqual([['north', `10.${OCTET.east}.1.4`]]);
  });

  it('turned on for a fleet without it: every stamp list gains the other sites, then the ping', async () => {
    const stored = fleetPlan();
    const world = fleetWorld();
    const run = await driveReplacement(stored, fleetPlan({ 'options.transit': true }), world);
    expect(run.runtimeStatus).toBe('Completed');
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.change).toMatchObject({ added: [], removed: [], unchanged: [...SITES] });
    expect(stampPrefixes(run, 'south')).toMatchObject({ addressPrefixes: [HUB, space('north'), space('east')] });
    expect(status.transit).toMatchObject({ state: 'succeeded', reachable: true });
  });
});
