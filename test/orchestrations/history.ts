// Builds Durable history events in the extension's wire format (PascalCase DTFx fields, enums as numbers, ISO
// timestamps), as docs/durable-protocol.md §2.2 lists them, so tests can hand the orchestrator canned histories.

export const EVENT_TYPE = {
  ExecutionStarted: 0,
  ExecutionCompleted: 1,
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
} as const;

export interface HistoryEvent {
  EventType: number;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  [field: string]: unknown;
}

/** DTFx OrchestrationStatus numbers used in ExecutionCompleted. */
export const ORCHESTRATION_STATUS = { Completed: 1, Failed: 3 } as const;

/** Appends events at the builder's clock; `build()` marks everything before the last OrchestratorStarted played. */
export class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private now: Date;

  constructor(
    private readonly instanceId: string,
    start: Date,
  ) {
    this.now = start;
  }

  get length(): number {
    return this.events.length;
  }

  at(time: Date): this {
    this.now = time;
    return this;
  }

  orchestratorStarted(time: Date = this.now): this {
    this.now = time;
    return this.push(EVENT_TYPE.OrchestratorStarted, -1, {});
  }

  orchestratorCompleted(): this {
    return this.push(EVENT_TYPE.OrchestratorCompleted, -1, {});
  }

  executionStarted(
    name: string,
    input: unknown,
    parent?: { name: string; instanceId: string; taskScheduleId: number },
  ): this {
    return this.push(EVENT_TYPE.ExecutionStarted, -1, {
      OrchestrationInstance: { InstanceId: this.instanceId, ExecutionId: executionIdOf(this.instanceId) },
      ParentInstance: parent
        ? {
            Name: parent.name,
            Version: '',
            OrchestrationInstance: { InstanceId: parent.instanceId, ExecutionId: executionIdOf(parent.instanceId) },
            TaskScheduleId: parent.taskScheduleId,
          }
        : null,
      Name: name,
      Version: '',
      Input: input === undefined ? null : JSON.stringify(input),
      Tags: null,
      Correlation: null,
      ParentTraceContext: null,
      ScheduledStartTime: null,
      Generation: null,
    });
  }

  executionCompleted(id: number, status: number, result: unknown): this {
    return this.push(EVENT_TYPE.ExecutionCompleted, id, {
      OrchestrationStatus: status,
      Result: result === undefined ? null : JSON.stringify(result),
      FailureDetails: null,
    });
  }

  taskScheduled(id: number, name: string): this {
    return this.push(EVENT_TYPE.TaskScheduled, id, {
      Name: name,
      Version: '',
      Input: null,
      ParentTraceContext: null,
      Tags: null,
    });
  }

  taskCompleted(id: number, result: unknown): this {
    return this.push(EVENT_TYPE.TaskCompleted, -1, { TaskScheduledId: id, Result: serialize(result) });
  }

  taskFailed(id: number, name: string, message: string): this {
    return this.push(EVENT_TYPE.TaskFailed, -1, {
      TaskScheduledId: id,
      Reason: `Activity function '${name}' failed: ${message}`,
      Details: `{"Message":${JSON.stringify(message)}}`,
      FailureDetails: null,
    });
  }

  /** A failure as hosts that send structured FailureDetails record it (the Durable extension 3.x). */
  taskFailedWithDetails(id: number, name: string, details: { errorType: string; errorMessage: string }): this {
    return this.push(EVENT_TYPE.TaskFailed, -1, {
      TaskScheduledId: id,
      Reason: `Activity function '${name}' failed: ${details.errorMessage}`,
      Details: null,
      FailureDetails: {
        ErrorType: details.errorType,
        ErrorMessage: details.errorMessage,
        StackTrace: null,
        IsNonRetriable: false,
        InnerFailure: null,
      },
    });
  }

  timerCreated(id: number, fireAt: string): this {
    return this.push(EVENT_TYPE.TimerCreated, id, { FireAt: fireAt });
  }

  timerFired(id: number, fireAt: string): this {
    return this.push(EVENT_TYPE.TimerFired, -1, { TimerId: id, FireAt: fireAt });
  }

  subOrchestrationCreated(id: number, name: string, instanceId: string): this {
    return this.push(EVENT_TYPE.SubOrchestrationInstanceCreated, id, {
      Name: name,
      Version: '',
      InstanceId: instanceId,
      Input: null,
      ClientSpanId: null,
      Tags: null,
    });
  }

  subOrchestrationCompleted(id: number, result: unknown): this {
    return this.push(EVENT_TYPE.SubOrchestrationInstanceCompleted, -1, {
      TaskScheduledId: id,
      Result: serialize(result),
    });
  }

  subOrchestrationFailed(id: number, name: string, error: string): this {
    return this.push(EVENT_TYPE.SubOrchestrationInstanceFailed, -1, {
      TaskScheduledId: id,
      Reason: `Orchestrator function '${name}' failed: ${error}`,
      Details: `Message: ${error}, StackTrace: `,
      FailureDetails: null,
    });
  }

  /** A deep copy with IsPlayed set as the extension sends it: true before the last OrchestratorStarted. */
  build(): HistoryEvent[] {
    let last = -1;
    this.events.forEach((event, index) => {
      if (event.EventType === EVENT_TYPE.OrchestratorStarted) last = index;
    });
    return this.events.map((event, index) => ({ ...structuredClone(event), IsPlayed: index < last }));
  }

  private push(type: number, id: number, fields: Record<string, unknown>): this {
    this.events.push({ EventType: type, EventId: id, IsPlayed: false, Timestamp: this.now.toISOString(), ...fields });
    return this;
  }
}

export function executionIdOf(instanceId: string): string {
  return `exec-${instanceId}`;
}

function serialize(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}
