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
  /**
   * How long a call answered "busy" (BUSY_CODES: another write holds the resource) is called again, every
   * `busyIntervalMs`, before such answers count against `maxNumberOfAttempts`. A busy resource is no fault: it frees
   * when the operation holding it ends, and a gateway takes its connections' writes one at a time, a few minutes each,
   * so the tenth site of a fleet waits for nine.
   */
  busyWaitMs?: number;
  busyIntervalMs?: number;
}

/** Codes that mean the resource is busy with another operation (it is retried for busyWaitMs, not attempts). */
export const BUSY_CODES: ReadonlySet<string> = new Set(['AnotherOperationInProgress']);

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
 * ARM writes (PUT/DELETE/begin*): 429, 5xx and resets clear up within minutes: 5 attempts at 5 s, 10 s, 20 s, 40 s (or
 * each Retry-After, when longer), about 75 s of backoff, before the run fails with the last error.
 * AnotherOperationInProgress is called again every 30 s for up to an hour first: the hub gateway of a fleet writes its
 * sites' connections one at a time (1.5-3 minutes each), and a VNet or gateway write can wait out another's.
 */
export const ARM_WRITE_RETRY: RetryPolicy = {
  ...retryPolicy(5 * SECOND, 5, 2, 2 * MINUTE),
  busyWaitMs: 60 * MINUTE,
  busyIntervalMs: 30 * SECOND,
};

/**
 * ARM reads inside monitors: fewer attempts, because the monitor itself polls again on its next round and only
 * its deadline ends the wait.
 */
export const ARM_READ_RETRY: RetryPolicy = retryPolicy(5 * SECOND, 3, 2, 1 * MINUTE);

/**
 * Milliseconds to wait before calling a busy resource again, when `busyWaitedMs` (the waits for busy answers so far)
 * leaves room under the policy's busyWaitMs; undefined otherwise (the answer then counts as a failed attempt).
 */
export function busyRetryDelayMs(
  policy: RetryPolicy,
  busyWaitedMs: number,
  retryAfterSeconds: number | undefined,
): number | undefined {
  if (policy.busyWaitMs === undefined || busyWaitedMs >= policy.busyWaitMs) return undefined;
  return Math.max(policy.busyIntervalMs ?? policy.firstRetryIntervalMs, Math.ceil((retryAfterSeconds ?? 0) * SECOND));
}

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
