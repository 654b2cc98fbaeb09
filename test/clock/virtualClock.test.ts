import { VirtualClock } from '../../clock';

function manualWall(start = 1_000_000): { now: () => number; tick: (ms: number) => void } {
  let t = start;
  return { now: () => t, tick: (ms) => (t += ms) };
}

describe('VirtualClock', () => {
  it('runs scale times faster than wall time', () => {
    const wall = manualWall();
    const clock = new VirtualClock({ scale: 1000, startAt: 0, wallNow: wall.now });
    wall.tick(2400);
    expect(clock.now()).toBe(40 * 60 * 1000);
  });

  it('keeps elapsed virtual time when the scale changes', () => {
    const wall = manualWall();
    const clock = new VirtualClock({ scale: 10, startAt: 0, wallNow: wall.now });
    wall.tick(100);
    clock.setScale(1);
    wall.tick(100);
    expect(clock.now()).toBe(1100);
  });

  it('never goes backwards even if the wall clock does', () => {
    const wall = manualWall();
    const clock = new VirtualClock({ scale: 1, startAt: 0, wallNow: wall.now });
    wall.tick(500);
    expect(clock.now()).toBe(500);
    wall.tick(-200);
    expect(clock.now()).toBe(500);
  });

  it('fires timers in due order when advanced by hand', () => {
    const clock = new VirtualClock({ scale: 1, startAt: 0 });
    const fired: string[] = [];
    clock.setTimer(3000, () => fired.push('b'));
    clock.setTimer(1000, () => fired.push('a'));
    const late = clock.setTimer(10_000, () => fired.push('never'));
    clock.advance(5000);
    late.cancel();
    expect(fired).toEqual(['a', 'b']);
    expect(clock.pendingTimers).toBe(0);
    clock.dispose();
  });

  it('sleeps 40 virtual minutes in a few wall milliseconds at a high scale', async () => {
    const clock = new VirtualClock({ scale: 1_000_000 });
    const before = clock.now();
    await clock.sleep(40 * 60 * 1000);
    expect(clock.now() - before).toBeGreaterThanOrEqual(40 * 60 * 1000);
    clock.dispose();
  });

  it('rejects a sleep that is aborted', async () => {
    const clock = new VirtualClock({ scale: 1 });
    const abort = new AbortController();
    const slept = clock.sleep(60_000, abort.signal);
    abort.abort();
    await expect(slept).rejects.toThrow('aborted');
    expect(clock.pendingTimers).toBe(0);
    clock.dispose();
  });
});
