// Runs activity work items with at most maxConcurrentActivityFunctions at once and commits each result as a
// message to its orchestration (and removes the work item) in one transaction. Claims live in memory only, so a
// crash re-runs every activity whose result was not committed (at-least-once). Never logs inputs or outputs.
import { UnknownFunctionError } from '../errors/unknownFunctionError';
import type { HistoryEvent } from '../history/historyEvent';
import * as events from '../history/newEvents';
import { errorMessage, serializeValue } from '../jsonText';
import type { ActivityWorkItem } from '../store/durableStore';
import { BoundedDispatcher } from './boundedDispatcher';
import { commit } from './dispatchContext';

export class ActivityDispatcher extends BoundedDispatcher<ActivityWorkItem, number> {
  protected claim(free: number, skip: ReadonlySet<number>): ActivityWorkItem[] {
    return this.context.store.pendingActivities(free, skip);
  }

  protected keyOf(item: ActivityWorkItem): number {
    return item.id;
  }

  protected runFailed(item: ActivityWorkItem, error: unknown): void {
    this.context.log('error', `Activity '${item.name}' could not be completed: ${errorMessage(error)}`);
  }

  protected async run(item: ActivityWorkItem): Promise<void> {
    const invoker = this.context.invoker();
    let event: HistoryEvent;
    this.context.log('debug', `Activity '${item.name}' started for '${item.instanceId}' (task ${item.taskId})`);
    if (invoker.kindOf(item.name) !== 'activity') {
      const message = new UnknownFunctionError(item.name, 'activity').message;
      event = events.taskFailed(
        this.context.clock.now(),
        item.taskId,
        `Activity function '${item.name}' failed: ${message}`,
        exceptionDetails(message, undefined),
      );
    } else {
      try {
        const result = await invoker.invokeActivity(item.name, item.input ?? undefined, item.instanceId);
        event = events.taskCompleted(this.context.clock.now(), item.taskId, serializeValue(result));
      } catch (error) {
        const message = errorMessage(error);
        event = events.taskFailed(
          this.context.clock.now(),
          item.taskId,
          `Activity function '${item.name}' failed: ${message}`,
          exceptionDetails(message, error instanceof Error ? error.stack : undefined),
        );
        this.context.log('warn', `Activity '${item.name}' failed for '${item.instanceId}' (task ${item.taskId})`);
      }
    }
    const now = this.context.clock.now();
    commit(this.context, () => {
      // A work item that is gone belongs to a purged or replaced instance: its result has nowhere to go.
      if (!this.context.store.deleteActivity(item.id)) return;
      this.context.store.enqueueMessage({
        instanceId: item.instanceId,
        executionId: item.executionId,
        event,
        visibleAt: now,
        control: false,
      });
    });
  }
}

/** A TaskFailed `Details` string shaped like the serialised .NET exception the extension sends. */
function exceptionDetails(message: string, stack: string | undefined): string {
  return JSON.stringify({
    $type: 'System.Exception, System.Private.CoreLib',
    ClassName: 'System.Exception',
    Message: message,
    StackTraceString: stack ?? null,
  });
}
