// The health monitor's bookkeeping, pure: what a read of one side means for that side (a Degraded or Recovered
// transition, exactly once per change), whether it is due a repair, and the bounded lists the monitor carries
// through continue-as-new. No clock: times come in as orchestration time.
import type { MonitorRead } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import type { ResolvedRepairOptions } from '../lib/plan/types';
import type { MonitorCarried, SideHealth } from './orchestrationTypes';

/** Reads per continue-as-new generation: the history of one generation stays a few hundred events. */
export const MONITOR_READS_PER_GENERATION = 12;
/** How many of each list the status keeps (newest first). */
export const MAX_MONITOR_READS = 10;
export const MAX_MONITOR_TRANSITIONS = 20;
export const MAX_MONITOR_REPAIRS = 20;

export const CONNECTED = 'Connected';

export type SideRead = MonitorRead['sides'][CloudId] & object;

export function freshSide(): SideHealth {
  return {
    connected: true,
    failedReads: 0,
    readsSinceRepair: 0,
    degradedEvents: 0,
    recoveredEvents: 0,
    repairEvents: 0,
    repairDay: '',
    repairsToday: 0,
  };
}

/** The first generation's state: both sides Connected, as the run that started the monitor proved. */
export function initialCarried(): MonitorCarried {
  const sides = {} as Record<CloudId, SideHealth>;
  for (const cloud of CLOUD_IDS) sides[cloud] = freshSide();
  return { generation: 0, reads: [], transitions: [], repairs: [], sides };
}

export function isConnectedRead(read: SideRead): boolean {
  return read.connectionStatus === CONNECTED && read.errorCode === undefined;
}

export type Transition = 'degraded' | 'recovered' | undefined;

/** A side after one more read, and the transition that read made (once per change of Connected-ness). */
export function afterRead(health: SideHealth, read: SideRead): { health: SideHealth; transition: Transition } {
  const connected = isConnectedRead(read);
  if (connected) {
    const transition = health.connected ? undefined : 'recovered';
    return {
      health: {
        ...health,
        connected: true,
        failedReads: 0,
        readsSinceRepair: 0,
        recoveredEvents: health.recoveredEvents + (transition ? 1 : 0),
      },
      transition,
    };
  }
  const transition = health.connected ? 'degraded' : undefined;
  return {
    health: {
      ...health,
      connected: false,
      failedReads: health.failedReads + 1,
      readsSinceRepair: health.readsSinceRepair + 1,
      degradedEvents: health.degradedEvents + (transition ? 1 : 0),
    },
    transition,
  };
}

export type RepairDecision = { kind: 'none' } | { kind: 'attempt' | 'skip'; attempt: number; health: SideHealth };

/**
 * Whether a side that read not Connected is due a repair now: after `afterFailedReads` failed reads since the last
 * attempt, at most `maxPerDay` a (virtual, UTC) day; one beyond the limit is reported as skipped. Either way the
 * count of failed reads starts again, so the next decision comes `afterFailedReads` reads later.
 */
export function repairDecision(health: SideHealth, repair: false | ResolvedRepairOptions, day: string): RepairDecision {
  if (repair === false || health.connected || health.readsSinceRepair < repair.afterFailedReads)
    return { kind: 'none' };
  const today = health.repairDay === day ? health.repairsToday : 0;
  const next: SideHealth = { ...health, readsSinceRepair: 0, repairDay: day, repairEvents: health.repairEvents + 1 };
  if (today >= repair.maxPerDay) return { kind: 'skip', attempt: today + 1, health: { ...next, repairsToday: today } };
  return { kind: 'attempt', attempt: today + 1, health: { ...next, repairsToday: today + 1 } };
}

/** The UTC day of an orchestration time, YYYY-MM-DD. */
export function dayOf(time: Date): string {
  return time.toISOString().slice(0, 10);
}

/** `item` first, then the newest of `list`, at most `max` in all. */
export function newestFirst<T>(list: readonly T[], item: T, max: number): T[] {
  return [item, ...list].slice(0, max);
}
