// Transit between sites through the hub (options.transit), through HTTP only, on `serve --simulate --stamps 3`: a
// fleet of north and south whose stamps' local network gateways list each other's address space, so north's VM pings
// south's through the hub gateway (the simulator routes it across both tunnels); then a PUT adds east, and the only
// writes on the sites that stay are one local network gateway update each (their lists gain east) and the ping.
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import type { ReplacementPreviewBody } from '../../lib/api/preview';
import { hasEvent, simEvents, startServe, waitForRun, type Serve, type SimResource } from './harness';
import { fleetPlanFor, lastRequest, writesSince } from './fleetPlan';

const NAME = 'transit';
const SITES = ['north', 'south', 'east'] as const;
type Site = (typeof SITES)[number];
/** Each site's stamp key in the simulator (site i on stamp i), and its address space (fleetPlanFor's). */
const STAMP_OF: Record<Site, string> = { north: 'azureStack', south: 'azureStack2', east: 'azureStack3' };
const SPACE_OF: Record<Site, string> = { north: '10.201.0.0/16', south: '10.202.0.0/16', east: '10.203.0.0/16' };
const HUB = '10.100.0.0/16';

function transitPlan(serve: Serve, sites: readonly Site[]): Record<string, unknown> {
  const plan = fleetPlanFor(serve, NAME, SITES, sites);
  return { ...plan, options: { ...(plan.options as object), transit: true } };
}

async function resourcesOf(serve: Serve, cloud: string): Promise<SimResource[]> {
  const answer = await serve.sim<{ value: SimResource[] }>('GET', `resources?cloud=${cloud}`);
  return answer.value.filter((r) => r.id.toLowerCase().includes(`/resourcegroups/rg-${NAME}-`));
}

/** What each local network gateway of `cloud` lists, by name. */
async function listsOn(serve: Serve, cloud: string): Promise<Record<string, unknown>> {
  const lists: Record<string, unknown> = {};
  for (const lgw of (await resourcesOf(serve, cloud)).filter(
    (r) => r.type === 'Microsoft.Network/localNetworkGateways',
  )) {
    const space = lgw.properties?.localNetworkAddressSpace as { addressPrefixes?: unknown } | undefined;
    lists[lgw.name] = space?.addressPrefixes;
  }
  return lists;
}

describe('serve --simulate --stamps 3: transit between sites through the hub', () => {
  let serve: Serve;
  let built: ConnectionStatusBody;

  beforeAll(async () => {
    serve = await startServe({ seed: 'transit', extraArgs: ['--stamps', '3'] });
    const started = await serve.api('POST', '/api/connections', transitPlan(serve, ['north', 'south']));
    expect(started.status).toBe(202);
    built = await waitForRun(serve, NAME, undefined, 120_000);
  }, 150_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  it("pings south's VM from north's through the hub, and says so in the status and in Succeeded", async () => {
    expect(built).toMatchObject({ runtimeStatus: 'Completed', phase: 'succeeded', errors: [] });
    expect(built.transit).toMatchObject({ state: 'succeeded', from: 'north', to: 'south', reachable: true });
    expect(built.transit?.packetsReceived).toBeGreaterThan(0);
    const events = await simEvents(serve, hasEvent(`hc-${NAME}/succeeded/all`));
    const succeeded = events.find((event) => event.id === `hc-${NAME}/succeeded/all`);
    expect((succeeded?.event as { data?: { transit?: unknown } }).data?.transit).toEqual({
      from: 'north',
      to: 'south',
      reachable: true,
    });
  });

  it("lists on each stamp the hub's and the other site's space, on the hub each site's own", async () => {
    expect(await listsOn(serve, STAMP_OF.north)).toEqual({ [`lgw-${NAME}-to-azure`]: [HUB, SPACE_OF.south] });
    expect(await listsOn(serve, STAMP_OF.south)).toEqual({ [`lgw-${NAME}-to-azure`]: [HUB, SPACE_OF.north] });
    expect(await listsOn(serve, 'azure')).toEqual({
      [`lgw-${NAME}-to-north`]: [SPACE_OF.north],
      [`lgw-${NAME}-to-south`]: [SPACE_OF.south],
    });
  });

  it('adds east writing, on the sites that stay, one local network gateway update each and the ping', async () => {
    // The preview names exactly those updates: each staying stamp's local network gateway, nothing else of theirs.
    const before = await lastRequest(serve);
    const preview = await serve.api('PUT', `/api/connections/${NAME}?preview=true`, transitPlan(serve, SITES));
    expect(preview.status).toBe(200);
    const { updated } = preview.body as ReplacementPreviewBody;
    const summary = Object.fromEntries(
      Object.entries(updated).map(([site, { changes }]) => [
        site,
        [...changes.azure, ...changes.azureStack].map((entry) => `${entry.action} ${entry.name}`),
      ]),
    );
    expect(summary).toEqual({
      north: [`update lgw-${NAME}-to-azure`],
      south: [`update lgw-${NAME}-to-azure`],
    });
    expect(await writesSince(serve, before)).toEqual([]);

    const since = await lastRequest(serve);
    const put = await serve.api('PUT', `/api/connections/${NAME}`, transitPlan(serve, SITES));
    expect(put.status).toBe(202);
    // The new run's ping, from its input until its own status says more.
    expect((put.body as ConnectionStatusBody).transit).toEqual({ state: 'pending', from: 'north', to: 'south' });
    const done = await waitForRun(serve, NAME, undefined, 120_000);
    expect(done).toMatchObject({ runtimeStatus: 'Completed', errors: [] });
    expect(done.change).toMatchObject({ added: ['east'], unchanged: ['north', 'south'] });
    expect(done.transit).toMatchObject({ state: 'succeeded', from: 'north', to: 'south', reachable: true });

    const writes = await writesSince(serve, since);
    const on = (site: Site) => writes.filter((w) => w.includes(` ${STAMP_OF[site]} `));
    expect(on('north').map((w) => w.replace(/ \S+\/providers\//, ' '))).toEqual(
      expect.arrayContaining([
        `PUT ${STAMP_OF.north} Microsoft.Network/localNetworkGateways/lgw-${NAME}-to-azure`,
        `POST ${STAMP_OF.north} Microsoft.Compute/virtualMachines/vm-${NAME}/runCommand`,
      ]),
    );
    expect(on('north')).toHaveLength(2);
    expect(on('south').map((w) => w.replace(/ \S+\/providers\//, ' '))).toEqual([
      `PUT ${STAMP_OF.south} Microsoft.Network/localNetworkGateways/lgw-${NAME}-to-azure`,
    ]);
    const onHub = writes.filter((w) => w.includes(' azure '));
    expect(
      onHub.filter((w) => !/\/(localNetworkGateways\/lgw|connections\/cn)-transit-to-east$|\/runCommand$/.test(w)),
    ).toEqual([]);

    expect(await listsOn(serve, STAMP_OF.north)).toEqual({
      [`lgw-${NAME}-to-azure`]: [HUB, SPACE_OF.south, SPACE_OF.east],
    });
    expect(await listsOn(serve, STAMP_OF.south)).toEqual({
      [`lgw-${NAME}-to-azure`]: [HUB, SPACE_OF.north, SPACE_OF.east],
    });
    expect(await listsOn(serve, STAMP_OF.east)).toEqual({
      [`lgw-${NAME}-to-azure`]: [HUB, SPACE_OF.north, SPACE_OF.south],
    });
    for (const site of SITES)
      expect({ site, tunnel: done.sites[site]?.tunnel.state }).toEqual({ site, tunnel: 'connected' });
  });
});
