// A fleet end to end, through HTTP only, on `serve --simulate --stamps 3`: one plan with an Azure hub and three Azure
// Stack Hub sites, each on its own stamp. The run builds the hub once and the three sites, links each to the hub,
// every tunnel reads Connected on both ends and each site's VM answers the hub VM's ping; the status has each site and
// the hub; events name their site; no site pings another (no options.transit). DELETE then leaves nothing of the
// connection on the hub or on any stamp.
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import {
  hasEvent,
  simEvents,
  simRequests,
  startServe,
  waitForRun,
  waitForTeardown,
  type Serve,
  type SimResource,
} from './harness';
import { fleetPlanFor } from './fleetPlan';
import { operatorFor } from './operator';

const NAME = 'fleet';
const SITES = ['north', 'south', 'east'] as const;
/** Each stamp's key in the simulator (its inspection API and its request log). */
const STAMP_KEYS = ['azureStack', 'azureStack2', 'azureStack3'] as const;

/** examples/plan.json with three sites (10.201-203.0.0/16), site i on the simulator's stamp i. */
function fleetPlan(serve: Serve): Record<string, unknown> {
  return fleetPlanFor(serve, NAME, SITES);
}

/** The data of an event as the topic stored it (the CloudEvent as published is under `event`). */
function dataOf(stored: Record<string, unknown> | undefined): { site?: string; sites?: object } {
  const event = stored?.event as { data?: { site?: string; sites?: object } } | undefined;
  return event?.data ?? {};
}

async function resourcesOf(serve: Serve, cloud: string): Promise<SimResource[]> {
  const answer = await serve.sim<{ value: SimResource[] }>('GET', `resources?cloud=${cloud}`);
  return answer.value.filter((r) => r.id.toLowerCase().includes(`/resourcegroups/rg-${NAME}-`));
}

describe('serve --simulate --stamps 3: a hub and three sites end to end over HTTP', () => {
  let serve: Serve;
  let final: ConnectionStatusBody;

  beforeAll(async () => {
    serve = await startServe({ seed: 'fleet', extraArgs: ['--stamps', '3'] });
    const started = await serve.api('POST', '/api/connections', fleetPlan(serve));
    expect(started.status).toBe(202);
    final = await waitForRun(serve, NAME, undefined, 120_000);
  }, 150_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  it('completes with every site linked: both ends of each tunnel Connected, each site pinged from the hub', () => {
    expect(final).toMatchObject({ runtimeStatus: 'Completed', phase: 'succeeded', errors: [] });
    expect(Object.keys(final.sites)).toEqual([...SITES]);
    for (const site of SITES) {
      const entry = final.sites[site];
      expect({ site, tunnel: entry?.tunnel }).toEqual({
        site,
        tunnel: { state: 'connected', connectionStatus: { azure: 'Connected', azureStack: 'Connected' } },
      });
      expect({ site, verify: entry?.verify }).toMatchObject({ site, verify: { state: 'succeeded', reachable: true } });
    }
    expect(Object.values(final.hub.stages).every((stage) => stage?.state === 'succeeded')).toBe(true);
  });

  it('without options.transit, pings no site from another: no Run Command on any stamp, no transit in the status', async () => {
    expect(final).not.toHaveProperty('transit');
    const onStamps = (await simRequests(serve)).filter(
      (r) => r.service !== 'azure' && r.method === 'POST' && r.path.endsWith('/runCommand'),
    );
    expect(onStamps).toEqual([]);
  });

  it("holds one hub gateway with a connection per site, and on each stamp that site's side", async () => {
    const hub = await resourcesOf(serve, 'azure');
    const of = (resources: SimResource[], type: string) => resources.filter((r) => r.type === type).map((r) => r.name);
    expect(of(hub, 'Microsoft.Network/virtualNetworkGateways')).toEqual([`vgw-${NAME}`]);
    expect(of(hub, 'Microsoft.Network/connections').sort()).toEqual(SITES.map((s) => `cn-${NAME}-to-${s}`).sort());
    for (const connection of hub.filter((r) => r.type === 'Microsoft.Network/connections')) {
      expect(connection.properties?.connectionStatus).toBe('Connected');
      expect(connection.tags?.['hc-site']).toBe(connection.name.replace(`cn-${NAME}-to-`, ''));
    }
    for (const [index, key] of STAMP_KEYS.entries()) {
      const stamp = await resourcesOf(serve, key);
      const [connection] = stamp.filter((r) => r.type === 'Microsoft.Network/connections');
      expect({ key, name: connection?.name, status: connection?.properties?.connectionStatus }).toEqual({
        key,
        name: `cn-${NAME}-to-azure`,
        status: 'Connected',
      });
      expect(stamp.every((r) => r.id.toLowerCase().includes(`/resourcegroups/rg-${NAME}-${SITES[index]}`))).toBe(true);
    }
  });

  it('published each site’s events under its own ids, naming the site', async () => {
    const events = await simEvents(serve, hasEvent(`hc-${NAME}/succeeded/all`));
    const ids = events.map((event) => String(event.id));
    for (const site of SITES) {
      for (const id of [`connection/azure-${site}`, `connection/azureStack-${site}`, `site/azureStack-${site}`]) {
        const event = events.find((each) => each.id === `hc-${NAME}/${id}`);
        expect({ id, site: dataOf(event).site }).toEqual({ id, site });
      }
    }
    expect(ids.filter((id) => id === `hc-${NAME}/gateway/azure`)).toHaveLength(1);
  });

  it('gives each tunnel its own key, and no key is in any answer, event or log', async () => {
    const operator = await operatorFor(serve.ready);
    const keys = await Promise.all(
      SITES.map(async (site) => (await operator.secrets.getSecret(`hc-${NAME}-${site}-psk`)).value ?? ''),
    );
    expect(new Set(keys).size).toBe(SITES.length);
    for (const key of keys) expect(key.length).toBeGreaterThanOrEqual(16);
    const places = {
      answers: serve.answers.map((answer) => answer.text).join('\n'),
      events: JSON.stringify(await simEvents(serve)),
      logs: serve.stdout() + serve.stderr(),
    };
    expect(places.answers).toContain(`hc-${NAME}`);
    const found = Object.entries(places).flatMap(([place, text]) =>
      keys.flatMap((key, index) => (text.includes(key) ? [`${SITES[index]}'s key in ${place}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it('DELETE leaves nothing of the connection on the hub or on any stamp', async () => {
    expect((await serve.api('DELETE', `/api/connections/${NAME}`)).status).toBe(202);
    const done = await waitForTeardown(serve, NAME, 90_000);
    expect(done.teardown).toMatchObject({ runtimeStatus: 'Completed', errors: [] });
    expect(done.phase).toBe('deleted');
    for (const cloud of ['azure', ...STAMP_KEYS]) {
      expect({ cloud, left: (await resourcesOf(serve, cloud)).map((r) => r.name) }).toEqual({ cloud, left: [] });
    }
    const events = await simEvents(serve, hasEvent(`hc-${NAME}/teardown/all`));
    const completed = events.find((event) => event.id === `hc-${NAME}/teardown/all`);
    expect(Object.keys(dataOf(completed).sites ?? {})).toEqual([...SITES]);
  });
});
