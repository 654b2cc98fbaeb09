// The DTFx RetryInterceptor delay rule: firstRetryInterval * backoff^attempt, capped at maxRetryInterval, and
// zero once the retry timeout (counted from the first attempt) has passed. Pure arithmetic on virtual times.
import type { RetryPolicy } from './actions';

/**
 * Delay before the retry that follows failed attempt number `attemptIndex` (0-based), or 0 when the retry timeout
 * has expired at `now`.
 */
export function retryDelayMs(policy: RetryPolicy, attemptIndex: number, firstAttemptAt: number, now: number): number {
  if (now >= firstAttemptAt + policy.retryTimeoutMs) return 0;
  const delay = policy.firstRetryIntervalMs * Math.pow(policy.backoffCoefficient, attemptIndex);
  return delay < policy.maxRetryIntervalMs ? delay : policy.maxRetryIntervalMs;
}
