// Growing and shrinking a fleet through HTTP only, on `serve --simulate --stamps 4` (issue #13's "done when"): a hub
// with three sites; a PUT adds a fourth while the other three tunnels stay Connected throughout and no write reaches the
// hub gateway or any resource of the sites that stay; a preview of the next PUT shows exactly its diff; that PUT
// removes one site (only its resources go, on its stamp and on the hub); DELETE tears the rest down.
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import type { ReplacementPreviewBody } from '../../lib/api/preview';
import { hasEvent, simEvents, startServe, waitForRun, waitForTeardown, type Serve, type SimResource } from './harness';
import { fleetPlanFor, lastRequest, writesSince } from './fleetPlan';

const NAME = 'grow';
const ALL_SITES = ['north', 'south', 'east', 'west'] as const;
type Site = (typeof ALL_SITES)[number];
/** Each site's stamp key in the simulator: site i on stamp i. */
const STAMP_OF: Record<Site, string> = {
  north: 'azureStack',
  south: 'azureStack2',
  east: 'azureStack3',
  west: 'azureStack4',
};

function fleetPlan(serve: Serve, sites: readonly Site[]): Record<string, unknown> {
  return fleetPlanFor(serve, NAME, ALL_SITES, sites);
}

async function resourcesOf(serve: Serve, cloud: string): Promise<SimResource[]> {
  const answer = await serve.sim<{ value: SimResource[] }>('GET', `resources?cloud=${cloud}`);
  return answer.value.filter((r) => r.id.toLowerCase().includes(`/resourcegroups/rg-${NAME}-`));
}

/** Every connection status of `sites`' tunnels, both ends, as ARM holds them now. */
async function tunnelStates(serve: Serve, sites: readonly Site[]): Promise<Record<string, unknown>> {
  const hub = await resourcesOf(serve, 'azure');
  const states: Record<string, unknown> = {};
  for (const site of sites) {
    const hubEnd = hub.find((r) => r.name === `cn-${NAME}-to-${site}`);
    const [stampEnd] = (await resourcesOf(serve, STAMP_OF[site])).filter(
      (r) => r.type === 'Microsoft.Network/connections',
    );
    states[site] = [hubEnd?.properties?.connectionStatus, stampEnd?.properties?.connectionStatus];
  }
  return states;
}

describe('serve --simulate --stamps 4: a fleet grown and shrunk one site at a time', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe({ seed: 'grow', extraArgs: ['--stamps', '4'] });
    const started = await serve.api('POST', '/api/connections', fleetPlan(serve, ['north', 'south', 'east']));
    expect(started.status).toBe(202);
    const built = await waitForRun(serve, NAME, undefined, 120_000);
    expect(built).toMatchObject({ runtimeStatus: 'Completed', errors: [] });
  }, 150_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  it('refuses a PUT that would change the hub or a staying site in place, of another name, or of no connection', async () => {
    const plan = fleetPlan(serve, ['north', 'south', 'east']);
    const hub = { ...plan, azure: { ...(plan.azure as object), gatewaySku: 'VpnGw2AZ' } };
    const changed = await serve.api('PUT', `/api/connections/${NAME}`, hub);
    expect(changed.status).toBe(400);
    expect(JSON.stringify(changed.body)).toContain('azure.gatewaySku');
    const sites = plan.azureStack as Record<string, unknown>[];
    const moved = { ...plan, azureStack: sites.map((s, i) => (i === 1 ? { ...s, vm: { size: 'Standard_F2' } } : s)) };
    const site = await serve.api('PUT', `/api/connections/${NAME}`, moved);
    expect(site.status).toBe(400);
    expect(JSON.stringify(site.body)).toContain('azureStack[1].vm');
    expect((await serve.api('PUT', `/api/connections/other`, plan)).status).toBe(400);
    const nothing = {
      ...plan,
      name: 'nothing',
      connection: { ...(plan.connection as object), sharedKeySecretName: 'hc-nothing-psk' },
    };
    expect((await serve.api('PUT', `/api/connections/nothing`, nothing)).status).toBe(404);
  });

  it('adds a fourth site with no write to the hub gateway or the other sites, whose tunnels stay Connected', async () => {
    const since = await lastRequest(serve);
    const put = await serve.api('PUT', `/api/connections/${NAME}`, fleetPlan(serve, ALL_SITES));
    expect(put.status).toBe(202);
    const accepted = put.body as ConnectionStatusBody;
    expect(Object.keys(accepted.sites)).toEqual([...ALL_SITES]);
    expect(accepted.change).toMatchObject({ added: ['west'], removed: [], unchanged: ['north', 'south', 'east'] });

    const samples: Record<string, unknown>[] = [];
    const done = await waitForRun(
      serve,
      NAME,
      () => {
        // Sampled on every status poll: the three tunnels' both ends, while the run goes on.
        void tunnelStates(serve, ['north', 'south', 'east']).then((states) => samples.push(states));
      },
      120_000,
    );
    expect(done).toMatchObject({ runtimeStatus: 'Completed', errors: [] });
    expect(done.sites.west?.tunnel).toMatchObject({ state: 'connected' });
    expect(samples.length).toBeGreaterThan(3);
    const connected = {
      north: ['Connected', 'Connected'],
      south: ['Connected', 'Connected'],
      east: ['Connected', 'Connected'],
    };
    expect(samples.filter((sample) => JSON.stringify(sample) !== JSON.stringify(connected))).toEqual([]);

    const writes = await writesSince(serve, since);
    expect(writes.filter((w) => /virtualNetworkGateways/i.test(w) && w.includes(' azure '))).toEqual([]);
    const others = writes.filter((w) => /-to-(north|south|east)\b|rg-grow-(north|south|east)\b/i.test(w));
    expect(others).toEqual([]);
    // On the hub: west's local network gateway and connection, and the pings from the hub VM (one per site). On the
    // stamps: west's only.
    const onHub = writes.filter((w) => w.includes(' azure '));
    const allowedOnHub = new RegExp(
      `/(localNetworkGateways/lgw|connections/cn)-${NAME}-to-west$|/virtualMachines/vm-${NAME}/runCommand$`,
    );
    expect(onHub.filter((w) => !allowedOnHub.test(w))).toEqual([]);
    expect(onHub.filter((w) => /-to-west$/.test(w))).toHaveLength(2);
    expect(writes.filter((w) => !w.includes(' azure ') && !w.includes(` ${STAMP_OF.west} `))).toEqual([]);
  });

  it('previews a removal as exactly its diff, writing nothing', async () => {
    const since = await lastRequest(serve);
    const preview = await serve.api(
      'PUT',
      `/api/connections/${NAME}?preview=true`,
      fleetPlan(serve, ['north', 'east', 'west']),
    );
    expect(preview.status).toBe(200);
    const body = preview.body as ReplacementPreviewBody;
    expect(body.change).toEqual({ added: [], removed: ['south'], unchanged: ['north', 'east', 'west'] });
    expect(body.added).toEqual({});
    // Nothing of the sites that stay would be written (no transit, no drift).
    expect(body.updated).toEqual({});
    expect(body.removed.south?.changes.azure.map((entry) => entry.name)).toEqual([
      `cn-${NAME}-to-south`,
      `lgw-${NAME}-to-south`,
    ]);
    // Every resource of the site's stamp group (not its subnets: they go with their VNet), then the group.
    const topLevel = /\/providers\/[^/]+\/[^/]+\/[^/]+$/;
    const onStamp = (await resourcesOf(serve, STAMP_OF.south)).map((r) => r.id.toLowerCase());
    const listed = body.removed.south?.changes.azureStack.map((entry) => entry.id.toLowerCase()) ?? [];
    expect(listed.slice(0, -1).sort()).toEqual(onStamp.filter((id) => topLevel.test(id)).sort());
    expect(listed.at(-1)).toMatch(new RegExp(`/resourcegroups/rg-${NAME}-south$`));
    expect(await writesSince(serve, since)).toEqual([]);
  });

  it('removes one site: its stamp resources and what the hub held of it go, nothing else', async () => {
    const before = {
      hub: (await resourcesOf(serve, 'azure')).map((r) => r.name),
      stamps: await Promise.all(ALL_SITES.map((site) => resourcesOf(serve, STAMP_OF[site]))),
    };
    const put = await serve.api('PUT', `/api/connections/${NAME}`, fleetPlan(serve, ['north', 'east', 'west']));
    expect(put.status).toBe(202);
    const done = await waitForRun(serve, NAME, undefined, 120_000);
    expect(done).toMatchObject({ runtimeStatus: 'Completed', errors: [] });
    expect(done.change).toMatchObject({ removed: ['south'], removals: { south: { state: 'succeeded' } } });
    expect(Object.keys(done.sites)).toEqual(['north', 'east', 'west']);

    const hub = (await resourcesOf(serve, 'azure')).map((r) => r.name);
    expect(before.hub.filter((name) => !hub.includes(name)).sort()).toEqual(
      [`cn-${NAME}-to-south`, `lgw-${NAME}-to-south`].sort(),
    );
    expect(await resourcesOf(serve, STAMP_OF.south)).toEqual([]);
    for (const [index, site] of ALL_SITES.entries()) {
      if (site === 'south') continue;
      const names = (await resourcesOf(serve, STAMP_OF[site])).map((r) => r.name);
      expect({ site, names }).toEqual({ site, names: before.stamps[index]?.map((r) => r.name) });
    }
    // Each replacement's Succeeded has an id of its own (the first run's is occurrence 1), naming its change.
    const events = await simEvents(serve, hasEvent(`hc-${NAME}/succeeded/all/3`));
    const succeeded = (n: number) => events.find((event) => event.id === `hc-${NAME}/succeeded/all/${n}`);
    expect((succeeded(2)?.event as { data?: { change?: unknown } }).data?.change).toEqual({
      added: ['west'],
      removed: [],
      unchanged: ['north', 'south', 'east'],
    });
    expect((succeeded(3)?.event as { data?: { change?: unknown } }).data?.change).toEqual({
      added: [],
      removed: ['south'],
      unchanged: ['north', 'east', 'west'],
    });
    expect(await tunnelStates(serve, ['north', 'east', 'west'])).toEqual({
      north: ['Connected', 'Connected'],
      east: ['Connected', 'Connected'],
      west: ['Connected', 'Connected'],
    });
  });

  it('tears the rest down: nothing of the connection is left on the hub or any stamp', async () => {
    expect((await serve.api('DELETE', `/api/connections/${NAME}`)).status).toBe(202);
    const done = await waitForTeardown(serve, NAME, 90_000);
    expect(done.teardown).toMatchObject({ runtimeStatus: 'Completed', errors: [] });
    for (const cloud of ['azure', ...Object.values(STAMP_OF)]) {
      expect({ cloud, left: (await resourcesOf(serve, cloud)).map((r) => r.name) }).toEqual({ cloud, left: [] });
    }
    const again = await serve.api('PUT', `/api/connections/${NAME}`, fleetPlan(serve, ['north']));
    expect(again.status).toBe(409);
  });
});
