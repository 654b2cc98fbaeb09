// Builds the extension's StatusResponsePayload (docs/durable-protocol.md §5.4) from an instance record and, on request, its history
// transformed the way GetDurableOrchestrationStatusAsync shows it. Pure formatting.
import { EventType, OrchestrationStatusNumber, eventTypeName, type HistoryEvent } from '../history/historyEvent';
import { parseStoredText } from '../jsonText';
import type { InstanceRecord } from '../store/durableStore';

export interface StatusOptions {
  showInput: boolean;
  showHistory: boolean;
  showHistoryOutput: boolean;
}

/** DateTime.ToString("s") + "Z": second precision, no fraction. */
export function statusTime(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

export function statusPayload(
  instance: InstanceRecord,
  options: StatusOptions,
  history?: HistoryEvent[],
): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    name: instance.name,
    instanceId: instance.instanceId,
    runtimeStatus: instance.runtimeStatus,
    input: options.showInput ? parseStoredText(instance.input) : null,
    customStatus: parseStoredText(instance.customStatus),
    output: parseStoredText(instance.output),
    createdTime: statusTime(instance.createdTime),
    lastUpdatedTime: statusTime(instance.lastUpdatedTime),
  };
  if (options.showHistory && history) payload.historyEvents = historyForStatus(history, options);
  return payload;
}

const statusNames = Object.fromEntries(Object.entries(OrchestrationStatusNumber).map(([name, n]) => [n, name]));

/** The extension's history view: bookkeeping events dropped, completions named after what they completed. */
export function historyForStatus(history: HistoryEvent[], options: StatusOptions): Array<Record<string, unknown>> {
  const scheduled = new Map<number, { name: string; at: string; input: unknown }>();
  const completed = new Set<number>();
  for (const event of history) {
    if (event.EventType === EventType.TaskScheduled || event.EventType === EventType.SubOrchestrationInstanceCreated) {
      scheduled.set(event.EventId, { name: event.Name, at: event.Timestamp, input: event.Input });
    }
    if (
      event.EventType === EventType.TaskCompleted ||
      event.EventType === EventType.TaskFailed ||
      event.EventType === EventType.SubOrchestrationInstanceCompleted ||
      event.EventType === EventType.SubOrchestrationInstanceFailed
    ) {
      completed.add(event.TaskScheduledId);
    }
  }
  const shown: Array<Record<string, unknown>> = [];
  for (const event of history) {
    if (event.EventType === EventType.OrchestratorStarted || event.EventType === EventType.OrchestratorCompleted) {
      continue;
    }
    if (
      (event.EventType === EventType.TaskScheduled || event.EventType === EventType.SubOrchestrationInstanceCreated) &&
      completed.has(event.EventId)
    ) {
      continue;
    }
    const view: Record<string, unknown> = { ...event, EventType: eventTypeName(event.EventType) };
    delete view.EventId;
    delete view.IsPlayed;
    switch (event.EventType) {
      case EventType.ExecutionStarted:
        view.FunctionName = event.Name;
        delete view.Name;
        delete view.OrchestrationInstance;
        delete view.ParentInstance;
        delete view.Version;
        delete view.Tags;
        view.Input = parseStoredText(event.Input);
        break;
      case EventType.TaskCompleted:
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceCompleted:
      case EventType.SubOrchestrationInstanceFailed: {
        const origin = scheduled.get(event.TaskScheduledId);
        view.FunctionName = origin?.name ?? null;
        view.ScheduledTime = origin?.at ?? null;
        if (options.showInput) view.Input = origin?.input ?? null;
        delete view.TaskScheduledId;
        break;
      }
      case EventType.ExecutionCompleted:
      case EventType.ContinueAsNew:
        view.OrchestrationStatus = statusNames[event.OrchestrationStatus] ?? event.OrchestrationStatus;
        break;
      case EventType.TimerFired:
        delete view.TimerId;
        break;
      case EventType.EventRaised:
        view.Input = parseStoredText(event.Input);
        break;
      default:
        break;
    }
    if ('Result' in view) {
      if (options.showHistoryOutput)
        view.Result = parseStoredText(typeof view.Result === 'string' ? view.Result : null);
      else delete view.Result;
    }
    if (!options.showInput) delete view.Input;
    shown.push(view);
  }
  return shown;
}
