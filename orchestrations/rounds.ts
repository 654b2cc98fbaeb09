// Rounds: the way an orchestration here waits on several things at once and starts each next step as soon as its
// inputs are known. Every round is ONE settleAll over fresh tasks (the polls that are due and the steps that became
// ready), then a durable timer to the next due poll when nothing is ready. Durable JS cannot put a task that an
// earlier Task.any already scheduled into a new Task.any (the host would schedule it twice), so nothing stays in
// flight across rounds: long operations are polled, and every step is a short activity.
// A failure stops new steps but not the watches: the round goes on until everything begun has ended (drained), so a
// rollback never races a write still in progress. Deterministic: the same history always makes the same rounds.
import type * as df from 'durable-functions';
import type { FailureInfo } from '../lib/api/connectionStatus';
import { CLOUD_IDS } from '../lib/cloudIds';
import type { CallSite } from './activityCalls';
import { failuresOf } from './failures';
import { pollNotBefore, track, verdictOf, type AnyWatch, type Tracked } from './monitor';
import type { Orchestration } from './orchestrationTypes';
import { nextPollAfter } from './pollSchedules';
import { settleAll, type Call, type Settled } from './settleAll';

/** One short activity a round can start once its inputs are known: a write, or an event to publish. */
export interface RoundStep {
  /** Names the step: a key starts once per run of the rounds, whatever readySteps answers later. */
  key: string;
  site: CallSite;
  /** Builds the call (called once, when the step starts: it may mark its stage running). */
  task: () => Call;
  /** Takes what the task settled to; throws (a WorkflowFailedError) when the step failed. */
  settle: (settled: Settled | undefined) => void;
}

export interface RoundsSpec {
  watches: readonly AnyWatch[];
  /** The steps whose inputs are known now; `draining` once a failure stopped new work (say which may still run). */
  readySteps: (draining: boolean) => readonly RoundStep[];
  /** A watch read its resource done. */
  onWatchDone: (key: string, state: unknown) => void;
  /** After every round, with every failure so far (to publish custom status). */
  afterRound: (failures: readonly FailureInfo[]) => void;
}

/**
 * Runs rounds until no watch is pending and no step is ready. Returns every failure (those it started with first),
 * ordered by cloud as the clouds are listed, each cloud's in the order they happened: empty when all went well.
 */
export function* runRounds(
  context: df.OrchestrationContext,
  spec: RoundsSpec,
  failedBefore: readonly FailureInfo[] = [],
): Orchestration<FailureInfo[]> {
  const now = (): number => context.df.currentUtcDateTime.getTime();
  const pending: Tracked[] = spec.watches.map((watch) => track(watch, now()));
  const started = new Set<string>();
  const failures: FailureInfo[] = [...failedBefore];

  for (;;) {
    const at = now();
    const due = pending.filter((tracked) => tracked.nextAt <= at);
    const steps = spec.readySteps(failures.length > 0).filter((step) => !started.has(step.key));
    if (due.length === 0 && steps.length === 0) {
      if (pending.length === 0) return byCloud(failures);
      yield context.df.createTimer(new Date(Math.min(...pending.map((tracked) => tracked.nextAt))));
      continue;
    }
    for (const step of steps) started.add(step.key);
    const settled = yield* settleAll(context, [
      ...due.map((tracked) => tracked.watch.poll()),
      ...steps.map((step) => step.task()),
    ]);
    for (const [index, tracked] of due.entries()) {
      const outcome = readWatch(tracked, settled[index], at, now());
      if (outcome.kind === 'pending') continue;
      pending.splice(pending.indexOf(tracked), 1);
      if (outcome.kind === 'done') spec.onWatchDone(tracked.watch.key, tracked.last);
      else failures.push(...outcome.failures);
    }
    for (const [index, step] of steps.entries()) {
      try {
        step.settle(settled[due.length + index]);
      } catch (error) {
        failures.push(...failuresOf(error, step.site));
      }
    }
    spec.afterRound(byCloud(failures));
  }
}

/** One poll's result for its watch: done, failed (a failed state or the deadline), or due again later. */
function readWatch(
  tracked: Tracked,
  read: Settled | undefined,
  at: number,
  settledAt: number,
): { kind: 'done' } | { kind: 'pending' } | { kind: 'failed'; failures: FailureInfo[] } {
  const { watch } = tracked;
  // A read that kept failing transiently (retries exhausted) teaches nothing this round; the deadline decides.
  if (read?.ok) {
    const verdict = verdictOf(tracked, read.value);
    if (verdict.kind === 'failed') return verdict;
    if (verdict.kind === 'done') return { kind: 'done' };
  }
  if (at >= watch.deadline.getTime()) {
    return { kind: 'failed', failures: failuresOf(watch.onTimeout(tracked.last), watch.site) };
  }
  tracked.nextAt = pollNotBefore(
    nextPollAfter(tracked.nextAt, at, watch.startedAt.getTime(), watch.deadline.getTime(), watch.interval),
    read,
    settledAt,
  );
  return { kind: 'pending' };
}

/** Failures by cloud, in CLOUD_IDS order (then those of no cloud); each cloud's in the order they happened. */
function byCloud(failures: readonly FailureInfo[]): FailureInfo[] {
  const rank = (failure: FailureInfo): number =>
    failure.cloud !== undefined ? CLOUD_IDS.indexOf(failure.cloud) : CLOUD_IDS.length;
  // Array sort is stable: within a cloud the order stays the order they happened.
  return [...failures].sort((a, b) => rank(a) - rank(b));
}
