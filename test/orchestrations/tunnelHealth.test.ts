// The monitor's bookkeeping, pure: one transition per change of Connected-ness (never one per read), repairs after
// afterFailedReads failed reads at most maxPerDay a UTC day (the one beyond reported skipped), bounded lists.
import type { ResolvedRepairOptions } from '../../lib/plan/types';
import {
  afterRead,
  dayOf,
  freshSide,
  newestFirst,
  repairDecision,
  type SideRead,
} from '../../orchestrations/tunnelHealth';
import type { SideHealth } from '../../orchestrations/orchestrationTypes';

const CONNECTED: SideRead = { connectionStatus: 'Connected' };
const DOWN: SideRead = { connectionStatus: 'NotConnected' };
const UNREADABLE: SideRead = { connectionStatus: null, errorCode: 'AuthorizationFailed' };

function replay(reads: SideRead[], start: SideHealth = freshSide()): { health: SideHealth; transitions: string[] } {
  let health = start;
  const transitions: string[] = [];
  for (const read of reads) {
    const next = afterRead(health, read);
    health = next.health;
    if (next.transition) transitions.push(next.transition);
  }
  return { health, transitions };
}

describe('the tunnel health bookkeeping', () => {
  it('announces each change once, however many reads repeat it', () => {
    const { health, transitions } = replay([CONNECTED, DOWN, DOWN, UNREADABLE, DOWN, CONNECTED, CONNECTED, DOWN]);
    expect(transitions).toEqual(['degraded', 'recovered', 'degraded']);
    expect(health).toMatchObject({ connected: false, failedReads: 1, degradedEvents: 2, recoveredEvents: 1 });
  });

  it('counts an unreadable side as not Connected', () => {
    expect(replay([UNREADABLE]).transitions).toEqual(['degraded']);
    expect(afterRead(freshSide(), { connectionStatus: 'Connected', errorCode: 'X' }).transition).toBe('degraded');
  });

  it('repairs after afterFailedReads failed reads, at most maxPerDay a day, then reports a skip', () => {
    const repair: ResolvedRepairOptions = { afterFailedReads: 2, maxPerDay: 1 };
    let { health } = replay([DOWN]);
    expect(repairDecision(health, repair, '2026-01-01')).toEqual({ kind: 'none' });
    health = replay([DOWN], health).health;
    const first = repairDecision(health, repair, '2026-01-01');
    expect(first).toMatchObject({ kind: 'attempt', attempt: 1 });
    if (first.kind === 'none') throw new Error('expected a repair');
    health = replay([DOWN, DOWN], first.health).health;
    const second = repairDecision(health, repair, '2026-01-01');
    expect(second).toMatchObject({ kind: 'skip', attempt: 2 });
    if (second.kind === 'none') throw new Error('expected a skip');
    // A new day, a new allowance.
    health = replay([DOWN, DOWN], second.health).health;
    expect(repairDecision(health, repair, '2026-01-02')).toMatchObject({ kind: 'attempt', attempt: 1 });
  });

  it('never repairs without options.repair or while Connected', () => {
    const { health } = replay([DOWN, DOWN, DOWN]);
    expect(repairDecision(health, false, '2026-01-01')).toEqual({ kind: 'none' });
    const back = replay([CONNECTED], health).health;
    expect(repairDecision(back, { afterFailedReads: 1, maxPerDay: 3 }, '2026-01-01')).toEqual({ kind: 'none' });
  });

  it('keeps the newest first and at most max', () => {
    let list: number[] = [];
    for (let i = 1; i <= 15; i += 1) list = newestFirst(list, i, 10);
    expect(list).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(dayOf(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31');
  });
});
