// Turns whatever stopped a run (a terminal activity result, a timeout, retries that ran out, a bug) into one
// FailureInfo naming cloud, stage and code, from typed data only: classes, results and the activity failure
// envelope, never the wording of a message. Pure: never reads the clock, never logs.
import type { FailureInfo } from '../lib/api/connectionStatus';
import type { ArmOperationErrorDetails } from '../lib/errors';
import { ArmOperationError, StageTimeoutError, TunnelNotConnectedError, hintForArmCode } from '../lib/errors';
import type { ActivityFailure } from '../activities/contracts';
import type { CloudId } from '../lib/cloudIds';
import type { Stage } from '../lib/stages';
import { decodeActivityFailure } from './activityFailure';
import { WorkflowFailedError } from './workflowFailedError';

/** Where the run was when the error surfaced; used when the error itself does not say. */
export interface FailureSite {
  cloud?: CloudId;
  stage?: Stage;
}

/** Longest message kept: custom status must stay small and ARM messages can be long. */
const MAX_MESSAGE_LENGTH = 1000;

export function failureFromArmDetails(details: ArmOperationErrorDetails): FailureInfo {
  const error = new ArmOperationError(details);
  return {
    code: error.code,
    message: clip(error.message),
    cloud: error.cloud,
    stage: error.stage,
    ...(error.httpStatus !== undefined ? { httpStatus: error.httpStatus } : {}),
    hint: error.hint,
  };
}

/** Every failure `error` carries, never none: all of a WorkflowFailedError's (parallel work can fail twice). */
export function failuresOf(error: unknown, site: FailureSite = {}): [FailureInfo, ...FailureInfo[]] {
  return error instanceof WorkflowFailedError ? [error.failure, ...error.failures.slice(1)] : [failureOf(error, site)];
}

export function failureOf(error: unknown, site: FailureSite = {}): FailureInfo {
  if (error instanceof WorkflowFailedError) return error.failure;
  if (error instanceof ArmOperationError) return failureFromArmDetails(error);
  if (error instanceof StageTimeoutError) {
    return {
      code: error.name,
      message: clip(error.message),
      cloud: error.cloud,
      stage: error.stage,
      hint: error.hint,
    };
  }
  if (error instanceof TunnelNotConnectedError) {
    // A tunnel is both clouds' business: no single cloud is blamed.
    return {
      code: error.name,
      message: clip(error.message),
      stage: 'tunnel',
      hint: error.hint,
      diagnosis: error.diagnosis,
    };
  }
  const thrown = decodeActivityFailure(error);
  if (thrown) return failureFromActivity(thrown, site);
  // No envelope: not an activity's failure (a failed sub-orchestration, a bug), or one recorded before envelopes.
  if (error instanceof Error)
    return withSite({ code: 'ActivityFailed', message: clip(firstLine(error.message)) }, site);
  return withSite({ code: 'UnexpectedError', message: clip(String(error)) }, site);
}

/**
 * A failure an activity threw (retries ran out), decoded from its envelope. With cloud and stage known it reads
 * exactly like a terminal {ok:false} failure; the call site names them when the activity did not.
 */
function failureFromActivity(thrown: ActivityFailure, site: FailureSite): FailureInfo {
  const cloud = thrown.cloud ?? site.cloud;
  const stage = thrown.stage ?? site.stage;
  const details = {
    code: thrown.code,
    ...(thrown.httpStatus !== undefined ? { httpStatus: thrown.httpStatus } : {}),
    ...(thrown.message !== undefined ? { armMessage: thrown.message } : {}),
    ...(thrown.hint !== undefined ? { hint: thrown.hint } : {}),
  };
  if (cloud !== undefined && stage !== undefined) return failureFromArmDetails({ cloud, stage, ...details });
  return {
    code: thrown.code,
    message: clip(thrown.message ?? thrown.code),
    ...(cloud !== undefined ? { cloud } : {}),
    ...(stage !== undefined ? { stage } : {}),
    ...(thrown.httpStatus !== undefined ? { httpStatus: thrown.httpStatus } : {}),
    hint: thrown.hint ?? hintForArmCode(thrown.code, thrown.httpStatus),
  };
}

/** Durable JS joins a failure's reason and details with ' \n ': the reason is the part worth showing. */
function firstLine(message: string): string {
  return message.split(' \n ')[0] ?? message;
}

function withSite(failure: FailureInfo, site: FailureSite): FailureInfo {
  return {
    ...failure,
    ...(site.cloud !== undefined && failure.cloud === undefined ? { cloud: site.cloud } : {}),
    ...(site.stage !== undefined && failure.stage === undefined ? { stage: site.stage } : {}),
  };
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}
