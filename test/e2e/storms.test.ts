// Transient ARM failures end to end: a seeded storm of 429s, 500s, 503s, connection resets and
// AnotherOperationInProgress on both clouds, and the run still builds exactly one connection.
import { planFor, simResources, startServe, waitForRun, type Serve } from './harness';

const NAME = 'northwind';
const KINDS = [
  'throttle',
  'internalServerError',
  'serviceUnavailable',
  'connectionReset',
  'anotherOperationInProgress',
];

describe('serve --simulate: 429/5xx storms', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe({ seed: 'storms' });
  }, 60_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  it('still provisions both clouds, each resource once', async () => {
    // Retry-After 0: the storm is about the retries, not about waiting wall seconds for them. The first rules hit
    // fixed occurrences (disjoint ones, and a request counts for every rule it matches), so every kind surely
    // lands twice whatever the timing; the seeded rates after them add the storm around it.
    await serve.sim('PUT', 'faults', {
      seed: 'storm',
      rules: [
        { name: 'conflict-fixed', kind: 'anotherOperationInProgress', method: 'PUT', nth: [1, 4, 7] },
        { name: 'broken-fixed', kind: 'internalServerError', method: 'GET', nth: [2, 9] },
        { name: 'throttled-fixed', kind: 'throttle', method: 'GET', nth: [3, 11], retryAfterSeconds: 0 },
        { name: 'busy-fixed', kind: 'serviceUnavailable', method: 'GET', nth: [5, 14], retryAfterSeconds: 0 },
        { name: 'reset-fixed', kind: 'connectionReset', method: 'GET', nth: [7, 16] },
        { name: 'throttled', kind: 'throttle', rate: 0.1, retryAfterSeconds: 0 },
        { name: 'busy', kind: 'serviceUnavailable', rate: 0.05, retryAfterSeconds: 0 },
        { name: 'broken', kind: 'internalServerError', rate: 0.05 },
        { name: 'reset', kind: 'connectionReset', rate: 0.03 },
        { name: 'conflict', kind: 'anotherOperationInProgress', method: 'PUT', rate: 0.1 },
      ],
    });
    const answer = await serve.api('POST', '/api/connections', planFor(serve.ready, NAME));
    expect(answer.status).toBe(202);
    const done = await waitForRun(serve, NAME, undefined, 120_000);
    expect(done.error).toBeNull();
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.connection).toMatchObject({ state: 'connected', verify: { state: 'succeeded', reachable: true } });

    const { injected } = await serve.sim<{ injected: { kind: string }[] }>('GET', 'faults');
    const counts = Object.fromEntries(KINDS.map((kind) => [kind, injected.filter((f) => f.kind === kind).length]));
    // Every kind really hit the run, and not just once.
    expect(KINDS.filter((kind) => (counts[kind] ?? 0) < 2)).toEqual([]);
    expect(injected.length).toBeGreaterThanOrEqual(15);

    for (const cloud of ['azure', 'azureStack'] as const) {
      const names = (await simResources(serve, cloud)).filter((r) => !r.id.includes('/subnets/')).map((r) => r.name);
      // 8 resources we PUT, and the OS disk CRP made for the VM.
      expect(names).toHaveLength(9);
      expect(new Set(names).size).toBe(9);
    }
  }, 150_000);
});
