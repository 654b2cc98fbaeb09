// What the dispatchers share: the store, the clock, the app's invoker, logging, and the hooks they call after a
// commit. Types and one commit helper only.
import type { VirtualClock } from '../../../clock';
import type { DurableFunctionInvoker } from '../../contracts';
import type { DurableStore } from '../store/durableStore';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string) => void;

export interface DispatchContext {
  readonly store: DurableStore;
  readonly clock: VirtualClock;
  readonly log: Log;
  /** The app's functions; only available between start() and stop(). */
  invoker(): DurableFunctionInvoker;
  isStopped(): boolean;
  /** Called after every commit: wakes the dispatchers and re-arms the timer wake-up. */
  afterCommit(): void;
  /** Called when an instance reached a final status (for HTTP calls waiting on it). */
  instanceFinished(instanceId: string): void;
}

export const VIRTUAL_TIME_KEY = 'virtual_time';

/**
 * Runs `work` in one transaction that also records the virtual time, unless the engine stopped meanwhile
 * (abandoned work is redone after a restart). Returns whether it committed.
 */
export function commit(context: DispatchContext, work: () => void): boolean {
  if (context.isStopped() || !context.store.isOpen) return false;
  context.store.transaction(() => {
    work();
    const now = context.clock.now();
    const stored = Number(context.store.getMeta(VIRTUAL_TIME_KEY) ?? 0);
    if (now > stored) context.store.setMeta(VIRTUAL_TIME_KEY, String(now));
  });
  context.afterCommit();
  return true;
}
