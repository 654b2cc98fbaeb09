// `serve --simulate --data DIR` killed (SIGKILL) while the gateways are being built and started again on the same
// folder: the simulator comes back on the same URL with the gateways still building, and the run resumes and ends
// Succeeded with exactly one of each resource in each cloud, nothing left in progress. Killed again after the run
// completed, the next start still answers its status and serves its resources: the state survived.
import { rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import { EXPECTED_TYPES } from '../../soak/inventory';
import { planFor, simResources, startServe, waitFor, waitForRun, type Serve, type SimResource } from './harness';

type Cloud = 'azure' | 'azureStack';
const CLOUDS: Cloud[] = ['azure', 'azureStack'];
const NAME = 'resumed';
// Gateways take 30-45 virtual minutes: at 500 that is several wall seconds to land the kill in.
const TIME_SCALE = 500;

interface SimOperation {
  id: string;
  status: string;
  resourceId: string;
  startTime: number;
  dueAt: number;
}

async function allOperations(serve: Serve): Promise<SimOperation[]> {
  const all = await serve.sim<Record<Cloud, SimOperation[]>>('GET', 'operations');
  return CLOUDS.flatMap((cloud) => all[cloud]);
}

const ofRun = (resources: SimResource[]): SimResource[] =>
  resources.filter(
    (r) => new RegExp(`/resourcegroups/rg-${NAME}-hybrid(/|$)`, 'i').test(r.id) && !r.id.includes('/subnets/'),
  );

async function operationsInProgress(serve: Serve): Promise<SimOperation[]> {
  return (await allOperations(serve)).filter((op) => op.status === 'InProgress');
}

describe('serve --simulate killed and restarted on the same data folder', () => {
  let dataDir: string;
  let serve: Serve | undefined;
  const start = async (): Promise<Serve> =>
    (serve = await startServe({ dataDir, timeScale: TIME_SCALE, seed: 'restart' }));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hc-e2e-restart-'));
  });
  afterAll(async () => {
    await serve?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('resumes a run killed while its gateways were building: Succeeded, one of each resource, same simulator URL', async () => {
    const first = await start();
    const simulatorUrl = first.ready.simulator.url;
    expect((await first.api('POST', '/api/connections', planFor(first.ready, NAME))).status).toBe(202);
    const building = await waitFor(
      'both gateways building',
      async () => {
        const status = (await first.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
        const running = CLOUDS.every((cloud) => status.stages[cloud]?.gateway?.state === 'running');
        if (!running) return undefined;
        const gateways = (await operationsInProgress(first)).filter((op) =>
          op.resourceId.includes('/virtualNetworkGateways/'),
        );
        return gateways.length === 2 ? gateways : undefined;
      },
      { intervalMs: 20 },
    );
    expect(await first.stop('SIGKILL')).toBeNull();

    const second = await start();
    expect(second.ready.simulator.url).toBe(simulatorUrl);
    // The simulator came back with the gateways' operations (same ids, same due times): still running, or ended on
    // time while the app was starting.
    const restored = await allOperations(second);
    for (const gateway of building) {
      const { id, resourceId, startTime, dueAt } = gateway;
      expect(restored.find((op) => op.id === id)).toMatchObject({ resourceId, startTime, dueAt });
    }
    const final = await waitForRun(second, NAME, undefined, 90_000);
    expect([final.runtimeStatus, final.phase, final.error]).toEqual(['Completed', 'succeeded', null]);
    for (const cloud of CLOUDS) {
      const resources = ofRun(await simResources(second, cloud));
      const counts = EXPECTED_TYPES.map((type) => [type, resources.filter((r) => r.type === type).length]);
      expect(counts).toEqual(EXPECTED_TYPES.map((type) => [type, 1]));
      expect(resources).toHaveLength(EXPECTED_TYPES.length);
      for (const resource of resources) {
        expect([resource.id, resource.properties?.provisioningState]).toEqual([resource.id, 'Succeeded']);
      }
    }
    expect(await operationsInProgress(second)).toEqual([]);
  }, 180_000);

  it('answers the finished run and serves its resources after another kill', async () => {
    const before = serve;
    if (!before) throw new Error('the first test left no server');
    // What identifies the state (times in a replayed resource may differ by the milliseconds its request took).
    const state = (resources: SimResource[]): unknown[] =>
      resources.map((r) => [
        r.id,
        r.properties?.provisioningState,
        r.properties?.ipAddress,
        r.properties?.resourceGuid,
      ]);
    const resources = await Promise.all(CLOUDS.map(async (cloud) => state(ofRun(await simResources(before, cloud)))));
    expect(await before.stop('SIGKILL')).toBeNull();
    const after = await start();
    const status = (await after.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
    expect([status.runtimeStatus, status.phase]).toEqual(['Completed', 'succeeded']);
    for (const [index, cloud] of CLOUDS.entries()) {
      expect(state(ofRun(await simResources(after, cloud)))).toEqual(resources[index]);
    }
  }, 120_000);
});
