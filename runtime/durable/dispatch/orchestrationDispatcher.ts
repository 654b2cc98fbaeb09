// Runs orchestration episodes: picks instances with visible messages (at most one episode per instance, at most
// maxConcurrentOrchestratorFunctions at once), invokes the orchestrator with its history plus the new events, and
// commits history, new work and status in one transaction. It never runs activities itself.
import { decideEpisode, type EpisodeDecision } from '../episode/decideEpisode';
import { orchestrationBindingInfo } from '../episode/bindingInfo';
import { outcomeFromError, outcomeFromResult, type OrchestratorOutcome } from '../episode/orchestratorOutcome';
import { UnknownFunctionError } from '../errors/unknownFunctionError';
import { EventType, completedTaskId, type HistoryEvent } from '../history/historyEvent';
import * as events from '../history/newEvents';
import { newGuidN } from '../ids';
import { bindingInput, errorMessage } from '../jsonText';
import { isTerminal } from '../runtimeStatus';
import type { InstanceRecord, StoredMessage } from '../store/durableStore';
import { BoundedDispatcher } from './boundedDispatcher';
import { applyControlMessage } from './controlMessages';
import { commit } from './dispatchContext';
import { notifyParent, queueExecutionStarted, scheduleWork } from './instanceLifecycle';

export class OrchestrationDispatcher extends BoundedDispatcher<string, string> {
  protected claim(free: number, skip: ReadonlySet<string>): string[] {
    return this.context.store.readyInstanceIds(this.context.clock.now(), free, skip);
  }

  protected keyOf(instanceId: string): string {
    return instanceId;
  }

  protected runFailed(instanceId: string, error: unknown): void {
    this.context.log('error', `Orchestration '${instanceId}' episode failed in the runtime: ${errorMessage(error)}`);
  }

  /** One episode (or control message) of one instance. */
  protected async run(instanceId: string): Promise<void> {
    const { store } = this.context;
    const now = this.context.clock.now();
    const instance = store.getInstance(instanceId);
    if (!instance) return;
    const messages = store.visibleMessages(instanceId, now);
    const first = messages[0];
    if (!first) return;
    if (isTerminal(instance.runtimeStatus)) {
      // Late results, timers and events for a finished instance are dropped.
      commit(this.context, () => store.deleteMessages(messages.map((m) => m.id)));
      return;
    }
    if (first.control) return this.applyControl(instance, first, now);
    if (instance.runtimeStatus === 'Suspended') {
      // Parked events wait; only the next control message (resume/terminate) is applied.
      const control = messages.find((m) => m.control);
      if (control) await this.applyControl(instance, control, now);
      return;
    }
    const batchEnd = messages.findIndex((m) => m.control);
    await this.runEpisode(instance, batchEnd < 0 ? messages : messages.slice(0, batchEnd), now);
  }

  private applyControl(instance: InstanceRecord, message: StoredMessage, now: number): Promise<void> {
    let finished = false;
    commit(this.context, () => {
      const result = applyControlMessage(this.context.store, instance, message, now);
      finished = result.finished;
      this.context.log('info', `Orchestration '${instance.name}' (${instance.instanceId}) ${result.description}.`);
    });
    if (finished) this.context.instanceFinished(instance.instanceId);
    return Promise.resolve();
  }

  private async runEpisode(instance: InstanceRecord, batch: StoredMessage[], now: number): Promise<void> {
    const { store } = this.context;
    const past = store.loadHistory(instance.instanceId).map((e) => ({ ...e, IsPlayed: true }));
    const inbound = acceptInbound(instance, past, batch);
    const batchIds = batch.map((m) => m.id);
    const started = [...past, ...inbound].find((e) => e.EventType === EventType.ExecutionStarted);
    if (inbound.length === 0 || !started || started.EventType !== EventType.ExecutionStarted) {
      commit(this.context, () => store.deleteMessages(batchIds));
      return;
    }
    const newEvents: HistoryEvent[] = [events.orchestratorStarted(now), ...inbound];
    const history = [...past, ...newEvents];
    const outcome = await this.invoke(instance, history, bindingInput(started.Input), past.length > 0);
    if (this.context.isStopped()) return;
    // DTFx stamps what an episode leaves behind (scheduled work, completion, OrchestratorCompleted) when the
    // orchestrator has returned, and the instance's lastUpdatedTime is the last of those stamps: the episode's end,
    // not its start (which OrchestratorStarted and so currentUtcDateTime keep). Under a time scale they differ.
    const endedAt = this.context.clock.now();
    const invoker = this.context.invoker();
    const decision = decideEpisode(
      {
        instanceId: instance.instanceId,
        name: instance.name,
        executionId: instance.executionId,
        parentInstanceId: instance.parentInstanceId,
      },
      history,
      outcome,
      endedAt,
      (name) => invoker.kindOf(name),
    );
    const committed = commit(this.context, () => {
      store.deleteMessages(batchIds);
      store.appendHistory(instance.instanceId, past.length, [...newEvents, ...decision.newEvents]);
      for (const work of decision.work) scheduleWork(store, instance, work, endedAt);
      this.applyStatus(instance, decision, endedAt);
    });
    if (!committed) return;
    const level = decision.status === 'Failed' ? 'warn' : decision.status === 'Running' ? 'debug' : 'info';
    const detail = decision.status === 'Failed' ? `: ${decision.output ?? ''}` : '';
    this.context.log(level, `Orchestration '${instance.name}' (${instance.instanceId}) ${decision.status}${detail}`);
    if (decision.status === 'Completed' || decision.status === 'Failed') {
      this.context.instanceFinished(instance.instanceId);
    }
  }

  private async invoke(
    instance: InstanceRecord,
    history: HistoryEvent[],
    input: unknown,
    isReplaying: boolean,
  ): Promise<OrchestratorOutcome> {
    const invoker = this.context.invoker();
    if (invoker.kindOf(instance.name) !== 'orchestration') {
      return { kind: 'crashed', message: new UnknownFunctionError(instance.name, 'orchestrator').message };
    }
    const bindingInfo = orchestrationBindingInfo({
      history,
      input,
      instanceId: instance.instanceId,
      isReplaying,
      parentInstanceId: instance.parentInstanceId,
    });
    try {
      return outcomeFromResult(await invoker.invokeOrchestrator(instance.name, bindingInfo));
    } catch (error) {
      return outcomeFromError(error);
    }
  }

  /** Writes the instance row for the decision (inside the episode's transaction). */
  private applyStatus(instance: InstanceRecord, decision: EpisodeDecision, now: number): void {
    const { store } = this.context;
    const customStatus = decision.customStatus.set ? decision.customStatus.value : instance.customStatus;
    if (decision.status === 'ContinuedAsNew' && decision.continueAsNew) {
      const next: InstanceRecord = {
        ...instance,
        executionId: newGuidN(),
        runtimeStatus: 'Running',
        input: decision.continueAsNew.input,
        output: null,
        customStatus,
        lastUpdatedTime: now,
      };
      store.putInstance(next);
      store.clearHistory(instance.instanceId);
      // Re-queue in order: the new ExecutionStarted, the events the old execution never consumed, then whatever
      // arrived meanwhile for the instance. Results and timers of the old execution are dropped.
      const pending = store.allMessages(instance.instanceId);
      store.deleteAllMessages(instance.instanceId);
      queueExecutionStarted(store, next, now);
      for (const carried of decision.continueAsNew.carriedEvents) {
        store.enqueueMessage({
          instanceId: instance.instanceId,
          executionId: null,
          event: events.eventRaised(now, carried.name, carried.input),
          visibleAt: now,
          control: false,
        });
      }
      for (const message of pending) {
        if (message.executionId !== null) continue;
        store.enqueueMessage({ ...message, visibleAt: Math.min(message.visibleAt, now) });
      }
      return;
    }
    const updated: InstanceRecord = {
      ...instance,
      runtimeStatus: decision.status === 'ContinuedAsNew' ? 'Running' : decision.status,
      output: decision.status === 'Running' ? instance.output : decision.output,
      customStatus,
      lastUpdatedTime: now,
    };
    store.putInstance(updated);
    if (decision.status === 'Completed' || decision.status === 'Failed') {
      store.deleteAllMessages(instance.instanceId);
      notifyParent(store, updated, now);
    }
  }
}

/**
 * The batch's events this execution may see: its own ExecutionStarted once, completions of tasks it scheduled and
 * has not seen complete yet, external events. Everything else (stale executions, duplicates) is dropped.
 */
function acceptInbound(instance: InstanceRecord, past: HistoryEvent[], batch: StoredMessage[]): HistoryEvent[] {
  const scheduled = new Set<number>();
  const completed = new Set<number>();
  let hasStart = false;
  for (const event of past) {
    if (event.EventType === EventType.ExecutionStarted) hasStart = true;
    if (
      event.EventType === EventType.TaskScheduled ||
      event.EventType === EventType.TimerCreated ||
      event.EventType === EventType.SubOrchestrationInstanceCreated
    ) {
      scheduled.add(event.EventId);
    }
    const done = completedTaskId(event);
    if (done !== undefined) completed.add(done);
  }
  const accepted: HistoryEvent[] = [];
  for (const message of batch) {
    const event: HistoryEvent = { ...message.event, IsPlayed: false };
    if (message.executionId !== null && message.executionId !== instance.executionId) continue;
    if (event.EventType === EventType.ExecutionStarted) {
      if (hasStart || event.OrchestrationInstance.ExecutionId !== instance.executionId) continue;
      hasStart = true;
      accepted.push(event);
      continue;
    }
    const taskId = completedTaskId(event);
    if (taskId !== undefined) {
      if (!scheduled.has(taskId) || completed.has(taskId)) continue;
      completed.add(taskId);
    }
    accepted.push(event);
  }
  return accepted;
}
