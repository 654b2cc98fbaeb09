// Task.all that lets every task settle before the orchestrator moves on, and runs the retries of the calls that have
// a retry policy. Durable JS's Task.all fails fast, but the host's WhenAll waits for all children: if the orchestrator
// scheduled anything while a sibling was still running, the two would number the next tasks differently and replay
// would break silently (durable-js fail-fast vs DTFx).
// Retries are the orchestration's own (not callActivityWithRetry): every call that threw and has attempts left waits
// on ONE durable timer, as long as the longest of their backoffs and of the Retry-After their last answers named, then
// they are called again together. A busy answer (AnotherOperationInProgress) is called again for the policy's busy
// wait before it counts as an attempt. A terminal failure comes back as {ok:false} data and is never retried.
import type * as df from 'durable-functions';
import { decodeActivityFailure } from './activityFailure';
import type { Orchestration } from './orchestrationTypes';
import { BUSY_CODES, busyRetryDelayMs, retryDelayMs, type RetryPolicy } from './retryPolicies';

export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

/** An activity call the orchestration retries itself under `retry` (built by armWriteTask / armReadTask). */
export interface RetriedCall {
  readonly activity: string;
  readonly input: unknown;
  readonly retry: RetryPolicy;
}

/** What settleAll waits on: a task already made (a sub-orchestration, ...), or an activity call it retries. */
export type Call = df.Task | RetriedCall;

export function isRetriedCall(call: Call): call is RetriedCall {
  return 'retry' in call && 'activity' in call;
}

export function* settleAll(context: df.OrchestrationContext, calls: readonly Call[]): Orchestration<Settled[]> {
  const results: Settled[] = new Array<Settled>(calls.length);
  // Per call: failed attempts that count against its policy, and the time waited on busy answers (which do not).
  let round = calls.map((call, index) => ({ call, index, failures: 0, busyWaitedMs: 0 }));
  for (;;) {
    const settled = yield* settleTasks(
      context,
      round.map(({ call }) => (isRetriedCall(call) ? context.df.callActivity(call.activity, call.input) : call)),
    );
    const again: typeof round = [];
    let waitMs = 0;
    for (const [position, entry] of round.entries()) {
      const outcome = settled[position] ?? { ok: false, error: new Error('a parallel call produced no result') };
      const next = !outcome.ok && isRetriedCall(entry.call) ? nextTry(entry.call.retry, entry, outcome) : undefined;
      if (next === undefined) results[entry.index] = outcome;
      else {
        again.push({ ...entry, ...next.entry });
        waitMs = Math.max(waitMs, next.delayMs);
      }
    }
    if (again.length === 0) return results;
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + waitMs));
    round = again;
  }
}

/** When and how a failed call is tried again: a busy answer within the policy's busy wait, else a counted attempt. */
function nextTry(
  policy: RetryPolicy,
  entry: { failures: number; busyWaitedMs: number },
  outcome: Settled,
): { delayMs: number; entry: { failures: number; busyWaitedMs: number } } | undefined {
  const retryAfter = retryAfterSecondsOf(outcome);
  const code = outcome.ok ? undefined : decodeActivityFailure(outcome.error)?.code;
  if (code !== undefined && BUSY_CODES.has(code)) {
    const delayMs = busyRetryDelayMs(policy, entry.busyWaitedMs, retryAfter);
    if (delayMs !== undefined) return { delayMs, entry: { ...entry, busyWaitedMs: entry.busyWaitedMs + delayMs } };
  }
  const failures = entry.failures + 1;
  const delayMs = retryDelayMs(policy, failures, retryAfter);
  return delayMs === undefined ? undefined : { delayMs, entry: { ...entry, failures } };
}

/** The Retry-After (seconds, task hub clock) a failed call's last answer named; undefined for none or a success. */
export function retryAfterSecondsOf(settled: Settled | undefined): number | undefined {
  return settled && !settled.ok ? decodeActivityFailure(settled.error)?.retryAfterSeconds : undefined;
}

function* settleTasks(context: df.OrchestrationContext, tasks: readonly df.Task[]): Orchestration<Settled[]> {
  const [only] = tasks;
  if (only !== undefined && tasks.length === 1) {
    // One task is yielded as itself (no WhenAll around it): the same actions as a call made on its own.
    try {
      return [{ ok: true, value: yield only }];
    } catch (error) {
      return [{ ok: false, error }];
    }
  }
  try {
    const values = (yield context.df.Task.all([...tasks])) as unknown[];
    return values.map((value) => ({ ok: true, value }));
  } catch (first) {
    // Waiting on an already scheduled task adds no action: the host sees the same list and the same ids.
    for (const task of tasks) {
      if (task.isCompleted || task.isFaulted) continue;
      try {
        yield task;
      } catch {
        // Its failure is read from the task below.
      }
    }
    return tasks.map((task) =>
      task.isCompleted ? { ok: true, value: task.result } : { ok: false, error: task.result ?? first },
    );
  }
}
