// Decides what one orchestration episode leaves behind, from the orchestrator's outcome and the replay of its
// actions: the scheduling and completion events to append, the work to dispatch, and the new status. Pure: the
// dispatcher commits the decision.
import type { DurableFunctionKind } from '../../contracts';
import { NonDeterminismError } from '../errors/nonDeterminismError';
import { UnknownFunctionError } from '../errors/unknownFunctionError';
import { UnsupportedFeatureError } from '../errors/unsupportedFeatureError';
import { OrchestrationStatusNumber, type HistoryEvent } from '../history/historyEvent';
import * as events from '../history/newEvents';
import { serializeValue } from '../jsonText';
import { replayActions, type ScheduledWork } from '../replay/replayShim';
import type { OrchestratorOutcome } from './orchestratorOutcome';

export interface EpisodeSubject {
  instanceId: string;
  name: string;
  executionId: string;
  parentInstanceId: string | null;
}

export interface EpisodeDecision {
  /** Events appended after this episode's inbound events (scheduling, completion, OrchestratorCompleted). */
  newEvents: HistoryEvent[];
  work: ScheduledWork[];
  status: 'Running' | 'Completed' | 'Failed' | 'ContinuedAsNew';
  /** Output JSON text (Completed) or the failure message (Failed). */
  output: string | null;
  customStatus: { set: true; value: string | null } | { set: false };
  continueAsNew?: { input: string | null; carriedEvents: Array<{ name: string; input: string | null }> };
}

export function decideEpisode(
  subject: EpisodeSubject,
  history: HistoryEvent[],
  outcome: OrchestratorOutcome,
  now: number,
  kindOf: (name: string) => DurableFunctionKind | undefined,
): EpisodeDecision {
  if (outcome.kind === 'crashed') return failed(now, orchestratorFailed(subject, outcome.message));
  const { state } = outcome;
  const customStatus: EpisodeDecision['customStatus'] = state.customStatus.present
    ? { set: true, value: serializeValue(state.customStatus.value) }
    : { set: false };

  let replay;
  try {
    replay = replayActions(state.actions, history, { ...subject, kindOf });
  } catch (error) {
    if (error instanceof NonDeterminismError) return { ...failed(now, error.message), customStatus };
    if (error instanceof UnknownFunctionError || error instanceof UnsupportedFeatureError) {
      return { ...failed(now, orchestratorFailed(subject, error.message)), customStatus };
    }
    throw error;
  }

  const newEvents: HistoryEvent[] = replay.newWork.map((work) => schedulingEvent(work, now));
  const decision: EpisodeDecision = { newEvents, work: replay.newWork, status: 'Running', output: null, customStatus };
  // Only a shim that walked every action may end the execution (a Task.all still waiting keeps it running).
  if (replay.finished) {
    const completionId = replay.nextSequenceId;
    if (state.error !== undefined) {
      decision.status = 'Failed';
      decision.output = orchestratorFailed(subject, state.error);
      newEvents.push(events.executionCompleted(now, completionId, OrchestrationStatusNumber.Failed, decision.output));
    } else if (state.isDone && replay.continueAsNew) {
      decision.status = 'ContinuedAsNew';
      const input = serializeValue(replay.continueAsNew.input);
      decision.continueAsNew = { input, carriedEvents: replay.unconsumedEvents };
      newEvents.push(events.continueAsNew(now, completionId, input));
    } else if (state.isDone) {
      decision.status = 'Completed';
      decision.output = serializeValue(state.output);
      newEvents.push(
        events.executionCompleted(now, completionId, OrchestrationStatusNumber.Completed, decision.output),
      );
    }
  }
  newEvents.push(events.orchestratorCompleted(now));
  return decision;
}

/** A failure found before the replay finished: no sequence id is known for the completion event. */
function failed(now: number, message: string): EpisodeDecision {
  return {
    newEvents: [
      events.executionCompleted(now, -1, OrchestrationStatusNumber.Failed, message),
      events.orchestratorCompleted(now),
    ],
    work: [],
    status: 'Failed',
    output: message,
    customStatus: { set: false },
  };
}

function orchestratorFailed(subject: EpisodeSubject, message: string): string {
  return `Orchestrator function '${subject.name}' failed: ${message}`;
}

function schedulingEvent(work: ScheduledWork, now: number): HistoryEvent {
  switch (work.kind) {
    case 'activity':
      return events.taskScheduled(now, work.id, work.name);
    case 'timer':
      return events.timerCreated(now, work.id, work.fireAt ?? now);
    case 'subOrchestration':
      return events.subOrchestrationCreated(now, work.id, work.name, work.childInstanceId ?? '');
  }
}
