// An outage of the topic, for tests and the soak: from when it is set (or, armed, from the next request to the topic)
// until a virtual time, every request to the topic gets its connection reset (the publisher sees Event Grid
// unreachable, as during a regional outage or a network cut). It ends by itself on the virtual clock, or when set to 0.
import type { VirtualClock } from '../../clock';

export interface OutageState {
  /** Whether the topic refuses connections now. */
  down: boolean;
  /** Virtual epoch ms the outage ends at; absent when none was set or it was ended. */
  until?: number;
  /** Requests refused by outages since the start (or the last reset). */
  refused: number;
  /** Armed: virtual ms the outage will last from the next request to the topic, which it is the first to refuse. */
  armedForMs?: number;
}

export interface OutageOptions {
  /** Start at the next request to the topic rather than now: an outage that some publish is sure to meet. */
  fromNextRequest?: boolean;
}

export class TopicOutage {
  private until: number | undefined;
  private armedForMs: number | undefined;
  private refused = 0;

  constructor(private readonly clock: VirtualClock) {}

  /** Down for `forMs` virtual ms from now (or from the next request); 0 ends an outage, and disarms one, at once. */
  set(forMs: number, options: OutageOptions = {}): OutageState {
    if (!Number.isFinite(forMs) || forMs < 0) throw new RangeError('forMs must be a number of virtual ms >= 0');
    const armed = options.fromNextRequest === true && forMs > 0;
    this.armedForMs = armed ? forMs : undefined;
    this.until = forMs === 0 || armed ? undefined : this.clock.now() + forMs;
    return this.state();
  }

  /** True (and counted) when this request falls inside the outage. */
  refuses(): boolean {
    if (this.armedForMs !== undefined) {
      this.until = this.clock.now() + this.armedForMs;
      this.armedForMs = undefined;
    }
    if (this.until === undefined || this.clock.now() >= this.until) return false;
    this.refused += 1;
    return true;
  }

  state(): OutageState {
    const down = this.until !== undefined && this.clock.now() < this.until;
    return {
      down,
      ...(this.until !== undefined && { until: this.until }),
      refused: this.refused,
      ...(this.armedForMs !== undefined && { armedForMs: this.armedForMs }),
    };
  }

  reset(): void {
    this.until = undefined;
    this.armedForMs = undefined;
    this.refused = 0;
  }
}
