// The throttling section's counting, on hand-made request logs: what ARM's buckets would refuse on either clock, the
// 429s per cloud and method, the per-wall-second limits and the ratio of the two passes. No process, no network.
import { DEFAULT_THROTTLING } from '../../simulator/throttling/subscriptionThrottle';
import type { LoggedRequest } from '../../soak/faults';
import { countThrottled, passRatio, perWallSecond, refusalsUnder, type ThrottlingPass } from '../../soak/throttling';

const SUBSCRIPTION_PATH = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v';

function logged(
  sequence: number,
  virtualTime: number,
  fields: Partial<LoggedRequest> & Pick<LoggedRequest, 'service' | 'method'>,
): LoggedRequest {
  return { sequence, virtualTime, path: SUBSCRIPTION_PATH, status: 200, ...fields };
}

/** `count` reads of one cloud, `everyMs` virtual ms apart from `startMs`. */
function reads(count: number, startMs: number, everyMs: number, service = 'azure'): LoggedRequest[] {
  return Array.from({ length: count }, (_, i) => logged(i + 1, startMs + i * everyMs, { service, method: 'GET' }));
}

describe('ARM buckets against a logged traffic', () => {
  it('refuses what goes past the capacity before the bucket refills, per cloud and request kind', () => {
    // 260 reads at the same virtual instant: ARM's read bucket holds 250.
    expect(refusalsUnder(reads(260, 0, 0), DEFAULT_THROTTLING)).toBe(10);
    // The same 260 reads one per 40 virtual ms (25/s): the refill keeps up, nothing is refused.
    expect(refusalsUnder(reads(260, 0, 40), DEFAULT_THROTTLING)).toBe(0);
    // Each cloud has its own subscription, and writes their own bucket.
    const twoClouds = [...reads(250, 0, 0), ...reads(250, 0, 0, 'azureStack')];
    const writes = Array.from({ length: 200 }, (_, i) => logged(600 + i, 0, { service: 'azure', method: 'PUT' }));
    expect(refusalsUnder([...twoClouds, ...writes], DEFAULT_THROTTLING)).toBe(0);
    expect(refusalsUnder([...writes, logged(900, 0, { service: 'azure', method: 'PATCH' })], DEFAULT_THROTTLING)).toBe(
      1,
    );
  });

  it('leaves out what ARM does not throttle per subscription: other services, paths without a subscription', () => {
    const others = [
      ...reads(300, 0, 0, 'keyVault'),
      ...Array.from({ length: 300 }, (_, i) =>
        logged(i + 1, 0, { service: 'azureStack', method: 'GET', path: '/metadata/endpoints' }),
      ),
    ];
    expect(refusalsUnder(others, DEFAULT_THROTTLING)).toBe(0);
  });

  it('on the wall clock at time scale 1000 refills a thousand times slower per virtual second', () => {
    const wall = perWallSecond(DEFAULT_THROTTLING, 1000);
    expect(wall).toEqual({
      reads: { capacity: 250, refillPerSecond: 0.025 },
      writes: { capacity: 200, refillPerSecond: 0.01 },
      deletes: { capacity: 200, refillPerSecond: 0.01 },
    });
    // 300 reads over 3 virtual minutes (0.18 wall s at that scale): fine in ARM time; per wall second 250 + 4 pass.
    const traffic = reads(300, 0, 600);
    expect(refusalsUnder(traffic, DEFAULT_THROTTLING)).toBe(0);
    expect(refusalsUnder(traffic, wall)).toBe(46);
  });
});

describe("the throttled pass's 429s", () => {
  it('counts requests and 429s per cloud and method, ARM only, clouds in order', () => {
    const log = [
      logged(1, 0, { service: 'azureStack', method: 'GET', status: 429, retryAfterSeconds: 1 }),
      logged(2, 1, { service: 'azureStack', method: 'GET' }),
      logged(3, 2, { service: 'azure', method: 'PUT', status: 201 }),
      logged(4, 3, { service: 'azure', method: 'GET', status: 429, retryAfterSeconds: 2 }),
      logged(5, 4, { service: 'azure', method: 'GET' }),
      logged(6, 5, { service: 'keyVault', method: 'GET', status: 429 }),
    ];
    expect(countThrottled(log)).toEqual([
      { cloud: 'azure', method: 'GET', requests: 2, throttled: 1 },
      { cloud: 'azure', method: 'PUT', requests: 1, throttled: 0 },
      { cloud: 'azureStack', method: 'GET', requests: 2, throttled: 1 },
    ]);
  });

  it('compares the passes as throttled / unthrottled, n/a when one is missing', () => {
    const pass = (name: 'throttled' | 'unthrottled', runsWallMs: number): ThrottlingPass =>
      ({ pass: name, runsWallMs }) as ThrottlingPass;
    const wall = (p: ThrottlingPass): number => p.runsWallMs;
    expect(passRatio([pass('unthrottled', 20_000), pass('throttled', 30_000)], wall)).toBe(1.5);
    expect(passRatio([pass('throttled', 30_000)], wall)).toBeNaN();
  });
});
