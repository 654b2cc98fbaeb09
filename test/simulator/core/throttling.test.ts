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
