// An outage of the topic, for tests and the soak: from when it is set until a virtual time, every request to the
// topic gets its connection reset (the publisher sees Event Grid unreachable, as during a regional outage or a
// network cut). It ends by itself on the virtual clock, or when set to 0.
import type { VirtualClock } from '../../clock';

export interface OutageState {
  /** Whether the topic refuses connections now. */
  down: boolean;
  /** Virtual epoch ms the outage ends at; absent when none was set or it was ended. */
  until?: number;
  /** Requests refused by outages since the start (or the last reset). */
  refused: number;
}

export class TopicOutage {
  private until: number | undefined;
  private refused = 0;

  constructor(private readonly clock: VirtualClock) {}

  /** Down for `forMs` virtual ms from now; 0 ends an outage at once. */
  set(forMs: number): OutageState {
    if (!Number.isFinite(forMs) || forMs < 0) throw new RangeError('forMs must be a number of virtual ms >= 0');
    this.until = forMs === 0 ? undefined : this.clock.now() + forMs;
    return this.state();
  }

  /** True (and counted) when this request falls inside the outage. */
  refuses(): boolean {
    if (this.until === undefined || this.clock.now() >= this.until) return false;
    this.refused += 1;
    return true;
  }

  state(): OutageState {
    const down = this.until !== undefined && this.clock.now() < this.until;
    return { down, ...(this.until !== undefined && { until: this.until }), refused: this.refused };
  }

  reset(): void {
    this.until = undefined;
    this.refused = 0;
  }
}
