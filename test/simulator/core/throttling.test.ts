import { ResourceManagementClient } from '@azure/arm-resources';
import type { Simulator } from '../../../simulator';
import {
  aadCredential,
  captureResponses,
  modularOptions,
  startTrustedSimulator,
  type CapturedResponse,
} from './harness';

const SCALE = 1000;

describe('per-subscription throttling', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // Three reads, then one token per 1000 virtual seconds (1 wall second at scale 1000): the 4th read is throttled
    // however fast or slow the machine runs the first three.
    sim = await startTrustedSimulator({
      seed: 'throttle',
      timeScale: SCALE,
      throttling: { reads: { capacity: 3, refillPerSecond: 0.001 } },
    });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('answers 429 SubscriptionRequestsThrottled with Retry-After, which the SDK honours before retrying', async () => {
    const captured: CapturedResponse[] = [];
    const client = new ResourceManagementClient(aadCredential(sim), sim.azure.subscriptionId, {
      ...modularOptions(sim.azure),
      additionalPolicies: [captureResponses(captured)],
    });
    await client.resourceGroups.createOrUpdate('rg-busy', { location: 'eastus' });
    for (let i = 0; i < 4; i++)
      await expect(client.resourceGroups.get('rg-busy')).resolves.toMatchObject({ name: 'rg-busy' });

    const reads = sim.inspect.requests({ service: 'azure', method: 'GET' });
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 429, 200]);
    expect(reads[3].errorCode).toBe('SubscriptionRequestsThrottled');
    const gets = captured.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.headers['x-ms-ratelimit-remaining-subscription-reads'])).toEqual([
      '2',
      '1',
      '0',
      '0',
      '0',
    ]);
    expect(gets[3].headers['retry-after']).toBe('1');
    expect(captured[0].headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('199');
    // The SDK waited the announced second (virtual time runs SCALE times faster) before it retried.
    expect(reads[4].virtualTime - reads[3].virtualTime).toBeGreaterThanOrEqual(0.99 * 1000 * SCALE);
  });
});

describe('throttling limits changed over /_sim/throttling', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({ seed: 'throttle-put', timeScale: SCALE });
  });
  afterAll(async () => {
    await sim.stop();
  });

  const inspection = async (method: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${sim.inspectionUrl}/throttling`, {
      method,
      ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    return { status: response.status, json: await response.json() };
  };

  it("starts at ARM's published buckets, takes new ones from now on, and a reset brings ARM's back", async () => {
    expect((await inspection('GET')).json).toEqual({
      limits: {
        reads: { capacity: 250, refillPerSecond: 25 },
        writes: { capacity: 200, refillPerSecond: 10 },
        deletes: { capacity: 200, refillPerSecond: 10 },
      },
    });
    const changed = await inspection('PUT', { writes: { capacity: 2, refillPerSecond: 0.001 } });
    expect(changed).toEqual({
      status: 200,
      json: {
        limits: {
          reads: { capacity: 250, refillPerSecond: 25 },
          writes: { capacity: 2, refillPerSecond: 0.001 },
          deletes: { capacity: 200, refillPerSecond: 10 },
        },
      },
    });
    const client = new ResourceManagementClient(aadCredential(sim), sim.azure.subscriptionId, {
      ...modularOptions(sim.azure),
      retryOptions: { maxRetries: 0 },
    });
    await client.resourceGroups.createOrUpdate('rg-a', { location: 'eastus' });
    await client.resourceGroups.createOrUpdate('rg-b', { location: 'eastus' });
    await expect(client.resourceGroups.createOrUpdate('rg-c', { location: 'eastus' })).rejects.toMatchObject({
      statusCode: 429,
      code: 'SubscriptionRequestsThrottled',
    });
    const throttled = sim.inspect.requests({ service: 'azure', method: 'PUT' }).at(-1);
    // One token per 1000 virtual seconds is one wall second at this scale: the answer names it.
    expect(throttled).toMatchObject({ status: 429, retryAfterSeconds: 1 });

    sim.inspect.reset();
    expect(await inspection('GET')).toMatchObject({
      json: { limits: { writes: { capacity: 200, refillPerSecond: 10 } } },
    });
  });

  it('refuses an unknown bucket or a bad number with 400, changing nothing', async () => {
    const unknown = await inspection('PUT', { lists: { capacity: 5 } });
    expect(unknown).toEqual({
      status: 400,
      json: { error: { code: 'BadRequest', message: 'unknown bucket lists; known: reads, writes, deletes' } },
    });
    const bad = await inspection('PUT', { reads: { capacity: 0 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('throttling.reads needs capacity >= 1 and refillPerSecond >= 0');
    expect(sim.inspect.throttling()).toMatchObject({ reads: { capacity: 250, refillPerSecond: 25 } });
  });
});
