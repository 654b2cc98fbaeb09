// A synchronous task used by the replay shim: continuations run immediately when the task settles, so replaying a
// history is a deterministic, promise-free walk. It never touches timers, I/O or the event loop.

export interface TaskFailure {
  reason: string;
  details: string;
}

export type TaskOutcome =
  | { kind: 'completed' }
  | { kind: 'failed'; failure: TaskFailure }
  // A canceled durable timer: it still counts as "done" for Task.any / the sequential shim.
  | { kind: 'canceled' };

export class SimTask {
  private settledWith: TaskOutcome | undefined;
  private readonly continuations: Array<(outcome: TaskOutcome) => void> = [];

  static settled(outcome: TaskOutcome): SimTask {
    const task = new SimTask();
    task.settle(outcome);
    return task;
  }

  get outcome(): TaskOutcome | undefined {
    return this.settledWith;
  }

  /** Settles once; later calls are ignored (a late TimerFired for a canceled timer, a duplicate completion). */
  settle(outcome: TaskOutcome): void {
    if (this.settledWith) return;
    this.settledWith = outcome;
    for (const continuation of this.continuations.splice(0)) continuation(outcome);
  }

  onSettled(continuation: (outcome: TaskOutcome) => void): void {
    if (this.settledWith) continuation(this.settledWith);
    else this.continuations.push(continuation);
  }
}

/** Settles when every task settled: failed with the first failure in list order, else completed. */
export function whenAll(tasks: SimTask[]): SimTask {
  const result = new SimTask();
  let remaining = tasks.length;
  const finish = (): void => {
    const failed = tasks.map((t) => t.outcome).find((o) => o?.kind === 'failed');
    result.settle(failed ?? { kind: 'completed' });
  };
  if (remaining === 0) finish();
  for (const task of tasks) {
    task.onSettled(() => {
      remaining -= 1;
      if (remaining === 0) finish();
    });
  }
  return result;
}

/** Settles as soon as the first task settles (a canceled timer counts, as in the extension's shim). */
export function whenAny(tasks: SimTask[]): SimTask {
  const result = new SimTask();
  for (const task of tasks) task.onSettled(() => result.settle({ kind: 'completed' }));
  return result;
}
