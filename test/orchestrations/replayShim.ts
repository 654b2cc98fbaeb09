// The host side of one episode, reduced to what these tests need: replays the orchestrator's cumulative action
// list against the history the way the Durable extension's out-of-proc shim does (docs/durable-protocol.md §3.2-3.3),
// assigning sequence ids in execution order, checking the history's scheduling events against them
// (non-determinism), and reporting which actions are new. Supports activities (with retry), sub-orchestrations,
// timers, WhenAll, WhenAny and ContinueAsNew.
import { EVENT_TYPE, executionIdOf, type HistoryEvent } from './history';
import type { OpenTask, OrchestratorAction } from './invokeOrchestrator';

export type ScheduledWork =
  | { id: number; kind: 'activity'; name: string; input: unknown }
  | { id: number; kind: 'subOrchestration'; name: string; input: unknown; instanceId: string }
  | { id: number; kind: 'timer'; fireAt: string };

/** ScheduledWork without its id (distributes over the union). */
type WorkSpec = ScheduledWork extends infer W ? (W extends ScheduledWork ? Omit<W, 'id'> : never) : never;

export interface ShimResult {
  /** Work the actions produced that the history has not scheduled yet, in id order. */
  newWork: ScheduledWork[];
  /** Every id the host assigned so far, with what it stands for. */
  produced: ReadonlyMap<number, ScheduledWork>;
  /** Every action has been replayed to completion: the orchestration may finish now. */
  finished: boolean;
  /** The orchestration asked to continue as new with this input (its last action). */
  continueAsNew?: { input: unknown };
}

export class NonDeterminismError extends Error {
  override readonly name = 'NonDeterminismError';
}

const ACTION = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WhenAny: 11,
  WhenAll: 12,
} as const;

class SimTask {
  done = false;
  failed = false;
  private readonly listeners: (() => void)[] = [];

  complete(failed: boolean): void {
    if (this.done) return;
    this.done = true;
    this.failed = failed;
    for (const listener of this.listeners.splice(0)) listener();
  }

  then(listener: () => void): void {
    if (this.done) listener();
    else this.listeners.push(listener);
  }
}

export function replayActions(
  instanceId: string,
  actions: readonly OrchestratorAction[],
  history: readonly HistoryEvent[],
): ShimResult {
  let counter = 0;
  let clock = 0;
  const produced = new Map<number, ScheduledWork>();
  const open = new Map<number, SimTask>();
  let index = 0;
  let current: SimTask | undefined;
  let started = false;
  let finished = false;
  let continueAsNew: { input: unknown } | undefined;

  const leaf = (work: WorkSpec): SimTask => {
    const id = counter++;
    produced.set(id, { ...work, id });
    const task = new SimTask();
    open.set(id, task);
    return task;
  };

  const timerAt = (fireAtMs: number): SimTask => leaf({ kind: 'timer', fireAt: new Date(fireAtMs).toISOString() });

  const invoke = (action: OrchestratorAction): SimTask => {
    switch (action.actionType) {
      case ACTION.CallActivity:
        return leaf({ kind: 'activity', name: action.functionName ?? '', input: action.input });
      case ACTION.CallActivityWithRetry:
        return withRetry(action);
      case ACTION.CallSubOrchestrator:
        return subOrchestration(action);
      case ACTION.ContinueAsNew: {
        continueAsNew = { input: action.input };
        const task = new SimTask();
        task.complete(false);
        return task;
      }
      case ACTION.CreateTimer: {
        const task = leaf({ kind: 'timer', fireAt: action.fireAt ?? '' });
        if (action.isCanceled) task.complete(false);
        return task;
      }
      case ACTION.WhenAll:
      case ACTION.WhenAny: {
        const children = (action.compoundActions ?? []).map(invoke);
        const all = new SimTask();
        const settle = (): void => {
          const doneChildren = children.filter((child) => child.done);
          if (action.actionType === ACTION.WhenAny && doneChildren.length > 0) all.complete(false);
          if (doneChildren.length === children.length) all.complete(children.some((child) => child.failed));
        };
        children.forEach((child) => child.then(settle));
        return all;
      }
      default:
        throw new Error(`the test shim does not support actionType ${action.actionType}`);
    }
  };

  const subOrchestration = (action: OrchestratorAction): SimTask => {
    const id = counter;
    return leaf({
      kind: 'subOrchestration',
      name: action.functionName ?? '',
      input: action.input,
      instanceId: action.instanceId ?? `${executionIdOf(instanceId)}:${id}`,
    });
  };

  // DTFx RetryInterceptor: one id per attempt and per retry timer, plus a last timer after the final failure.
  const withRetry = (action: OrchestratorAction): SimTask => {
    const options = action.retryOptions ?? { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 1 };
    const outer = new SimTask();
    let attempt = 0;
    const run = (): void => {
      const task = leaf({ kind: 'activity', name: action.functionName ?? '', input: action.input });
      task.then(() => {
        if (!task.failed) return outer.complete(false);
        attempt += 1;
        if (attempt >= options.maxNumberOfAttempts) {
          timerAt(clock).then(() => outer.complete(true));
          return;
        }
        const delay = Math.min(
          options.firstRetryIntervalInMilliseconds * (options.backoffCoefficient ?? 1) ** (attempt - 1),
          options.maxRetryIntervalInMilliseconds ?? Number.POSITIVE_INFINITY,
        );
        timerAt(clock + delay).then(run);
      });
    };
    run();
    return outer;
  };

  const advance = (): void => {
    while (current === undefined || current.done) {
      const action = actions[index];
      if (action === undefined) {
        finished = true;
        return;
      }
      index += 1;
      current = invoke(action);
    }
  };

  const scheduled = new Set<number>();
  for (const event of history) {
    switch (event.EventType) {
      case EVENT_TYPE.OrchestratorStarted:
        clock = Date.parse(event.Timestamp);
        break;
      case EVENT_TYPE.ExecutionStarted:
        started = true;
        advance();
        break;
      case EVENT_TYPE.TaskScheduled:
      case EVENT_TYPE.TimerCreated:
      case EVENT_TYPE.SubOrchestrationInstanceCreated:
        checkScheduled(event, produced.get(event.EventId));
        scheduled.add(event.EventId);
        break;
      case EVENT_TYPE.TaskCompleted:
      case EVENT_TYPE.TaskFailed:
      case EVENT_TYPE.SubOrchestrationInstanceCompleted:
      case EVENT_TYPE.SubOrchestrationInstanceFailed: {
        const id = event.TaskScheduledId as number;
        const failed =
          event.EventType === EVENT_TYPE.TaskFailed || event.EventType === EVENT_TYPE.SubOrchestrationInstanceFailed;
        complete(open, id, failed);
        advance();
        break;
      }
      case EVENT_TYPE.TimerFired:
        complete(open, event.TimerId as number, false);
        advance();
        break;
      default:
        break;
    }
  }
  if (!started) throw new Error('history has no ExecutionStarted');
  const newWork = [...produced.values()].filter((work) => !scheduled.has(work.id)).sort((a, b) => a.id - b.id);
  return { newWork, produced, finished, ...(continueAsNew && { continueAsNew }) };
}

/**
 * Durable JS numbers its tasks itself; the host numbers them by replaying the actions. If the two disagree (e.g. JS
 * moved past a failed Task.all while a sibling still retried), completions land on the wrong tasks, silently.
 */
export function checkLibraryIds(openTasks: readonly OpenTask[], produced: ReadonlyMap<number, ScheduledWork>): void {
  for (const task of openTasks) {
    const work = produced.get(task.id);
    if (task.kind === 'other') continue;
    if (task.kind === 'retryStep') {
      if (work && work.kind === 'subOrchestration')
        throw new NonDeterminismError(`library retry step ${task.id} is a sub-orchestration to the host`);
      continue;
    }
    if (!work) continue;
    if (
      work.kind !== task.kind ||
      (work.kind !== 'timer' && work.name.toLowerCase() !== (task.name ?? '').toLowerCase())
    ) {
      throw new NonDeterminismError(
        `id ${task.id} is ${task.kind} ${task.name ?? ''} to durable-functions but ${work.kind} ${work.kind === 'timer' ? work.fireAt : work.name} to the host`,
      );
    }
  }
}

function complete(open: Map<number, SimTask>, id: number, failed: boolean): void {
  const task = open.get(id);
  if (!task)
    throw new NonDeterminismError(`a completion for id ${id} arrived, but the replay has no open task with it`);
  open.delete(id);
  task.complete(failed);
}

function checkScheduled(event: HistoryEvent, work: ScheduledWork | undefined): void {
  const expected =
    event.EventType === EVENT_TYPE.TaskScheduled
      ? 'activity'
      : event.EventType === EVENT_TYPE.TimerCreated
        ? 'timer'
        : 'subOrchestration';
  if (!work || work.kind !== expected) {
    throw new NonDeterminismError(
      `history scheduled a ${expected} with id ${event.EventId}, the replay produced ${work ? work.kind : 'nothing'}`,
    );
  }
  if (work.kind !== 'timer' && String(event.Name).toLowerCase() !== work.name.toLowerCase()) {
    throw new NonDeterminismError(`id ${event.EventId}: history has ${String(event.Name)}, the replay ${work.name}`);
  }
}
