// The one decoder of thrown activity failures: finds the ActivityFailure envelope (ACTIVITY_FAILURE_PREFIX + JSON)
// that activities/shared/activityFailure.ts wrote into the failure's message, wherever the host put it, and checks
// its fields. Pure: the same error text always decodes the same way, so replays agree.
import { ACTIVITY_FAILURE_PREFIX, type ActivityFailure } from '../activities/contracts';
import { isCloudId } from '../lib/cloudIds';
import { isStage } from '../lib/stages';

/** Envelopes are at most 2 KB; a longer candidate is not one of ours. */
const MAX_ENVELOPE_CHARS = 4096;

/**
 * The ActivityFailure an activity threw, or undefined when `error` carries none (an orchestrator bug, a failed
 * sub-orchestration, a history written before envelopes). Durable JS hands a failed activity over as a
 * TaskFailedError whose `failureDetails.errorMessage` holds the message (hosts that send FailureDetails), or as an
 * Error whose message is the history's `Reason \n Details` (hosts that do not, such as runtime/): both are read.
 */
export function decodeActivityFailure(error: unknown): ActivityFailure | undefined {
  for (const text of textsOf(error)) {
    for (let at = text.indexOf(ACTIVITY_FAILURE_PREFIX); at >= 0; at = text.indexOf(ACTIVITY_FAILURE_PREFIX, at + 1)) {
      const decoded = envelopeAt(text, at + ACTIVITY_FAILURE_PREFIX.length);
      if (decoded) return decoded;
    }
  }
  return undefined;
}

function textsOf(error: unknown): string[] {
  if (typeof error !== 'object' || error === null) return typeof error === 'string' ? [error] : [];
  const details = (error as { failureDetails?: { errorMessage?: unknown } }).failureDetails;
  const message = (error as { message?: unknown }).message;
  return [details?.errorMessage, message].filter((text): text is string => typeof text === 'string');
}

/** The envelope whose JSON object starts at `start`: read up to its closing brace (strings skipped), then checked. */
function envelopeAt(text: string, start: number): ActivityFailure | undefined {
  const json = jsonObjectAt(text, start);
  if (json === undefined) return undefined;
  try {
    return asActivityFailure(JSON.parse(json));
  } catch {
    return undefined;
  }
}

function jsonObjectAt(text: string, start: number): string | undefined {
  if (text[start] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const end = Math.min(text.length, start + MAX_ENVELOPE_CHARS);
  for (let i = start; i < end; i += 1) {
    const ch = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth += 1;
    else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return undefined;
}

/** Only well-typed fields survive: a code is required; an unknown cloud or stage is dropped, never guessed. */
function asActivityFailure(value: unknown): ActivityFailure | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { code, cloud, stage, httpStatus, message, hint, retryAfterSeconds } = value as Record<string, unknown>;
  if (typeof code !== 'string' || code === '') return undefined;
  return {
    code,
    ...(isCloudId(cloud) ? { cloud } : {}),
    ...(isStage(stage) ? { stage } : {}),
    ...(typeof httpStatus === 'number' && Number.isInteger(httpStatus) ? { httpStatus } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof hint === 'string' ? { hint } : {}),
    ...(typeof retryAfterSeconds === 'number' && Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0
      ? { retryAfterSeconds }
      : {}),
  };
}
