// The one encoder of thrown activity failures: whatever an activity throws leaves it as an ActivityFailureError
// whose message is ACTIVITY_FAILURE_PREFIX + JSON of an ActivityFailure ({code, cloud, stage, httpStatus, message,
// hint}), bounded. The host carries only that message to the orchestrator; orchestrations/activityFailure.ts decodes it.
import { TerminalArmError } from '../../lib/clouds';
import { ArmOperationError } from '../../lib/errors';
import { ACTIVITY_FAILURE_PREFIX, type ActivityFailure } from '../contracts';
import { EventPublishError } from './eventPublishError';

/** Field bounds: a failure travels through history, custom status and logs, so it stays small. */
const MAX_CODE = 128;
const MAX_MESSAGE = 1000;
const MAX_HINT = 400;
/** The whole envelope; escapes can make JSON longer than its fields, so a message that overflows it is dropped. */
export const MAX_ACTIVITY_FAILURE_CHARS = 2048;

export class ActivityFailureError extends Error {
  override readonly name = 'ActivityFailureError';
  readonly failure: ActivityFailure;

  constructor(failure: ActivityFailure, cause?: unknown) {
    const bounded = boundedFailure(failure);
    super(encodeActivityFailure(bounded));
    this.failure = bounded;
    // Keep where it really happened: the frames of the original error under this message.
    const frames = cause instanceof Error ? cause.stack?.split('\n').slice(1).join('\n') : undefined;
    if (frames) this.stack = `${this.name}: ${this.message}\n${frames}`;
  }
}

/** What a thrown error says, as an ActivityFailure: typed errors keep their fields, anything else its name. */
export function activityFailureOf(error: unknown): ActivityFailure {
  if (error instanceof ActivityFailureError) return error.failure;
  if (error instanceof ArmOperationError) {
    return withOptional(
      { code: error.code, cloud: error.cloud, stage: error.stage, hint: error.hint },
      { httpStatus: error.httpStatus, armMessage: error.armMessage, retryAfterSeconds: error.retryAfterSeconds },
    );
  }
  if (error instanceof TerminalArmError) {
    const { code, cloud, stage, httpStatus, armMessage, hint } = error.details;
    return withOptional({ code, cloud, stage, ...(hint !== undefined ? { hint } : {}) }, { httpStatus, armMessage });
  }
  if (error instanceof EventPublishError) {
    return withOptional(
      { code: error.code, message: error.message },
      { httpStatus: error.httpStatus, retryAfterSeconds: error.retryAfterSeconds },
    );
  }
  if (error instanceof Error) return { code: error.name || 'Error', message: error.message };
  return { code: 'UnknownError', message: String(error) };
}

/**
 * Whatever `error` is, the error an activity throws for it. `clockScale` is task hub time per wall time (1 on Azure):
 * a Retry-After is wall seconds to the SDK that read it, and the orchestration waits it out on the task hub's clock.
 */
export function toActivityFailureError(error: unknown, clockScale = 1): ActivityFailureError {
  if (error instanceof ActivityFailureError) return error;
  const failure = activityFailureOf(error);
  const wait = failure.retryAfterSeconds;
  return new ActivityFailureError(
    wait === undefined ? failure : { ...failure, retryAfterSeconds: wait * clockScale },
    error,
  );
}

export function encodeActivityFailure(failure: ActivityFailure): string {
  const bounded = boundedFailure(failure);
  const json = JSON.stringify(bounded);
  if (json.length <= MAX_ACTIVITY_FAILURE_CHARS) return `${ACTIVITY_FAILURE_PREFIX}${json}`;
  const { message: _dropped, ...rest } = bounded;
  return `${ACTIVITY_FAILURE_PREFIX}${JSON.stringify(rest)}`;
}

function withOptional(
  failure: ActivityFailure,
  extra: { httpStatus?: number | undefined; armMessage?: string | undefined; retryAfterSeconds?: number | undefined },
): ActivityFailure {
  return {
    ...failure,
    ...(extra.httpStatus !== undefined ? { httpStatus: extra.httpStatus } : {}),
    ...(extra.armMessage !== undefined ? { message: extra.armMessage } : {}),
    ...(extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: extra.retryAfterSeconds } : {}),
  };
}

function boundedFailure(failure: ActivityFailure): ActivityFailure {
  return {
    code: clip(failure.code, MAX_CODE),
    ...(failure.cloud !== undefined ? { cloud: failure.cloud } : {}),
    ...(failure.stage !== undefined ? { stage: failure.stage } : {}),
    ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
    ...(failure.message !== undefined ? { message: clip(failure.message, MAX_MESSAGE) } : {}),
    ...(failure.hint !== undefined ? { hint: clip(failure.hint, MAX_HINT) } : {}),
    ...(isWait(failure.retryAfterSeconds) ? { retryAfterSeconds: failure.retryAfterSeconds } : {}),
  };
}

function isWait(seconds: number | undefined): seconds is number {
  return seconds !== undefined && Number.isFinite(seconds) && seconds >= 0;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
