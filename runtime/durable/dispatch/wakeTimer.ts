// Keeps one virtual-clock timer armed for the earliest future message (durable timers, retry delays), so the
// dispatcher wakes exactly when something becomes visible. It never reads or writes the store itself.
import type { ClockTimer, VirtualClock } from '../../../clock';

export class WakeTimer {
  private armed: ClockTimer | undefined;

  constructor(
    private readonly clock: VirtualClock,
    private readonly onWake: () => void,
  ) {}

  /** Ensures a wake-up at or before `dueAt` (undefined = nothing pending). */
  armFor(dueAt: number | undefined): void {
    if (dueAt === undefined) return;
    if (this.armed && this.armed.dueAt <= dueAt) return;
    this.armed?.cancel();
    this.armed = this.clock.setTimerAt(dueAt, () => {
      this.armed = undefined;
      this.onWake();
    });
  }

  cancel(): void {
    this.armed?.cancel();
    this.armed = undefined;
  }
}
