// ARM's per-subscription throttling (token buckets per subscription and request kind, learn.microsoft.com
// request-limits-and-throttling): decides 429s and the x-ms-ratelimit-remaining-subscription-* values.
import type { VirtualClock } from '../../clock';
import { TokenBucket } from './tokenBucket';

export type RequestKind = 'reads' | 'writes' | 'deletes';

export interface BucketLimit {
  capacity: number;
  refillPerSecond: number;
}

export type ThrottlingLimits = Record<RequestKind, BucketLimit>;

/** ARM's published limits (2024+ token bucket): reads 250 / 25 s⁻¹, writes 200 / 10 s⁻¹, deletes 200 / 10 s⁻¹. */
export const DEFAULT_THROTTLING: ThrottlingLimits = {
  reads: { capacity: 250, refillPerSecond: 25 },
  writes: { capacity: 200, refillPerSecond: 10 },
  deletes: { capacity: 200, refillPerSecond: 10 },
};

const REQUEST_KINDS: readonly RequestKind[] = ['reads', 'writes', 'deletes'];

export class ThrottlingLimitsError extends Error {
  override readonly name = 'ThrottlingLimitsError';
}

/**
 * ARM's limits with some buckets changed (`{"writes": {"capacity": 5}}`), checked: a plain JSON object whose keys are
 * request kinds, each with a `capacity` >= 1 and a `refillPerSecond` >= 0. Throws ThrottlingLimitsError naming the
 * first bad field.
 */
export function throttlingLimits(overrides: unknown): ThrottlingLimits {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))
    throw new ThrottlingLimitsError('throttling must be an object of reads, writes and deletes buckets');
  const given = overrides as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!(REQUEST_KINDS as readonly string[]).includes(key))
      throw new ThrottlingLimitsError(`unknown bucket ${key}; known: ${REQUEST_KINDS.join(', ')}`);
  }
  const limits = { ...DEFAULT_THROTTLING };
  for (const kind of REQUEST_KINDS) {
    const override = given[kind] ?? {};
    if (typeof override !== 'object' || override === null || Array.isArray(override))
      throw new ThrottlingLimitsError(`throttling.${kind} must be an object`);
    const merged: Record<string, unknown> = { ...DEFAULT_THROTTLING[kind], ...override };
    const { capacity, refillPerSecond } = merged;
    if (Object.keys(merged).length !== 2 || typeof capacity !== 'number' || typeof refillPerSecond !== 'number')
      throw new ThrottlingLimitsError(`throttling.${kind} takes a number capacity and refillPerSecond only`);
    if (!(capacity >= 1) || !(refillPerSecond >= 0) || !Number.isFinite(capacity) || !Number.isFinite(refillPerSecond))
      throw new ThrottlingLimitsError(`throttling.${kind} needs capacity >= 1 and refillPerSecond >= 0`);
    limits[kind] = { capacity, refillPerSecond };
  }
  return limits;
}

export function requestKind(method: string): RequestKind {
  if (method === 'GET' || method === 'HEAD') return 'reads';
  if (method === 'DELETE') return 'deletes';
  return 'writes';
}

export interface ThrottleDecision {
  kind: RequestKind;
  allowed: boolean;
  remaining: number;
  /** When refused: wall seconds the client should wait (Retry-After), at least 1. */
  retryAfterSeconds: number;
}

/**
 * Buckets refill on the VIRTUAL clock. The simulator models ARM's time: at scale 1000 a benchmark covering 40 minutes
 * of ARM time must meet the limits ARM would apply over those 40 minutes, not over 2.4 s of wall time (which would
 * throttle a product that is perfectly polite in real time). It also keeps tests deterministic: a test that sets a
 * small capacity and a slow refill gets its 429 on exactly the Nth request, whatever the machine's speed, and the
 * Retry-After (converted to wall seconds) is long enough for the refill it announces.
 */
export class SubscriptionThrottle {
  private readonly buckets = new Map<string, TokenBucket>();
  private limits: ThrottlingLimits;

  constructor(
    private readonly initialLimits: ThrottlingLimits,
    private readonly clock: VirtualClock,
  ) {
    this.limits = initialLimits;
  }

  currentLimits(): ThrottlingLimits {
    return structuredClone(this.limits);
  }

  /** New limits from now on; every bucket starts full again (as after a long quiet spell). */
  setLimits(limits: ThrottlingLimits): void {
    this.limits = limits;
    this.buckets.clear();
  }

  take(subscriptionId: string, method: string): ThrottleDecision {
    const kind = requestKind(method);
    const key = `${subscriptionId.toLowerCase()}:${kind}`;
    const now = this.clock.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.limits[kind].capacity, this.limits[kind].refillPerSecond, now);
      this.buckets.set(key, bucket);
    }
    const result = bucket.take(now);
    const wallMs = this.clock.toWallMs(result.waitMs);
    return {
      kind,
      allowed: result.allowed,
      remaining: result.remaining,
      retryAfterSeconds: Number.isFinite(wallMs) ? Math.max(1, Math.ceil(wallMs / 1000)) : 60,
    };
  }

  /** Back to the limits it started with, every bucket full. */
  reset(): void {
    this.setLimits(this.initialLimits);
  }
}
