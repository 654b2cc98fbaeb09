import { ResourceManagementClient } from '@azure/arm-resources';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { SecretClient } from '@azure/keyvault-secrets';
import type { Simulator } from '../../../simulator';
import { aadCredential, modularOptions, startTrustedSimulator } from './harness';

const DAY = 24 * 3600_000;

describe('inspection API and mounted services', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({
      seed: 'inspection',
      latency: { azure: { 'Microsoft.Resources/resourceGroups:delete': DAY } },
    });
  });
  afterAll(async () => {
    await sim.stop();
  });

  const http = createDefaultHttpClient();
  async function sim_(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const response = await http.sendRequest(
      createPipelineRequest({
        url: `${sim.inspectionUrl}${path}`,
        method,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    return {
      status: response.status,
      json: response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined,
    };
  }
  const arm = (): ResourceManagementClient =>
    new ResourceManagementClient(aadCredential(sim), sim.azure.subscriptionId, modularOptions(sim.azure));

  it('lists resources per cloud and logs ARM requests with counts (its own requests excluded)', async () => {
    await arm().resourceGroups.createOrUpdate('rg-seen', { location: 'eastus', tags: { owner: 'test' } });
    const resources = await sim_('GET', '/resources?cloud=azure');
    expect(resources).toEqual({
      status: 200,
      json: {
        cloud: 'azure',
        value: [
          {
            id: `/subscriptions/${sim.azure.subscriptionId}/resourceGroups/rg-seen`,
            name: 'rg-seen',
            type: 'Microsoft.Resources/resourceGroups',
            location: 'eastus',
            tags: { owner: 'test' },
            properties: { provisioningState: 'Succeeded' },
          },
        ],
      },
    });
    const requests = (await sim_('GET', '/requests?service=azure')).json as {
      requests: { method: string; path: string; apiVersion: string; status: number; virtualTime: number }[];
      counts: { total: number; byMethod: Record<string, number>; byStatus: Record<string, number> };
    };
    expect(requests.requests).toEqual([
      expect.objectContaining({
        method: 'PUT',
        path: `/subscriptions/${sim.azure.subscriptionId}/resourcegroups/rg-seen`,
        apiVersion: '2025-04-01',
        status: 201,
      }),
    ]);
    expect(requests.counts).toMatchObject({ total: 1, byMethod: { PUT: 1 }, byStatus: { '201': 1 } });
    expect((await sim_('GET', '/requests?service=identity')).json).toMatchObject({ counts: { total: 2 } });
  });

  it('advances the virtual clock so a day-long operation ends at the next poll', async () => {
    const client = arm();
    await client.resourceGroups.createOrUpdate('rg-day', { location: 'eastus' });
    const poller = client.resourceGroups.delete('rg-day');
    await poller.submitted();
    const before = (await sim_('GET', '/clock')).json as { now: number; scale: number };
    expect(before.scale).toBe(1000);
    const after = (await sim_('POST', '/clock', { advanceMs: DAY })).json as { now: number };
    expect(after.now - before.now).toBeGreaterThanOrEqual(DAY);
    await poller.pollUntilDone();
    expect((await client.resourceGroups.checkExistence('rg-day')).body).toBe(false);
  });

  it('takes Event Grid down over HTTP for a virtual while, refuses a bad duration with 400, and brings it back', async () => {
    expect((await sim_('PUT', '/eventgrid/outage', { forMs: 'soon' })).status).toBe(400);
    expect((await sim_('PUT', '/eventgrid/outage', { forMs: -5 })).status).toBe(400);
    const down = await sim_('PUT', '/eventgrid/outage', { forMs: 600_000 });
    expect(down).toMatchObject({ status: 200, json: { down: true, refused: 0 } });
    expect((await sim_('GET', '/eventgrid/outage')).json).toMatchObject({ down: true });
    expect((await sim_('PUT', '/eventgrid/outage', { forMs: 0 })).json).toEqual({ down: false, refused: 0 });
    expect((await sim_('PUT', '/eventgrid/outage', { forMs: 1, fromNextRequest: 'yes' })).status).toBe(400);
    const armed = await sim_('PUT', '/eventgrid/outage', { forMs: 600_000, fromNextRequest: true });
    expect(armed).toMatchObject({ status: 200, json: { down: false, refused: 0, armedForMs: 600_000 } });
    expect((await sim_('PUT', '/eventgrid/outage', { forMs: 0 })).json).toEqual({ down: false, refused: 0 });
  });

  it('sets a fault plan over HTTP, refuses an invalid one with 400, and resets everything', async () => {
    const bad = await sim_('PUT', '/faults', { rules: [{ kind: 'meteorStrike' }] });
    expect(bad.status).toBe(400);
    const set = await sim_('PUT', '/faults', {
      rules: [{ kind: 'anotherOperationInProgress', method: 'PUT', nth: 1 }],
    });
    expect(set.status).toBe(200);
    await expect(arm().resourceGroups.createOrUpdate('rg-faulted', { location: 'eastus' })).rejects.toMatchObject({
      statusCode: 409,
      code: 'AnotherOperationInProgress',
    });
    expect((await sim_('GET', '/faults')).json).toMatchObject({
      injected: [{ kind: 'anotherOperationInProgress', method: 'PUT' }],
    });

    expect((await sim_('POST', '/reset')).status).toBe(204);
    expect((await sim_('GET', '/resources')).json).toEqual({ azure: [], azureStack: [] });
    expect((await sim_('GET', '/requests')).json).toMatchObject({ requests: [], counts: { total: 0 } });
    expect((await sim_('GET', '/faults')).json).toEqual({ plan: { rules: [] }, injected: [] });
  });

  it('serves Key Vault at the origin root for SecretClient with the built-in service principal', async () => {
    const secrets = new SecretClient(sim.keyVaultUrl, aadCredential(sim), {
      disableChallengeResourceVerification: true,
    });
    await secrets.setSecret('vpn-shared-key', 'not-logged');
    const secret = await secrets.getSecret('vpn-shared-key');
    expect(secret.value).toBe('not-logged');
    expect(secret.properties.vaultUrl).toBe(sim.url);
    expect((await sim_('GET', '/keyvault')).json).toMatchObject({ live: [{ name: 'vpn-shared-key', versions: 1 }] });
  });

  it('stores Event Grid events published with the topic key and shows them under /_sim/events', async () => {
    const publisher = new EventGridPublisherClient(
      sim.eventGrid.endpoint,
      'CloudEvent',
      new AzureKeyCredential(sim.eventGrid.key),
    );
    await publisher.send([
      { type: 'HybridConnection.Provisioning.Started', source: '/test', id: 'evt-1', data: { name: 'x' } },
    ]);
    const events = (await sim_('GET', '/events')).json as { events: { id?: string; event?: { id?: string } }[] };
    expect(JSON.stringify(events.events)).toContain('evt-1');
    expect(sim.inspect.requests({ service: 'eventGrid' }).map((r) => r.status)).toEqual([200]);
  });
});
