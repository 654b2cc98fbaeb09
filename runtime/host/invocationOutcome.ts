// The one line that says how an invocation ended: function, invocation id, outcome, duration and (when it failed) the
// first line of its error, bounded. Never a payload: an orchestrator's failure carries its whole state
// ("$OutOfProcData$": actions, inputs, custom status) in the error message, and only its `error` text is kept.
import { messageOf } from './errors';

const OUT_OF_PROC_MARKER = '\n\n$OutOfProcData$:';
/** Enough for an ARM code and its message; a longer first line is cut. */
const MAX_REASON_LENGTH = 300;

export interface InvocationOutcome {
  functionName: string;
  invocationId: string;
  durationMs: number;
  /** Absent when it succeeded. */
  error?: unknown;
}

export function outcomeLine(outcome: InvocationOutcome): string {
  const head = `Executed '${outcome.functionName}' (${outcome.error === undefined ? 'Succeeded' : 'Failed'}, Id=${
    outcome.invocationId
  }, Duration=${Math.round(outcome.durationMs)}ms)`;
  return outcome.error === undefined ? head : `${head}: ${failureReason(outcome.error)}`;
}

/** The first line of what was thrown, without an orchestrator's serialized state, at most 300 characters. */
export function failureReason(thrown: unknown): string {
  const message = messageOf(thrown);
  const at = message.indexOf(OUT_OF_PROC_MARKER);
  const reason =
    at < 0 ? message : (orchestratorError(message.slice(at + OUT_OF_PROC_MARKER.length)) ?? message.slice(0, at));
  const firstLine = reason.split('\n', 1)[0].trim() || 'no message';
  return firstLine.length > MAX_REASON_LENGTH ? `${firstLine.slice(0, MAX_REASON_LENGTH)}…` : firstLine;
}

/** The `error` text of an orchestrator's serialized state, or undefined when there is none. */
function orchestratorError(stateJson: string): string | undefined {
  try {
    const state: unknown = JSON.parse(stateJson);
    if (typeof state === 'object' && state !== null && 'error' in state && typeof state.error === 'string') {
      return state.error;
    }
  } catch {
    // Not JSON: the text before the marker is all there is.
  }
  return undefined;
}
