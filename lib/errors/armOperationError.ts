// An ARM call that failed for good: names the cloud, stage, ARM code and HTTP status, and says what to do.
import type { CloudId } from '../cloudIds';
import type { Stage } from '../stages';
import { hintForArmCode, isRetryableArmError } from './armErrorHints';

export interface ArmOperationErrorDetails {
  cloud: CloudId;
  stage: Stage;
  /** ARM's error code (`error.code`), e.g. QuotaExceeded. */
  code: string;
  httpStatus?: number;
  /** ARM's own message; never contains request bodies or keys. */
  armMessage?: string;
  /** What to do; defaults to the hint for `code`. */
  hint?: string;
  /** Seconds the last answer asked to wait before the next request (its Retry-After), when it named a wait. */
  retryAfterSeconds?: number;
}

export class ArmOperationError extends Error {
  override readonly name = 'ArmOperationError';
  readonly cloud: CloudId;
  readonly stage: Stage;
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly armMessage: string | undefined;
  readonly hint: string;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(details: ArmOperationErrorDetails) {
    const hint = details.hint ?? hintForArmCode(details.code, details.httpStatus);
    const status = details.httpStatus !== undefined ? ` (HTTP ${details.httpStatus})` : '';
    const arm = details.armMessage ? `: ${details.armMessage.replace(/\.+$/, '')}` : '';
    super(`${details.cloud} ${details.stage} failed with ${details.code}${status}${arm}. ${capitalise(hint)}.`);
    this.cloud = details.cloud;
    this.stage = details.stage;
    this.code = details.code;
    this.httpStatus = details.httpStatus;
    this.armMessage = details.armMessage;
    this.hint = hint;
    this.retryable = isRetryableArmError(details.code, details.httpStatus);
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  toJSON(): ArmOperationErrorDetails & { name: string; message: string; retryable: boolean } {
    return {
      name: this.name,
      message: this.message,
      cloud: this.cloud,
      stage: this.stage,
      code: this.code,
      ...(this.httpStatus !== undefined ? { httpStatus: this.httpStatus } : {}),
      ...(this.armMessage !== undefined ? { armMessage: this.armMessage } : {}),
      hint: this.hint,
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
      retryable: this.retryable,
    };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
