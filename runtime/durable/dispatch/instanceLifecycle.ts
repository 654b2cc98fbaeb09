// Store writes shared by client starts, episodes and control messages: creating an instance with its
// ExecutionStarted message, turning scheduled work into work items/timers/children, and telling a parent that its
// child finished. Callers run these inside their own transaction; nothing here invokes functions.
import { InstanceConflictError } from '../errors/instanceConflictError';
import * as events from '../history/newEvents';
import type { ParentInstanceInfo } from '../history/historyEvent';
import { newGuidN } from '../ids';
import { activityTriggerData, serializeValue } from '../jsonText';
import type { ScheduledWork } from '../replay/replayShim';
import { isTerminal } from '../runtimeStatus';
import type { DurableStore, InstanceRecord } from '../store/durableStore';

export interface NewInstance {
  instanceId: string;
  name: string;
  version?: string;
  input: string | null;
  parent?: { record: InstanceRecord; taskId: number };
}

/**
 * Creates (or replaces a finished) instance as Pending and queues its ExecutionStarted; an instance with this id that
 * is still active is refused with InstanceConflictError, decided by the store's one conditional write.
 */
export function createInstance(store: DurableStore, init: NewInstance, now: number): InstanceRecord {
  const executionId = newGuidN();
  const parent = init.parent;
  const record: InstanceRecord = {
    instanceId: init.instanceId,
    name: init.name,
    version: init.version ?? '',
    executionId,
    runtimeStatus: 'Pending',
    input: init.input,
    output: null,
    customStatus: null,
    createdTime: now,
    lastUpdatedTime: now,
    parentInstanceId: parent?.record.instanceId ?? null,
    parentExecutionId: parent?.record.executionId ?? null,
    parentTaskId: parent?.taskId ?? null,
  };
  const active = store.insertInstance(record);
  if (active !== undefined) throw new InstanceConflictError(init.instanceId, active);
  queueExecutionStarted(store, record, now);
  return record;
}

/** Queues the ExecutionStarted of the record's current execution (a new instance or a continue-as-new). */
export function queueExecutionStarted(store: DurableStore, record: InstanceRecord, now: number): void {
  store.enqueueMessage({
    instanceId: record.instanceId,
    executionId: record.executionId,
    event: events.executionStarted({
      at: now,
      instanceId: record.instanceId,
      executionId: record.executionId,
      name: record.name,
      version: record.version,
      input: record.input,
      parent: parentInfo(store, record),
    }),
    visibleAt: now,
    control: false,
  });
}

function parentInfo(store: DurableStore, record: InstanceRecord): ParentInstanceInfo | null {
  if (record.parentInstanceId === null || record.parentExecutionId === null || record.parentTaskId === null) {
    return null;
  }
  return {
    Name: store.getInstance(record.parentInstanceId)?.name ?? '',
    Version: '',
    OrchestrationInstance: { InstanceId: record.parentInstanceId, ExecutionId: record.parentExecutionId },
    TaskScheduleId: record.parentTaskId,
  };
}

/** Turns one piece of newly scheduled work into its durable form (work item, timer message or child instance). */
export function scheduleWork(store: DurableStore, owner: InstanceRecord, work: ScheduledWork, now: number): void {
  const toOwner = (event: Parameters<DurableStore['enqueueMessage']>[0]['event'], visibleAt = now): void =>
    store.enqueueMessage({
      instanceId: owner.instanceId,
      executionId: owner.executionId,
      event,
      visibleAt,
      control: false,
    });
  switch (work.kind) {
    case 'activity':
      if (work.immediateFailure) {
        toOwner(events.taskFailed(now, work.id, work.immediateFailure.reason, work.immediateFailure.details));
      } else {
        store.enqueueActivity({
          instanceId: owner.instanceId,
          executionId: owner.executionId,
          taskId: work.id,
          name: work.name,
          input: activityTriggerData(work.input),
        });
      }
      return;
    case 'timer': {
      const fireAt = work.fireAt ?? now;
      toOwner(events.timerFired(fireAt, work.id, fireAt), fireAt);
      return;
    }
    case 'subOrchestration': {
      if (work.immediateFailure) {
        const { reason, details } = work.immediateFailure;
        toOwner(events.subOrchestrationFailed(now, work.id, reason, details));
        return;
      }
      const childId = work.childInstanceId ?? `${owner.executionId}:${work.id}`;
      const existing = store.getInstance(childId);
      if (existing && !isTerminal(existing.runtimeStatus)) {
        const reason = `An orchestration instance with the ID '${childId}' already exists with status ${existing.runtimeStatus}.`;
        toOwner(events.subOrchestrationFailed(now, work.id, reason, reason));
        return;
      }
      createInstance(
        store,
        {
          instanceId: childId,
          name: work.name,
          input: serializeValue(work.input),
          parent: { record: owner, taskId: work.id },
        },
        now,
      );
      return;
    }
  }
}

/** Sends a finished child's result to its parent's current execution. */
export function notifyParent(store: DurableStore, child: InstanceRecord, now: number): void {
  if (child.parentInstanceId === null || child.parentTaskId === null) return;
  let event;
  if (child.runtimeStatus === 'Completed') {
    event = events.subOrchestrationCompleted(now, child.parentTaskId, child.output);
  } else {
    const reason =
      child.runtimeStatus === 'Failed'
        ? (child.output ?? `Orchestrator function '${child.name}' failed.`)
        : `Orchestrator function '${child.name}' (instance '${child.instanceId}') was ${child.runtimeStatus.toLowerCase()}: ${child.output ?? ''}`;
    event = events.subOrchestrationFailed(now, child.parentTaskId, reason, `Message: ${reason}, StackTrace: `);
  }
  store.enqueueMessage({
    instanceId: child.parentInstanceId,
    executionId: child.parentExecutionId,
    event,
    visibleAt: now,
    control: false,
  });
}
