// A stage that did not finish by its deadline. The resources are kept, so the message says how to resume.
import type { CloudId } from '../cloudIds';
import type { Stage } from '../stages';

export interface StageTimeoutDetails {
  cloud: CloudId;
  stage: Stage;
  /** ISO 8601 time the stage had to be done by (orchestration time, not wall time). */
  deadline: string;
  /** The last state seen, e.g. provisioningState Updating. */
  lastState?: string;
}

export class StageTimeoutError extends Error {
  override readonly name = 'StageTimeoutError';
  readonly cloud: CloudId;
  readonly stage: Stage;
  readonly deadline: string;
  readonly lastState: string | undefined;
  /** What to do about it (the message's last part). */
  readonly hint: string;

  constructor(details: StageTimeoutDetails) {
    const last = details.lastState ? ` (last state: ${details.lastState})` : '';
    const knob = details.stage === 'gateway' ? 'raise options.gatewayTimeoutMinutes or ' : '';
    const hint = `${knob}check the resource in the portal, then rerun; what exists is adopted, not rebuilt.`;
    super(`${details.cloud} ${details.stage} did not finish by ${details.deadline}${last}: ${hint}`);
    this.cloud = details.cloud;
    this.stage = details.stage;
    this.deadline = details.deadline;
    this.lastState = details.lastState;
    this.hint = hint;
  }

  toJSON(): StageTimeoutDetails & { name: string; message: string } {
    return {
      name: this.name,
      message: this.message,
      cloud: this.cloud,
      stage: this.stage,
      deadline: this.deadline,
      ...(this.lastState !== undefined ? { lastState: this.lastState } : {}),
    };
  }
}
