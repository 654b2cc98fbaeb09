// Applies terminate / suspend / resume messages to an instance without running its orchestrator (DTFx semantics:
// terminate ends the execution with the reason as output; suspend parks inbound events until resume).
import * as events from '../history/newEvents';
import { EventType, OrchestrationStatusNumber, type HistoryEvent } from '../history/historyEvent';
import type { DurableStore, InstanceRecord, StoredMessage } from '../store/durableStore';
import { notifyParent } from './instanceLifecycle';

export interface ControlResult {
  finished: boolean;
  description: string;
}

/** Applies one control message; runs inside the caller's transaction. */
export function applyControlMessage(
  store: DurableStore,
  instance: InstanceRecord,
  message: StoredMessage,
  now: number,
): ControlResult {
  store.deleteMessages([message.id]);
  const historyLength = store.loadHistory(instance.instanceId).length;
  const append = (list: HistoryEvent[]): void => store.appendHistory(instance.instanceId, historyLength, list);
  const event = message.event;
  switch (event.EventType) {
    case EventType.ExecutionTerminated: {
      const reason = event.Input;
      append([
        events.orchestratorStarted(now),
        event,
        events.executionCompleted(now, -1, OrchestrationStatusNumber.Terminated, reason),
        events.orchestratorCompleted(now),
      ]);
      const updated: InstanceRecord = {
        ...instance,
        runtimeStatus: 'Terminated',
        output: reason,
        lastUpdatedTime: now,
      };
      store.putInstance(updated);
      // Whatever was still queued for it is dropped, as for any finished instance.
      store.deleteAllMessages(instance.instanceId);
      notifyParent(store, updated, now);
      return { finished: true, description: 'terminated' };
    }
    case EventType.ExecutionSuspended:
      if (instance.runtimeStatus !== 'Running' && instance.runtimeStatus !== 'Pending') {
        return { finished: false, description: `suspend ignored (${instance.runtimeStatus})` };
      }
      append([event]);
      store.putInstance({ ...instance, runtimeStatus: 'Suspended', lastUpdatedTime: now });
      return { finished: false, description: 'suspended' };
    case EventType.ExecutionResumed:
      if (instance.runtimeStatus !== 'Suspended') {
        return { finished: false, description: `resume ignored (${instance.runtimeStatus})` };
      }
      append([event]);
      store.putInstance({
        ...instance,
        runtimeStatus: historyLength > 0 ? 'Running' : 'Pending',
        lastUpdatedTime: now,
      });
      return { finished: false, description: 'resumed' };
    default:
      return { finished: false, description: `unexpected control event ${event.EventType} dropped` };
  }
}
