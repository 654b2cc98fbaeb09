// The DTFx history events exchanged with durable-functions, in the extension's wire shape (PascalCase, enums as ints).
// Types only: this module never builds, stores or interprets events.

/** DTFx `EventType` numbers (identical to the JS `HistoryEventType`). */
export const EventType = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
  ExecutionFailed: 2,
  ExecutionTerminated: 3,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventSent: 14,
  EventRaised: 15,
  ContinueAsNew: 16,
  GenericEvent: 17,
  HistoryState: 18,
  ExecutionSuspended: 19,
  ExecutionResumed: 20,
} as const;

/** DTFx `OrchestrationStatus` numbers as carried by ExecutionCompleted/ContinueAsNew. */
export const OrchestrationStatusNumber = {
  Running: 0,
  Completed: 1,
  ContinuedAsNew: 2,
  Failed: 3,
  Canceled: 4,
  Terminated: 5,
  Pending: 6,
  Suspended: 7,
} as const;

interface EventBase {
  EventId: number;
  IsPlayed: boolean;
  /** ISO-8601 UTC; JS turns every `Timestamp` string into a Date. */
  Timestamp: string;
}

export interface OrchestrationInstanceRef {
  InstanceId: string;
  ExecutionId: string;
}

export interface ParentInstanceInfo {
  Name: string;
  Version: string;
  OrchestrationInstance: OrchestrationInstanceRef;
  TaskScheduleId: number;
}

export interface ExecutionStartedEvent extends EventBase {
  EventType: 0;
  OrchestrationInstance: OrchestrationInstanceRef;
  ParentInstance: ParentInstanceInfo | null;
  Name: string;
  Version: string;
  Input: string | null;
  Tags: null;
  Correlation: null;
  ParentTraceContext: null;
  ScheduledStartTime: null;
  Generation: null;
}

export interface ExecutionCompletedEvent extends EventBase {
  EventType: 1 | 16;
  OrchestrationStatus: number;
  Result: string | null;
  FailureDetails: null;
}

export interface ExecutionTerminatedEvent extends EventBase {
  EventType: 3;
  Input: string | null;
}

export interface TaskScheduledEvent extends EventBase {
  EventType: 4;
  Name: string;
  Version: string;
  Input: null;
  ParentTraceContext: null;
  Tags: null;
}

export interface TaskCompletedEvent extends EventBase {
  EventType: 5 | 8;
  TaskScheduledId: number;
  Result: string | null;
}

export interface TaskFailedEvent extends EventBase {
  EventType: 6 | 9;
  TaskScheduledId: number;
  Reason: string;
  Details: string;
  FailureDetails: null;
}

export interface SubOrchestrationCreatedEvent extends EventBase {
  EventType: 7;
  Name: string;
  Version: string;
  InstanceId: string;
  Input: null;
  ClientSpanId: null;
  Tags: null;
}

export interface TimerCreatedEvent extends EventBase {
  EventType: 10;
  FireAt: string;
}

export interface TimerFiredEvent extends EventBase {
  EventType: 11;
  TimerId: number;
  FireAt: string;
}

export interface OrchestratorStartedEvent extends EventBase {
  EventType: 12;
}

export interface OrchestratorCompletedEvent extends EventBase {
  EventType: 13;
}

export interface EventRaisedEvent extends EventBase {
  EventType: 15;
  Name: string;
  Input: string | null;
  ParentTraceContext: null;
}

export interface SuspendResumeEvent extends EventBase {
  EventType: 19 | 20;
  Reason: string | null;
}

export type HistoryEvent =
  | ExecutionStartedEvent
  | ExecutionCompletedEvent
  | ExecutionTerminatedEvent
  | TaskScheduledEvent
  | TaskCompletedEvent
  | TaskFailedEvent
  | SubOrchestrationCreatedEvent
  | TimerCreatedEvent
  | TimerFiredEvent
  | OrchestratorStartedEvent
  | OrchestratorCompletedEvent
  | EventRaisedEvent
  | SuspendResumeEvent;

export function completedTaskId(event: HistoryEvent): number | undefined {
  switch (event.EventType) {
    case EventType.TaskCompleted:
    case EventType.TaskFailed:
    case EventType.SubOrchestrationInstanceCompleted:
    case EventType.SubOrchestrationInstanceFailed:
      return event.TaskScheduledId;
    case EventType.TimerFired:
      return event.TimerId;
    default:
      return undefined;
  }
}

/** The name of an EventType number, as the status API shows it. */
export function eventTypeName(type: number): string {
  for (const [name, value] of Object.entries(EventType)) if (value === type) return name;
  return String(type);
}
