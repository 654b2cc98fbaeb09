// Builds history events with exactly the fields the extension sends (nulls included). Pure constructors: no I/O,
// no clock reads (every timestamp is passed in, so replays see the same values).
import {
  EventType,
  OrchestrationStatusNumber,
  type EventRaisedEvent,
  type ExecutionCompletedEvent,
  type ExecutionStartedEvent,
  type ExecutionTerminatedEvent,
  type OrchestratorCompletedEvent,
  type OrchestratorStartedEvent,
  type ParentInstanceInfo,
  type SubOrchestrationCreatedEvent,
  type SuspendResumeEvent,
  type TaskCompletedEvent,
  type TaskFailedEvent,
  type TaskScheduledEvent,
  type TimerCreatedEvent,
  type TimerFiredEvent,
} from './historyEvent';

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function base(at: number, eventId = -1): { EventId: number; IsPlayed: false; Timestamp: string } {
  return { EventId: eventId, IsPlayed: false, Timestamp: isoTime(at) };
}

export function executionStarted(init: {
  at: number;
  instanceId: string;
  executionId: string;
  name: string;
  version?: string;
  input: string | null;
  parent: ParentInstanceInfo | null;
}): ExecutionStartedEvent {
  return {
    OrchestrationInstance: { InstanceId: init.instanceId, ExecutionId: init.executionId },
    EventType: EventType.ExecutionStarted,
    ParentInstance: init.parent,
    Name: init.name,
    Version: init.version ?? '',
    Input: init.input,
    Tags: null,
    Correlation: null,
    ParentTraceContext: null,
    ScheduledStartTime: null,
    Generation: null,
    ...base(init.at),
  };
}

export function orchestratorStarted(at: number): OrchestratorStartedEvent {
  return { EventType: EventType.OrchestratorStarted, ...base(at) };
}

export function orchestratorCompleted(at: number): OrchestratorCompletedEvent {
  return { EventType: EventType.OrchestratorCompleted, ...base(at) };
}

export function taskScheduled(at: number, id: number, name: string): TaskScheduledEvent {
  // Input stays null like the extension's default (StoreInputsInOrchestrationHistory = false).
  return {
    EventType: EventType.TaskScheduled,
    Name: name,
    Version: '',
    Input: null,
    ParentTraceContext: null,
    Tags: null,
    ...base(at, id),
  };
}

export function taskCompleted(at: number, taskId: number, result: string | null): TaskCompletedEvent {
  return { EventType: EventType.TaskCompleted, TaskScheduledId: taskId, Result: result, ...base(at) };
}

export function taskFailed(at: number, taskId: number, reason: string, details: string): TaskFailedEvent {
  return {
    EventType: EventType.TaskFailed,
    TaskScheduledId: taskId,
    Reason: reason,
    Details: details,
    FailureDetails: null,
    ...base(at),
  };
}

export function subOrchestrationCreated(
  at: number,
  id: number,
  name: string,
  instanceId: string,
): SubOrchestrationCreatedEvent {
  return {
    EventType: EventType.SubOrchestrationInstanceCreated,
    Name: name,
    Version: '',
    InstanceId: instanceId,
    Input: null,
    ClientSpanId: null,
    Tags: null,
    ...base(at, id),
  };
}

export function subOrchestrationCompleted(at: number, taskId: number, result: string | null): TaskCompletedEvent {
  return {
    EventType: EventType.SubOrchestrationInstanceCompleted,
    TaskScheduledId: taskId,
    Result: result,
    ...base(at),
  };
}

export function subOrchestrationFailed(at: number, taskId: number, reason: string, details: string): TaskFailedEvent {
  return {
    EventType: EventType.SubOrchestrationInstanceFailed,
    TaskScheduledId: taskId,
    Reason: reason,
    Details: details,
    FailureDetails: null,
    ...base(at),
  };
}

export function timerCreated(at: number, id: number, fireAt: number): TimerCreatedEvent {
  return { EventType: EventType.TimerCreated, FireAt: isoTime(fireAt), ...base(at, id) };
}

export function timerFired(at: number, timerId: number, fireAt: number): TimerFiredEvent {
  return { EventType: EventType.TimerFired, TimerId: timerId, FireAt: isoTime(fireAt), ...base(at) };
}

export function eventRaised(at: number, name: string, input: string | null): EventRaisedEvent {
  return { EventType: EventType.EventRaised, Name: name, Input: input, ParentTraceContext: null, ...base(at) };
}

export function executionCompleted(
  at: number,
  eventId: number,
  status: number,
  result: string | null,
): ExecutionCompletedEvent {
  return {
    EventType: EventType.ExecutionCompleted,
    OrchestrationStatus: status,
    Result: result,
    FailureDetails: null,
    ...base(at, eventId),
  };
}

export function continueAsNew(at: number, eventId: number, newInput: string | null): ExecutionCompletedEvent {
  return {
    EventType: EventType.ContinueAsNew,
    OrchestrationStatus: OrchestrationStatusNumber.ContinuedAsNew,
    Result: newInput,
    FailureDetails: null,
    ...base(at, eventId),
  };
}

export function executionTerminated(at: number, reason: string | null): ExecutionTerminatedEvent {
  return { EventType: EventType.ExecutionTerminated, Input: reason, ...base(at) };
}

export function executionSuspended(at: number, reason: string | null): SuspendResumeEvent {
  return { EventType: EventType.ExecutionSuspended, Reason: reason, ...base(at) };
}

export function executionResumed(at: number, reason: string | null): SuspendResumeEvent {
  return { EventType: EventType.ExecutionResumed, Reason: reason, ...base(at) };
}
