// Drives a registered orchestrator episode by episode with no host: invoke with the history, replay its actions
// (replayShim), append the scheduling events, then feed back what a World answers for each activity, fire timers at
// their time, and run sub-orchestrations with the same driver. Time is virtual and advances to the next completion.
// A continue-as-new starts a fresh history with the new input (what was pending for the old execution is dropped).
import { EVENT_TYPE, HistoryBuilder, ORCHESTRATION_STATUS, type HistoryEvent } from './history';
import { invokeOrchestrator, type OrchestratorStateJson } from './invokeOrchestrator';
import { checkLibraryIds, replayActions, type ScheduledWork } from './replayShim';

/** What an activity does in the test world: return a value, or throw (a retryable failure) with a message, recorded
 * as Reason/Details (runtime/, older extensions) or as FailureDetails (`structured`); and how long it takes (default:
 * the driver's activity latency). */
export type ActivityOutcome = ({ result: unknown } | { error: string; structured?: { errorType: string } }) & {
  latencyMs?: number;
};

export interface World {
  /** Answers one activity call made at `now` (the episode time it was scheduled in). */
  activity(name: string, input: unknown, now: Date, instanceId: string): ActivityOutcome;
  /** Optional: answers a sub-orchestration instead of running it with the driver. */
  subOrchestration?(name: string, input: unknown, instanceId: string, now: Date): ActivityOutcome | undefined;
}

export interface DriveOptions {
  name: string;
  instanceId: string;
  input: unknown;
  start: Date;
  world: World;
  parent?: { name: string; instanceId: string; taskScheduleId: number };
  /** Guard against an orchestration that never ends. */
  maxEpisodes?: number;
  /** Activity latency in the virtual world. */
  activityLatencyMs?: number;
}

export interface DriveResult {
  runtimeStatus: 'Completed' | 'Failed';
  output: unknown;
  error?: string;
  history: HistoryEvent[];
  /** The OrchestratorState of every episode, in order. */
  states: OrchestratorStateJson[];
  /** Executions run: 1, plus one per continue-as-new (`history` is the last one's). */
  executions: number;
  /** Every custom status value set, in order of the episodes. */
  customStatuses: unknown[];
  /** Every activity call answered, in order: what the orchestrator asked for. */
  calls: { name: string; input: unknown; at: string; instanceId: string }[];
  children: Map<string, DriveResult>;
  endedAt: Date;
  logs: string[];
}

interface Pending {
  work: ScheduledWork;
  readyAt: number;
  complete: (history: HistoryBuilder) => void;
}

export async function drive(options: DriveOptions): Promise<DriveResult> {
  const { name, instanceId, world } = options;
  const latency = options.activityLatencyMs ?? 1000;
  let input = options.input;
  let builder = new HistoryBuilder(instanceId, options.start);
  builder.orchestratorStarted(options.start).executionStarted(name, input, options.parent);
  let firstEpisode = 0;
  const result: DriveResult = {
    runtimeStatus: 'Completed',
    output: undefined,
    history: [],
    states: [],
    executions: 1,
    customStatuses: [],
    calls: [],
    children: new Map(),
    endedAt: options.start,
    logs: [],
  };
  const pending: Pending[] = [];
  let now = options.start.getTime();

  for (let episode = 0; episode < (options.maxEpisodes ?? 2000); episode += 1) {
    const history = builder.build();
    const { state, failed, logs, openTasks } = await invokeOrchestrator(name, {
      instanceId,
      input,
      history,
      isReplaying: episode > firstEpisode,
      ...(options.parent ? { parentInstanceId: options.parent.instanceId } : {}),
    });
    result.states.push(state);
    result.logs.push(...logs);
    if (state.customStatus !== undefined) result.customStatuses.push(state.customStatus);
    const actions = state.actions[0] ?? [];
    const shim = replayActions(instanceId, actions, history);
    checkLibraryIds(openTasks, shim.produced);

    for (const work of shim.newWork) {
      if (work.kind === 'activity') builder.taskScheduled(work.id, work.name);
      else if (work.kind === 'timer') builder.timerCreated(work.id, work.fireAt);
      else builder.subOrchestrationCreated(work.id, work.name, work.instanceId);
      pending.push(await dispatch(work, now));
    }

    if (shim.finished && !failed && state.isDone && shim.continueAsNew) {
      input = shim.continueAsNew.input;
      pending.length = 0;
      builder = new HistoryBuilder(instanceId, new Date(now));
      builder.orchestratorStarted(new Date(now)).executionStarted(name, input, options.parent);
      firstEpisode = episode + 1;
      result.executions += 1;
      continue;
    }
    if (shim.finished && (failed || state.isDone)) {
      const id = Math.max(-1, ...history.map((event) => event.EventId)) + 1;
      if (failed) {
        result.runtimeStatus = 'Failed';
        result.error = state.error ?? '';
        result.output = `Orchestrator function '${name}' failed: ${state.error ?? ''}`;
        builder.executionCompleted(id, ORCHESTRATION_STATUS.Failed, result.output);
      } else {
        result.output = state.output;
        builder.executionCompleted(id, ORCHESTRATION_STATUS.Completed, state.output);
      }
      builder.orchestratorCompleted();
      result.history = builder.build();
      result.endedAt = new Date(now);
      return result;
    }
    builder.orchestratorCompleted();

    if (pending.length === 0)
      throw new Error(`${instanceId} waits for nothing but did not finish (episode ${episode})`);
    now = Math.max(now, Math.min(...pending.map((item) => item.readyAt)));
    builder.orchestratorStarted(new Date(now));
    const ready = pending
      .filter((item) => item.readyAt <= now)
      .sort((a, b) => a.readyAt - b.readyAt || a.work.id - b.work.id);
    for (const item of ready) {
      item.complete(builder);
      pending.splice(pending.indexOf(item), 1);
    }
  }
  throw new Error(`${instanceId} did not finish within ${options.maxEpisodes ?? 2000} episodes`);

  async function dispatch(work: ScheduledWork, at: number): Promise<Pending> {
    if (work.kind === 'timer') {
      return { work, readyAt: Date.parse(work.fireAt), complete: (h) => h.timerFired(work.id, work.fireAt) };
    }
    const input = typeof work.input === 'string' ? (JSON.parse(work.input) as unknown) : work.input;
    if (work.kind === 'activity') {
      result.calls.push({ name: work.name, input, at: new Date(at).toISOString(), instanceId });
      const outcome = world.activity(work.name, input, new Date(at), instanceId);
      return {
        work,
        readyAt: at + (outcome.latencyMs ?? latency),
        complete: (h) => {
          if (!('error' in outcome)) h.taskCompleted(work.id, outcome.result);
          else if (outcome.structured) {
            h.taskFailedWithDetails(work.id, work.name, { ...outcome.structured, errorMessage: outcome.error });
          } else h.taskFailed(work.id, work.name, outcome.error);
        },
      };
    }
    const canned = world.subOrchestration?.(work.name, input, work.instanceId, new Date(at));
    if (canned) {
      return {
        work,
        readyAt: at + latency,
        complete: (h) =>
          'error' in canned
            ? h.subOrchestrationFailed(work.id, work.name, canned.error)
            : h.subOrchestrationCompleted(work.id, canned.result),
      };
    }
    const child = await drive({
      ...options,
      name: work.name,
      instanceId: work.instanceId,
      input,
      start: new Date(at + latency),
      parent: { name, instanceId, taskScheduleId: work.id },
    });
    result.children.set(work.instanceId, child);
    result.calls.push(...child.calls);
    return {
      work,
      readyAt: child.endedAt.getTime() + latency,
      complete: (h) =>
        child.runtimeStatus === 'Failed'
          ? h.subOrchestrationFailed(work.id, work.name, child.error ?? '')
          : h.subOrchestrationCompleted(work.id, child.output),
    };
  }
}

/** Replays a complete history in one invocation (every event played), as a host does after a restart. */
export async function replayCompleted(
  name: string,
  instanceId: string,
  input: unknown,
  history: readonly HistoryEvent[],
  parentInstanceId?: string,
): Promise<{ state: OrchestratorStateJson; failed: boolean }> {
  const played = history
    .filter((event) => event.EventType !== EVENT_TYPE.ExecutionCompleted)
    .map((event) => ({ ...event, IsPlayed: true }));
  const { state, failed } = await invokeOrchestrator(name, {
    instanceId,
    input,
    history: played,
    isReplaying: true,
    ...(parentInstanceId !== undefined ? { parentInstanceId } : {}),
  });
  return { state, failed };
}
