// The virtual clock shared by runtime/ (durable timers, currentUtcDateTime) and simulator/ (ARM latencies).
// Virtual time runs `scale` times faster than wall time, and can be advanced by hand; it never runs backwards.
// It knows nothing of Durable Functions or ARM.

export interface VirtualClockOptions {
  /** Virtual milliseconds per wall millisecond. 1 = real time; 1000 turns 40 minutes into 2.4 s. */
  scale?: number;
  /** Virtual epoch ms to start at (e.g. restored after a restart, so time does not go backwards). Default: Date.now(). */
  startAt?: number;
  /** Source of wall time; injectable for tests. */
  wallNow?: () => number;
}

export interface ClockTimer {
  readonly dueAt: number;
  cancel(): void;
}

interface PendingTimer {
  id: number;
  dueAt: number;
  callback: () => void;
}

export class VirtualClock {
  private anchorWall: number;
  private anchorVirtual: number;
  private currentScale: number;
  private readonly wallNow: () => number;
  private readonly pending = new Map<number, PendingTimer>();
  private nextId = 1;
  private wallTimer: NodeJS.Timeout | undefined;
  private lastReported = 0;
  private disposed = false;

  constructor(options: VirtualClockOptions = {}) {
    this.wallNow = options.wallNow ?? Date.now;
    this.currentScale = validScale(options.scale ?? 1);
    this.anchorWall = this.wallNow();
    this.anchorVirtual = options.startAt ?? this.anchorWall;
  }

  get scale(): number {
    return this.currentScale;
  }

  /** Current virtual time in epoch milliseconds. Monotonic. */
  now(): number {
    const t = this.anchorVirtual + (this.wallNow() - this.anchorWall) * this.currentScale;
    // Rounding and wall-clock adjustments must never make virtual time go backwards.
    this.lastReported = Math.max(this.lastReported, Math.floor(t));
    return this.lastReported;
  }

  date(): Date {
    return new Date(this.now());
  }

  /** Changes the speed from now on; virtual time already elapsed is kept. */
  setScale(scale: number): void {
    const virtualNow = this.now();
    this.anchorWall = this.wallNow();
    this.anchorVirtual = virtualNow;
    this.currentScale = validScale(scale);
    this.reschedule();
  }

  /** Jumps virtual time forward by `ms` and fires every timer that became due. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative duration, got ${ms}`);
    const virtualNow = this.now();
    this.anchorWall = this.wallNow();
    this.anchorVirtual = virtualNow + ms;
    this.fireDue();
  }

  /** Runs `callback` once virtual time reaches now + delayMs. */
  setTimer(delayMs: number, callback: () => void): ClockTimer {
    return this.setTimerAt(this.now() + Math.max(0, delayMs), callback);
  }

  /** Runs `callback` once virtual time reaches `dueAt` (epoch ms). */
  setTimerAt(dueAt: number, callback: () => void): ClockTimer {
    if (this.disposed) throw new Error('VirtualClock is disposed');
    const id = this.nextId++;
    this.pending.set(id, { id, dueAt, callback });
    this.reschedule();
    return {
      dueAt,
      cancel: () => {
        if (this.pending.delete(id)) this.reschedule();
      },
    };
  }

  /** Resolves after `delayMs` of virtual time. */
  sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const timer = this.setTimer(delayMs, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      const onAbort = (): void => {
        timer.cancel();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Wall milliseconds that `virtualMs` of virtual time take at the current scale. */
  toWallMs(virtualMs: number): number {
    return virtualMs / this.currentScale;
  }

  /** Number of timers not yet fired. */
  get pendingTimers(): number {
    return this.pending.size;
  }

  /** Cancels every timer; the clock can still tell the time. */
  dispose(): void {
    this.disposed = true;
    this.pending.clear();
    if (this.wallTimer) clearTimeout(this.wallTimer);
    this.wallTimer = undefined;
  }

  private fireDue(): void {
    const now = this.now();
    const due = [...this.pending.values()]
      .filter((t) => t.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id);
    for (const timer of due) {
      this.pending.delete(timer.id);
    }
    for (const timer of due) {
      try {
        timer.callback();
      } catch (error) {
        // A failing callback must not stop the other timers; surface it like an uncaught timer error would.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    this.reschedule();
  }

  private reschedule(): void {
    if (this.wallTimer) clearTimeout(this.wallTimer);
    this.wallTimer = undefined;
    if (this.pending.size === 0 || this.disposed) return;
    let earliest = Infinity;
    for (const t of this.pending.values()) earliest = Math.min(earliest, t.dueAt);
    const wallDelay = Math.max(0, Math.ceil((earliest - this.now()) / this.currentScale));
    // setTimeout caps at 2^31-1 ms; longer waits simply re-arm when that fires.
    this.wallTimer = setTimeout(() => this.fireDue(), Math.min(wallDelay, 2 ** 31 - 1));
  }
}

function validScale(scale: number): number {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new RangeError(`clock scale must be a positive number, got ${scale}`);
  return scale;
}

function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}
