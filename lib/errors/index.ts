// Typed errors of the workflow, one class per file; callers classify by class or `name`, never by message text.
export { PlanValidationError } from './planValidationError';
export { ArmOperationError, type ArmOperationErrorDetails } from './armOperationError';
export {
  TunnelNotConnectedError,
  type TunnelDiagnosis,
  type TunnelNotConnectedDetails,
} from './tunnelNotConnectedError';
export { StageTimeoutError, type StageTimeoutDetails } from './stageTimeoutError';
export { hintForArmCode, isRetryableArmError } from './armErrorHints';
