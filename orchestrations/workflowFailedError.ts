// The error an orchestrator ends with. Its message leads with the code, cloud and stage so Durable's Failed output
// ("Orchestrator function '<name>' failed: <message>") names them; `failure` keeps them as data, and `failures`
// every failure when parallel work failed in more than one place (both clouds, say).
import type { FailureInfo } from '../lib/api/connectionStatus';
import { eventCloudOf } from '../lib/events';

export class WorkflowFailedError extends Error {
  override readonly name = 'WorkflowFailedError';
  /** The first failure, in call order (the one `error` shows). */
  readonly failure: FailureInfo;
  /** All of them, the first one first. */
  readonly failures: readonly FailureInfo[];

  constructor(failure: FailureInfo, also: readonly FailureInfo[] = []) {
    super(describeFailures([failure, ...also]));
    this.failure = failure;
    this.failures = [failure, ...also];
  }
}

/**
 * `<code> at <cloud>/<stage>: <message>`: a human sentence a program can still split. A failure about one site of a
 * fleet says `<cloud>-<site>` (as event ids do); the site azurestack's read as before fleets.
 */
export function describeFailure(failure: FailureInfo): string {
  return `${headOf(failure)}: ${failure.message}`;
}

/** The first failure described, then the others' code and place: `... (also: <code> at <cloud>/<stage>)`. */
function describeFailures([first, ...others]: readonly FailureInfo[]): string {
  if (first === undefined) return '';
  return others.length === 0
    ? describeFailure(first)
    : `${describeFailure(first)} (also: ${others.map(headOf).join('; ')})`;
}

function headOf(failure: FailureInfo): string {
  const cloud = failure.cloud !== undefined ? eventCloudOf(failure.cloud, failure.site) : undefined;
  const where = [cloud, failure.stage].filter((part) => part !== undefined).join('/');
  return `${failure.code}${where ? ` at ${where}` : ''}`;
}
