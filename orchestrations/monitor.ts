// The monitor pattern with durable timers: poll one or more resources, each on its own (adaptive) schedule, until
// every one is done, one failed, or one passed its deadline. No activity ever waits; the orchestration sleeps.
import type * as df from 'durable-functions';
import type { FailureInfo } from '../lib/api/connectionStatus';
import { unwrapActivityResult, type CallSite } from './activityCalls';
import { failuresOf } from './failures';
import type { Orchestration } from './orchestrationTypes';
import { nextPollAt } from './pollSchedules';
import { retryAfterSecondsOf, settleAll, type Call, type Settled } from './settleAll';
import { WorkflowFailedError } from './workflowFailedError';

export type Verdict =
  { kind: 'done' } | { kind: 'pending'; detail?: string } | { kind: 'failed'; failure: FailureInfo };

export interface Watch<S> {
  /** Key of this watch's final state in the monitor's result. */
  key: string;
  site: CallSite;
  /** A fresh call that reads the resource (an activity returning ActivityResult<S>). */
  poll: () => Call;
  classify: (state: S) => Verdict;
  /** Milliseconds to the next poll, given the time elapsed since `startedAt`. */
  interval: (elapsedMs: number) => number;
  startedAt: Date;
  /** When to read it first (default: at once, so a rerun finds an adopted resource ready). */
  firstPollAt?: Date;
  deadline: Date;
  /** The error to end the run with when the deadline passes; gets the last state read, if any. */
  onTimeout: (last: S | undefined) => Error;
  /** Called with every state read (to update custom status). */
  onPoll?: (state: S, verdict: Verdict) => void;
}

/** A Watch with its state type erased, so watches of different resources can share one monitor. */
export interface AnyWatch {
  readonly watch: Watch<unknown>;
}

export function watchOf<S>(watch: Watch<S>): AnyWatch {
  // The monitor only hands each watch the state its own poll returned, so the erasure is safe.
  return { watch: watch as unknown as Watch<unknown> };
}

/** A watch as a monitor runs it: when it is due next and the last state it read. */
export interface Tracked {
  watch: Watch<unknown>;
  nextAt: number;
  last: unknown;
}

export function track({ watch }: AnyWatch, now: number): Tracked {
  return { watch, nextAt: watch.firstPollAt?.getTime() ?? now, last: undefined };
}

/**
 * Runs (and may yield) with the watches a round found done, before the others are polled again: e.g. publishes
 * their events, all at once.
 */
export type OnWatchesDone = (done: readonly { key: string; state: unknown }[]) => Orchestration<void>;

/**
 * Polls every watch at its first poll time (at once unless it says), then each on its own schedule, batching
 * the polls that are due together into one Task.all. Returns the final state of each watch by key.
 */
export function* monitorAll(
  context: df.OrchestrationContext,
  watches: readonly AnyWatch[],
  onDone?: OnWatchesDone,
): Orchestration<Record<string, unknown>> {
  const now = (): number => context.df.currentUtcDateTime.getTime();
  const pending: Tracked[] = watches.map((watch) => track(watch, now()));
  const finished: Record<string, unknown> = {};

  while (pending.length > 0) {
    const at = now();
    const due = pending.filter((tracked) => tracked.nextAt <= at);
    if (due.length > 0) {
      const reads = yield* settleAll(
        context,
        due.map((tracked) => tracked.watch.poll()),
      );
      const doneNow: Tracked[] = [];
      // Every watch of the round is read before the run fails, so two resources that failed together both show.
      const failures: FailureInfo[] = [];
      let timeout: Error | undefined;
      for (const [index, tracked] of due.entries()) {
        const { watch } = tracked;
        const read = reads[index];
        // A read that kept failing transiently (retries exhausted) teaches nothing this round; the deadline decides.
        if (read?.ok) {
          const verdict = verdictOf(tracked, read.value);
          if (verdict.kind === 'failed') {
            failures.push(...verdict.failures);
            continue;
          }
          if (verdict.kind === 'done') {
            finished[watch.key] = tracked.last;
            pending.splice(pending.indexOf(tracked), 1);
            doneNow.push(tracked);
            continue;
          }
        }
        if (at >= watch.deadline.getTime()) timeout ??= watch.onTimeout(tracked.last);
        tracked.nextAt = pollNotBefore(
          nextPollAt(at, watch.startedAt.getTime(), watch.deadline.getTime(), watch.interval),
          read,
          now(),
        );
      }
      // A failure says more than a deadline: it wins when both happen in the same round.
      const [failure, ...also] = failures;
      if (failure) throw new WorkflowFailedError(failure, also);
      if (timeout) throw timeout;
      if (onDone && doneNow.length > 0) {
        yield* onDone(doneNow.map((tracked) => ({ key: tracked.watch.key, state: tracked.last })));
      }
    }
    if (pending.length === 0) break;
    const wakeAt = Math.min(...pending.map((tracked) => tracked.nextAt));
    // onDone may have spent time (publishing): a poll already due needs no timer.
    if (wakeAt > now()) yield context.df.createTimer(new Date(wakeAt));
  }
  return finished;
}

/**
 * The next poll of a read whose retries ran out: its schedule's time, but not before the Retry-After its last answer
 * named has passed (counted from `settledAt`, when the orchestration learnt of it).
 */
export function pollNotBefore(nextAt: number, read: Settled | undefined, settledAt: number): number {
  const retryAfterSeconds = retryAfterSecondsOf(read);
  return retryAfterSeconds === undefined ? nextAt : Math.max(nextAt, settledAt + Math.ceil(retryAfterSeconds * 1000));
}

/** Reads one state into its watch: the verdict, with an {ok:false} read counted as failed like a failed state. */
export function verdictOf(
  tracked: Tracked,
  raw: unknown,
): { kind: 'done' | 'pending' } | { kind: 'failed'; failures: FailureInfo[] } {
  const { watch } = tracked;
  let state: unknown;
  try {
    state = unwrapActivityResult<unknown>(raw, watch.site);
  } catch (error) {
    return { kind: 'failed', failures: failuresOf(error, watch.site) };
  }
  tracked.last = state;
  const verdict = watch.classify(state);
  watch.onPoll?.(state, verdict);
  return verdict.kind === 'failed' ? { kind: 'failed', failures: [verdict.failure] } : { kind: verdict.kind };
}

/** monitorAll for a single resource; returns its final state. */
export function* monitorOne<S>(context: df.OrchestrationContext, watch: Watch<S>): Orchestration<S> {
  const finished = yield* monitorAll(context, [watchOf(watch)]);
  return finished[watch.key] as S;
}
