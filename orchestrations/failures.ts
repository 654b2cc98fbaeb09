// Turns whatever stopped a run (a terminal activity result, a timeout, retries that ran out, a bug) into one
// FailureInfo naming cloud, stage and code. Pure: never reads the clock, never logs.
import type { ArmOperationErrorDetails } from '../lib/errors';
import {
  ArmOperationError,
  PlanValidationError,
  StageTimeoutError,
  TunnelNotConnectedError,
  hintForArmCode,
} from '../lib/errors';
import type { CloudId } from '../lib/cloudIds';
import { isStage, type Stage } from '../lib/stages';
import type { FailureInfo } from './statusTypes';
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
    return { code: error.name, message: clip(error.message), stage: 'tunnel', diagnosis: error.diagnosis };
  }
  if (error instanceof PlanValidationError) return { code: error.name, message: clip(error.message) };
  if (error instanceof Error) return activityFailure(error.message, site);
  return withSite({ code: 'UnexpectedError', message: clip(String(error)) }, site);
}

/**
 * An activity that kept throwing until its retries ran out reaches the orchestrator as
 * `Activity function '<name>' failed: <message> \n <details>`. Our activities throw ArmOperationError, whose message
 * reads `<cloud> <stage> failed with <code> (HTTP <status>)`, so the code is recovered from the text when present.
 */
function activityFailure(rawMessage: string, site: FailureSite): FailureInfo {
  const firstLine = rawMessage.split(' \n ')[0] ?? rawMessage;
  const message = firstLine.replace(/^(Activity|Orchestrator) function '[^']*' failed: /, '');
  const arm = /(?:(?:^|\s)(azureStack|azure) ([a-zA-Z]+) )?failed with ([A-Za-z][A-Za-z0-9_.]*)/.exec(message);
  const status = /\(HTTP (\d{3})\)/.exec(message)?.[1];
  const httpStatus = status !== undefined ? Number(status) : undefined;
  if (!arm?.[3]) return withSite({ code: 'ActivityFailed', message: clip(message) }, site);
  const code = arm[3];
  const cloud = arm[1] as CloudId | undefined;
  const stage = isStage(arm[2]) ? arm[2] : undefined;
  return withSite(
    {
      code,
      message: clip(message),
      ...(cloud !== undefined ? { cloud } : {}),
      ...(stage !== undefined ? { stage } : {}),
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      hint: hintForArmCode(code, httpStatus),
    },
    site,
  );
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
