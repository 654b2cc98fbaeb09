// The error an orchestrator ends with. Its message leads with the code, cloud and stage so Durable's Failed output
// ("Orchestrator function '<name>' failed: <message>") names them; `failure` keeps them as data.
import type { FailureInfo } from './statusTypes';

export class WorkflowFailedError extends Error {
  override readonly name = 'WorkflowFailedError';
  readonly failure: FailureInfo;

  constructor(failure: FailureInfo) {
    super(describeFailure(failure));
    this.failure = failure;
  }
}

/** `<code> at <cloud>/<stage>: <message>`: a human sentence a program can still split. */
export function describeFailure(failure: FailureInfo): string {
  const where = [failure.cloud, failure.stage].filter((part) => part !== undefined).join('/');
  return `${failure.code}${where ? ` at ${where}` : ''}: ${failure.message}`;
}
