// Task.all that lets every task settle before the orchestrator moves on. Durable JS's Task.all fails fast, but the
// host's WhenAll waits for all children: if the orchestrator scheduled anything while a sibling was still retrying,
// the two would number the next tasks differently and replay would break silently (durable-js fail-fast vs DTFx).
import type * as df from 'durable-functions';
import type { Orchestration } from './orchestrationTypes';

export type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export function* settleAll(context: df.OrchestrationContext, tasks: readonly df.Task[]): Orchestration<Settled[]> {
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
