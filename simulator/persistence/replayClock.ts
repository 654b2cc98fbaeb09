// The clock a persistent simulator's services run on. While the journal is replayed it shows each request's recorded
// virtual (and wall) time and fires the timers that became due in between, in due order, as the live run did; then
// it hands its pending timers to the live clock and from there on is that clock. Operations started before a restart
// therefore end at the virtual time they were due, on the clock the rest of the process shares.
import { VirtualClock, type ClockTimer } from '../../clock';

interface ReplayTimer {
  id: number;
  dueAt: number;
  callback: () => void;
  /** Set once the timer lives on the live clock. */
  live?: ClockTimer;
}

export class ReplayClock extends VirtualClock {
  private replaying = true;
  private replayNow: number;
  private replayWall: number;
  private readonly timers = new Map<number, ReplayTimer>();
  private nextTimerId = 1;
  private held: number | undefined;

  /** `startAt`: the virtual time the journal starts at (the live clock may be far past it after a restart). */
  constructor(
    private readonly live: VirtualClock,
    startAt: number = live.now(),
  ) {
    super({ scale: live.scale });
    this.replayNow = startAt;
    this.replayWall = Date.now();
  }

  /** Wall time for expiries (tokens, SAS): the recorded one while replaying. */
  readonly wallTime = (): number => (this.replaying ? this.replayWall : Date.now());

  /** Moves replayed time to a request's recorded times, firing every timer due by then in due order. */
  replayTo(virtualTime: number, wallTime: number): void {
    this.replayWall = wallTime;
    for (;;) {
      const next = [...this.timers.values()]
        .filter((t) => t.dueAt <= virtualTime)
        .sort((a, b) => a.dueAt - b.dueAt || a.id - b.id)[0];
      if (next === undefined) break;
      this.timers.delete(next.id);
      this.replayNow = Math.max(this.replayNow, next.dueAt);
      next.callback();
    }
    this.replayNow = Math.max(this.replayNow, virtualTime);
  }

  /**
   * Live: shows `virtualTime` until the code running now yields (a request's handling is synchronous once recorded),
   * so everything the request does carries the time the journal recorded for it, and its replay repeats it exactly.
   */
  holdDuringHandling(virtualTime: number): void {
    if (this.replaying || this.held !== undefined) return;
    this.held = virtualTime;
    queueMicrotask(() => (this.held = undefined));
  }

  /** Ends the replay: the live clock is moved up to the replayed time if behind, and takes over the pending timers. */
  goLive(): void {
    if (!this.replaying) return;
    const behind = this.replayNow - this.live.now();
    if (behind > 0) this.live.advance(behind);
    this.replaying = false;
    for (const timer of this.timers.values()) timer.live = this.live.setTimerAt(timer.dueAt, timer.callback);
    this.timers.clear();
  }

  override get scale(): number {
    return this.live.scale;
  }

  override now(): number {
    return this.replaying ? this.replayNow : (this.held ?? this.live.now());
  }

  override date(): Date {
    return new Date(this.now());
  }

  override setScale(scale: number): void {
    this.live.setScale(scale);
  }

  override advance(ms: number): void {
    if (this.replaying) this.replayTo(this.replayNow + ms, this.replayWall);
    else this.live.advance(ms);
  }

  override setTimerAt(dueAt: number, callback: () => void): ClockTimer {
    if (!this.replaying) return this.live.setTimerAt(dueAt, callback);
    const timer: ReplayTimer = { id: this.nextTimerId++, dueAt, callback };
    this.timers.set(timer.id, timer);
    return {
      dueAt,
      cancel: () => {
        this.timers.delete(timer.id);
        timer.live?.cancel();
      },
    };
  }

  /** Nothing waits while replaying: a request held for time to pass was recorded after the wait. */
  override sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
    return this.replaying ? Promise.resolve() : this.live.sleep(delayMs, signal);
  }

  override toWallMs(virtualMs: number): number {
    return this.live.toWallMs(virtualMs);
  }

  override get pendingTimers(): number {
    return this.replaying ? this.timers.size : this.live.pendingTimers;
  }

  /** Cancels the timers it holds; the live clock belongs to its owner. */
  override dispose(): void {
    super.dispose();
    this.timers.clear();
  }
}
