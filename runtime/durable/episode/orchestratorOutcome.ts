// Interprets what an orchestrator invocation produced: the OrchestratorState it returned, the state embedded in a
// thrown OrchestrationFailureError ("$OutOfProcData$"), or a crash outside the executor. Pure parsing.
import { MalformedActionError } from '../errors/malformedActionError';
import { errorMessage } from '../jsonText';
import { isRecord } from '../../contracts';
import { parseActionList, type Action } from '../replay/actions';

export interface OrchestratorStateView {
  isDone: boolean;
  actions: Action[];
  output: unknown;
  /** state.error: set when the orchestrator threw. */
  error: string | undefined;
  /** durable-functions omits falsy custom statuses; `present` tells whether one was sent. */
  customStatus: { present: true; value: unknown } | { present: false };
}

export type OrchestratorOutcome =
  | { kind: 'state'; state: OrchestratorStateView }
  /** No usable state: the invocation failed before or outside the executor. */
  | { kind: 'crashed'; message: string };

const OUT_OF_PROC_MARKER = '\n\n$OutOfProcData$:';

export function outcomeFromResult(value: unknown): OrchestratorOutcome {
  // A worker may hand the state back as JSON text ({json} typed data not yet parsed).
  const state: unknown = typeof value === 'string' ? tryParse(value) : value;
  if (!isRecord(state)) {
    return { kind: 'crashed', message: 'The orchestrator function returned no orchestration state.' };
  }
  return parseState(state);
}

export function outcomeFromError(error: unknown): OrchestratorOutcome {
  const message = errorMessage(error);
  const at = message.indexOf(OUT_OF_PROC_MARKER);
  if (at < 0) return { kind: 'crashed', message };
  const state = tryParse(message.slice(at + OUT_OF_PROC_MARKER.length));
  if (!isRecord(state)) return { kind: 'crashed', message };
  const outcome = parseState(state);
  // The label means the executor caught the user's exception; keep a message even if `error` was lost.
  if (outcome.kind === 'state' && outcome.state.error === undefined) outcome.state.error = 'unknown error';
  return outcome;
}

function parseState(state: Record<string, unknown>): OrchestratorOutcome {
  try {
    const customStatus: OrchestratorStateView['customStatus'] =
      'customStatus' in state && state.customStatus !== undefined
        ? { present: true, value: state.customStatus }
        : { present: false };
    return {
      kind: 'state',
      state: {
        isDone: state.isDone === true,
        actions: parseActionList(state.actions),
        output: state.output,
        error: typeof state.error === 'string' ? state.error : undefined,
        customStatus,
      },
    };
  } catch (error) {
    if (error instanceof MalformedActionError) return { kind: 'crashed', message: error.message };
    throw error;
  }
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
