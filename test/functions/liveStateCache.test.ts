// The live-state cache alone, on a hand-moved wall clock: one read per connection per TTL, shared by requests that
// arrive while it runs; a new fingerprint (the run or teardown moved on) or an expired entry reads again; a failed
// read is not kept; the oldest connection is forgotten first.
import { LiveStateCache } from '../../functions/live/liveStateCache';
import type { LiveState } from '../../lib/api/connectionStatus';

const EMPTY = { resources: [], connection: null, gatewayIpAddress: null };

function stateAt(readAt: string): LiveState {
  return { readAt, azure: EMPTY, azureStack: EMPTY };
}

describe('LiveStateCache', () => {
  let wall = 0;
  let reads = 0;
  const read = (label: string) => () => {
    reads++;
    return Promise.resolve(stateAt(label));
  };

  beforeEach(() => {
    wall = 1_000_000;
    reads = 0;
  });

  it('answers a connection from one read until the TTL ends, then reads again', async () => {
    const cache = new LiveStateCache({ ttlMs: 10_000, wallNow: () => wall });
    expect((await cache.get('contoso', 'f', read('first'))).readAt).toBe('first');
    wall += 9_999;
    expect((await cache.get('contoso', 'f', read('second'))).readAt).toBe('first');
    expect(reads).toBe(1);
    wall += 1;
    expect((await cache.get('contoso', 'f', read('third'))).readAt).toBe('third');
    expect(reads).toBe(2);
  });

  it('shares a read still running with every request that arrives meanwhile', async () => {
    const cache = new LiveStateCache({ ttlMs: 10_000, wallNow: () => wall });
    let finish: (state: LiveState) => void = () => undefined;
    const slow = () => {
      reads++;
      return new Promise<LiveState>((resolve) => (finish = resolve));
    };
    const answers = Array.from({ length: 5 }, () => cache.get('contoso', 'f', slow));
    finish(stateAt('once'));
    expect((await Promise.all(answers)).map((state) => state.readAt)).toEqual(Array(5).fill('once'));
    expect(reads).toBe(1);
  });

  it('reads again at once when the fingerprint changes, and keeps connections apart', async () => {
    const cache = new LiveStateCache({ ttlMs: 10_000, wallNow: () => wall });
    await cache.get('contoso', 'succeeded', read('built'));
    expect((await cache.get('contoso', 'deleted', read('gone'))).readAt).toBe('gone');
    expect((await cache.get('fabrikam', 'deleted', read('other'))).readAt).toBe('other');
    expect(reads).toBe(3);
  });

  it('does not keep a failed read', async () => {
    const cache = new LiveStateCache({ ttlMs: 10_000, wallNow: () => wall });
    await expect(cache.get('contoso', 'f', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await cache.get('contoso', 'f', read('retried'))).readAt).toBe('retried');
  });

  it('forgets the oldest connection beyond its bound', async () => {
    const cache = new LiveStateCache({ ttlMs: 10_000, maxEntries: 2, wallNow: () => wall });
    for (const name of ['a', 'b', 'c']) await cache.get(name, 'f', read(name));
    expect(reads).toBe(3);
    await cache.get('c', 'f', read('c again'));
    await cache.get('b', 'f', read('b again'));
    expect(reads).toBe(3);
    expect((await cache.get('a', 'f', read('a again'))).readAt).toBe('a again');
    expect(reads).toBe(4);
  });
});
