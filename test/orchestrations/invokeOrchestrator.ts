// Invokes a registered orchestrator handler once, as the worker does (docs/durable-protocol.md §1.4 "Path B"): a
// DurableOrchestrationBindingInfo object and a fresh InvocationContext in, OrchestratorState out (or the state
// carried by the thrown OrchestrationFailureError when the orchestrator failed).
import { InvocationContext } from '@azure/functions';
import type { HistoryEvent } from './history';
import { registered } from './registeredFunctions';

export interface OrchestratorAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  fireAt?: string;
  isCanceled?: boolean;
  retryOptions?: {
    firstRetryIntervalInMilliseconds: number;
    maxNumberOfAttempts: number;
    backoffCoefficient?: number;
    maxRetryIntervalInMilliseconds?: number;
  };
  compoundActions?: OrchestratorAction[];
}

export interface OrchestratorStateJson {
  isDone: boolean;
  actions: OrchestratorAction[][];
  output?: unknown;
  error?: string;
  customStatus?: unknown;
  schemaVersion: number;
}

export interface EpisodeInput {
  instanceId: string;
  input: unknown;
  history: HistoryEvent[];
  parentInstanceId?: string;
  isReplaying?: boolean;
}

/** A task the library is still waiting on, by the sequence id IT assigned (read from its executor). */
export interface OpenTask {
  id: number;
  /** 'retryStep': the timer or next attempt of a retried call (the library does not say which). */
  kind: 'activity' | 'timer' | 'subOrchestration' | 'retryStep' | 'other';
  name?: string;
}

export interface EpisodeResult {
  state: OrchestratorStateJson;
  /** The orchestrator threw (its state carries `error`). */
  failed: boolean;
  logs: string[];
  /** The library's own open tasks after the episode, to compare with the ids the host assigned. */
  openTasks: OpenTask[];
}

const OUT_OF_PROC_LABEL = '\n\n$OutOfProcData$:';
let invocations = 0;

export async function invokeOrchestrator(name: string, episode: EpisodeInput): Promise<EpisodeResult> {
  const fn = registered(name);
  const trigger = Object.values(fn.metadata.bindings).find((binding) => /trigger$/i.test(binding.type));
  if (!trigger) throw new Error(`${name} has no trigger binding`);
  const logs: string[] = [];
  invocations += 1;
  const context = new InvocationContext({
    invocationId: `invocation-${invocations}`,
    functionName: name,
    logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
    options: { trigger: trigger as never, extraInputs: [], extraOutputs: [] },
  });
  // What the extension sends (§2.1), parsed as fromRpcTypedData would: a fresh copy, since the library turns
  // Timestamp strings into Dates in place.
  const bindingInfo = JSON.parse(
    JSON.stringify({
      history: episode.history,
      input: episode.input ?? null,
      instanceId: episode.instanceId,
      isReplaying: episode.isReplaying ?? false,
      parentInstanceId: episode.parentInstanceId ?? null,
      upperSchemaVersion: 1,
      upperSchemaVersionNew: 2,
      longRunningTimerIntervalDuration: '3.00:00:00',
      maximumShortTimerDuration: '6.00:00:00',
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    }),
  ) as unknown;
  try {
    const state = await fn.handler(bindingInfo, context);
    return {
      state: JSON.parse(JSON.stringify(state)) as OrchestratorStateJson,
      failed: false,
      logs,
      openTasks: openTasksOf(context),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = message.indexOf(OUT_OF_PROC_LABEL);
    if (at < 0) throw error;
    return {
      state: JSON.parse(message.slice(at + OUT_OF_PROC_LABEL.length)) as OrchestratorStateJson,
      failed: true,
      logs,
      openTasks: openTasksOf(context),
    };
  }
}

interface LibraryTask {
  id?: unknown;
  actionObj?: unknown;
}

/**
 * Reads durable-functions' internal executor (context.df.taskOrchestratorExecutor.openTasks): test-only, so a
 * mismatch between the ids the library assigned and the ids the host assigned shows instead of passing silently.
 */
function openTasksOf(context: InvocationContext): OpenTask[] {
  const df = (context as unknown as { df?: { taskOrchestratorExecutor?: { openTasks?: Record<string, LibraryTask> } } })
    .df;
  const open = df?.taskOrchestratorExecutor?.openTasks ?? {};
  return Object.entries(open).map(([key, task]) => {
    const id = Number(key);
    const action = task.actionObj as { actionType?: number; functionName?: string } | string | undefined;
    if (typeof action !== 'object') return { id, kind: 'retryStep' };
    switch (action.actionType) {
      case 0:
      case 1:
        return { id, kind: 'activity', name: action.functionName ?? '' };
      case 2:
      case 3:
        return { id, kind: 'subOrchestration', name: action.functionName ?? '' };
      case 5:
        return { id, kind: 'timer' };
      default:
        return { id, kind: 'other' };
    }
  });
}
