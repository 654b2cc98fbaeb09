// A status that tells the truth, over HTTP: this app on runtime/ against simulator/ on one virtual clock. While the
// run goes, `now` advances on the virtual clock and `lastUpdatedTime` moves with the site children; once it is
// Completed, `?live=true` reads both clouds through the SDKs (Connected, bytes flowing, the gateways' addresses, no
// secret) and a burst of page refreshes costs ARM one read; after DELETE the phase says deleting, then deleted,
// and the live state shows the tunnel gone.
import type { ConnectionListBody, ConnectionStatusBody, LiveCloudState } from '../../lib/api/connectionStatus';
import { CLOUD_IDS } from '../../lib/cloudIds';
import { readSecret, startSimulatedStack, waitFor, type SimulatedStack } from './simulatedStack';

const TIME_SCALE = 1500;
const WALL_TIMEOUT_MS = 60_000;
/** The page's refreshes in one burst (its period is 3 s; the cache keeps a read 10 s). */
const REFRESHES = 10;

const ms = (iso: string): number => Date.parse(iso);

describe('a status that tells the truth (runtime + simulator)', () => {
  let stack: SimulatedStack;
  const seen: ConnectionStatusBody[] = [];

  async function status(query = ''): Promise<ConnectionStatusBody> {
    const answer = await stack.api(`/api/connections/contoso${query}`);
    expect(answer.status).toBe(200);
    return answer.body as ConnectionStatusBody;
  }

  /** ARM GETs the simulator answered so far, both clouds. */
  function armGets(): number {
    return CLOUD_IDS.reduce(
      (sum, cloud) => sum + stack.sim.inspect.requestCounts({ service: cloud, method: 'GET' }).total,
      0,
    );
  }

  beforeAll(async () => {
    stack = await startSimulatedStack({ timeScale: TIME_SCALE });
  }, 30_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it(
    'carries now on the virtual clock, advancing between answers, and a lastUpdatedTime that moves while the sites build',
    async () => {
      const started = await stack.api('/api/connections', {
        method: 'POST',
        body: JSON.stringify(stack.plan(withoutMonitor)),
      });
      expect(started.status).toBe(202);
      const final = await waitFor(
        async () => {
          const body = await status();
          seen.push(body);
          await new Promise((resolve) => setTimeout(resolve, 100));
          return ['Running', 'Pending'].includes(body.runtimeStatus) ? undefined : body;
        },
        WALL_TIMEOUT_MS,
        'the run to end',
      );
      expect(final.runtimeStatus).toBe('Completed');
      for (const [index, body] of seen.entries()) {
        // Never before a time the answer holds, and always later than the answer before.
        expect(ms(body.now)).toBeGreaterThanOrEqual(ms(body.lastUpdatedTime));
        expect(ms(body.now)).toBeGreaterThanOrEqual(ms(body.createdTime));
        if (index > 0) expect(ms(body.now)).toBeGreaterThan(ms(seen[index - 1].now));
      }
      // The virtual clock: a run of 40-odd virtual minutes took a few wall seconds, and now says so.
      expect(ms(final.now) - ms(final.createdTime)).toBeGreaterThan(30 * 60_000);
      expect(ms(final.now) - Date.now()).toBeGreaterThan(30 * 60_000);
      // The parent waits on its site children without an episode; the run's last update still moves meanwhile.
      const building = seen.filter((body) => body.phase === 'sites').map((body) => ms(body.lastUpdatedTime));
      expect(building.length).toBeGreaterThan(1);
      expect(Math.max(...building) - ms(final.createdTime)).toBeGreaterThan(5 * 60_000);
    },
    WALL_TIMEOUT_MS + 5000,
  );

  it('adds nothing and reads nothing from ARM without ?live=true', async () => {
    const before = armGets();
    const body = await status();
    expect(body).not.toHaveProperty('live');
    expect(armGets()).toBe(before);
  });

  it('reads the live state once for a burst of refreshes: Connected, bytes, both gateways, every resource', async () => {
    // Let the tunnel carry some traffic (virtual seconds) before the first read.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = armGets();
    const first = await status('?live=true');
    const oneRead = armGets() - before;
    const answers = [first];
    for (let refresh = 1; refresh < REFRESHES; refresh++) answers.push(await status('?live=true'));
    const burst = armGets() - before;
    // One read is nine GETs per cloud (resource group, then the eight resources side by side); the burst costs
    // that once, where ten uncached reads would cost ten times as much.
    expect(oneRead).toBe(18);
    expect(burst).toBe(oneRead);
    expect(new Set(answers.map((body) => body.live?.readAt))).toEqual(new Set([first.now]));
    expect(ms(answers.at(-1)?.now ?? '')).toBeGreaterThan(ms(first.now));

    const live = first.live;
    if (!live) throw new Error('no live state');
    expect(Object.keys(live).sort()).toEqual(['azure', 'azureStack', 'readAt']);
    for (const cloud of CLOUD_IDS) {
      const side = live[cloud] as LiveCloudState;
      expect(Object.keys(side).sort()).toEqual(['connection', 'gatewayIpAddress', 'resources']);
      expect(side.connection?.connectionStatus).toBe('Connected');
      expect(side.connection?.ingressBytesTransferred).toBeGreaterThan(0);
      expect(side.connection?.egressBytesTransferred).toBeGreaterThan(0);
      expect(side.gatewayIpAddress).toBe(first.addresses[cloud].gatewayPublicIp);
      const names = side.resources.map((resource) => resource.id.split('/').slice(-2).join('/'));
      expect(names).toEqual([
        'resourceGroups/rg-contoso-hybrid',
        'virtualNetworks/vnet-contoso',
        'publicIPAddresses/pip-contoso-vgw',
        'virtualNetworkGateways/vgw-contoso',
        'networkInterfaces/nic-contoso-vm',
        'virtualMachines/vm-contoso',
        'disks/osdisk-contoso-vm',
        expect.stringMatching(/^localNetworkGateways\/lgw-contoso-to-/) as unknown,
        expect.stringMatching(/^connections\/cn-contoso-to-/) as unknown,
      ]);
      for (const resource of side.resources) expect(resource.provisioningState).toBe('Succeeded');
    }
  });

  it('puts no secret in the live state', async () => {
    const plan = stack.plan() as { connection: { sharedKeySecretName: string } };
    const sharedKey = await readSecret(stack, plan.connection.sharedKeySecretName);
    expect(sharedKey.length).toBeGreaterThan(8);
    const text = JSON.stringify((await status('?live=true')).live);
    expect(text).not.toContain(sharedKey);
    expect(text).not.toMatch(/sharedKey|clientSecret/i);
    expect(text).not.toContain(stack.sim.identity.clientSecret);
  });

  it(
    'says deleting while the teardown runs and deleted once it completed; the live state shows the tunnel gone',
    async () => {
      const deleted = await stack.api('/api/connections/contoso', { method: 'DELETE' });
      expect(deleted.status).toBe(202);
      const deleting = await status('?live=true');
      expect(deleting.phase).toBe('deleting');
      // The provisioning run itself stays Completed, as Durable names it; phase is what changed.
      expect(deleting.runtimeStatus).toBe('Completed');
      const gone = await waitFor(
        async () => {
          const body = await status();
          return body.phase === 'deleted' ? body : undefined;
        },
        WALL_TIMEOUT_MS,
        'the teardown to complete',
      );
      expect(gone.teardown?.runtimeStatus).toBe('Completed');
      expect(ms(gone.now)).toBeGreaterThan(ms(deleting.now));
      // The phase changed, so the cached read of the built tunnel is not reused.
      const live = (await status('?live=true')).live;
      for (const cloud of CLOUD_IDS) {
        expect(live?.[cloud]).toEqual({ resources: [], connection: null, gatewayIpAddress: null });
      }
      const list = (await stack.api('/api/connections')).body as ConnectionListBody;
      expect(list.items).toEqual([expect.objectContaining({ name: 'contoso', phase: 'deleted' }) as unknown]);
      expect(ms(list.now)).toBeGreaterThanOrEqual(ms(gone.now));
    },
    WALL_TIMEOUT_MS + 5000,
  );
});

/** The health monitor reads ARM too: off here, so every GET counted is the live state's own. */
function withoutMonitor(plan: Record<string, unknown>): void {
  plan.options = { ...(plan.options as Record<string, unknown>), monitor: { enabled: false } };
}
