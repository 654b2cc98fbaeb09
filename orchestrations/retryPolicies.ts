// Retry policies of the workflow, declared once and named for what they protect. The Durable host runs the retries
// (with durable timers), so an activity that throws a retryable ARM error is simply called again.
import * as df from 'durable-functions';

function retryOptions(first: number, attempts: number, backoff: number, maxInterval: number): df.RetryOptions {
  const options = new df.RetryOptions(first, attempts);
  options.backoffCoefficient = backoff;
  options.maxRetryIntervalInMilliseconds = maxInterval;
  return options;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * ARM writes (PUT/DELETE/begin*): 429, 5xx, AnotherOperationInProgress and resets clear up within minutes.
 * 5 attempts at 5 s, 10 s, 20 s, 40 s: about 75 s of backoff before the run fails with the last error.
 */
export const ARM_WRITE_RETRY: df.RetryOptions = retryOptions(5 * SECOND, 5, 2, 2 * MINUTE);

/**
 * ARM reads inside monitors: fewer attempts, because the monitor itself polls again on its next round and only
 * its deadline ends the wait.
 */
export const ARM_READ_RETRY: df.RetryOptions = retryOptions(5 * SECOND, 3, 2, 1 * MINUTE);

/** Event Grid publishes: retried a few times, then given up on; a lost event never fails the provisioning. */
export const EVENT_PUBLISH_RETRY: df.RetryOptions = retryOptions(2 * SECOND, 4, 2, 30 * SECOND);
