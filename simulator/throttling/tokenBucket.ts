// A token bucket: `capacity` tokens, refilled continuously at `refillPerSecond`. Time comes from the caller, so the
// bucket itself is deterministic; it never reads a clock.

export interface TakeResult {
  allowed: boolean;
  /** Whole tokens left after this request (what x-ms-ratelimit-remaining-* reports). */
  remaining: number;
  /** When refused: time until one token is available, in the caller's time unit (ms). */
  waitMs: number;
}

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  take(now: number): TakeResult {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true, remaining: Math.floor(this.tokens), waitMs: 0 };
    }
    const waitMs = this.refillPerSecond > 0 ? Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000) : Infinity;
    return { allowed: false, remaining: 0, waitMs };
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed / 1000) * this.refillPerSecond);
    this.updatedAt = Math.max(this.updatedAt, now);
  }
}
