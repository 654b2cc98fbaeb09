// Retry policies of the workflow, declared once and named for what they protect. The orchestration runs the retries
// itself (settleAll: a durable timer, then the same call again), because durable-functions' RetryOptions waits a fixed
// backoff and cannot honour the Retry-After the last answer named: a throttled call came back inside ARM's window.

export interface RetryPolicy {
  /** Wait before the second attempt. */
  firstRetryIntervalMs: number;
  /** Attempts in all, the first included. */
  maxNumberOfAttempts: number;
  backoffCoefficient: number;
  maxRetryIntervalMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function retryPolicy(first: number, attempts: number, backoff: number, maxInterval: number): RetryPolicy {
  return {
    firstRetryIntervalMs: first,
    maxNumberOfAttempts: attempts,
    backoffCoefficient: backoff,
    maxRetryIntervalMs: maxInterval,
  };
}

/**
 * ARM writes (PUT/DELETE/begin*): 429, 5xx, AnotherOperationInProgress and resets clear up within minutes.
 * 5 attempts at 5 s, 10 s, 20 s, 40 s (or each Retry-After, when longer): about 75 s of backoff before the run fails
 * with the last error.
 */
export const ARM_WRITE_RETRY: RetryPolicy = retryPolicy(5 * SECOND, 5, 2, 2 * MINUTE);

/**
 * ARM reads inside monitors: fewer attempts, because the monitor itself polls again on its next round and only
 * its deadline ends the wait.
 */
export const ARM_READ_RETRY: RetryPolicy = retryPolicy(5 * SECOND, 3, 2, 1 * MINUTE);

/**
 * Milliseconds to wait before attempt `failedAttempt + 1`, or undefined when the policy's attempts are spent: the
 * backoff, but never less than the Retry-After (seconds, task hub clock) the failed attempt's last answer named.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  failedAttempt: number,
  retryAfterSeconds: number | undefined,
): number | undefined {
  if (failedAttempt >= policy.maxNumberOfAttempts) return undefined;
  const backoff = Math.min(
    policy.firstRetryIntervalMs * policy.backoffCoefficient ** (failedAttempt - 1),
    policy.maxRetryIntervalMs,
  );
  return Math.max(backoff, Math.ceil((retryAfterSeconds ?? 0) * SECOND));
}
