// Calls activities with their retry policy and unwraps their ActivityResult: a terminal failure ({ok:false}) ends
// the run at once with cloud, stage and code; a retryable one (thrown) was already retried by settleAll, each retry
// after a durable timer at least as long as the Retry-After its last answer named, before it arrives.
// Inputs and results are typed by the contract's ActivitySignatures, so a wrong input does not compile.
import type * as df from 'durable-functions';
import type { ActivityResult, ActivitySignatures, StartedResourceRef } from '../activities/contracts';
import type { FailureInfo } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import type { Stage } from '../lib/stages';
import { failureFromArmDetails, failureOf, failuresOf } from './failures';
import type { Orchestration } from './orchestrationTypes';
import { ARM_READ_RETRY, ARM_WRITE_RETRY } from './retryPolicies';
import { settleAll, type RetriedCall, type Settled } from './settleAll';
import { WorkflowFailedError } from './workflowFailedError';

export interface CallSite {
  cloud: CloudId;
  stage: Stage;
}

export type ActivityKey = keyof ActivitySignatures;
export type ActivityInput<N extends ActivityKey> = ActivitySignatures[N]['input'];
/** What an activity yields once unwrapped: T of its ActivityResult<T>. */
export type ActivityValue<N extends ActivityKey> =
  ActivitySignatures[N]['result'] extends ActivityResult<infer T> ? T : never;

/** One call of a parallel step: built with `armCall` so its input is checked against the contract. */
export interface ArmCall<T> {
  name: ActivityKey;
  input: unknown;
  site: CallSite;
  /** Phantom: the unwrapped result type. */
  readonly _value?: T;
}

export function armCall<N extends ActivityKey>(
  name: N,
  input: ActivityInput<N>,
  site: CallSite,
): ArmCall<ActivityValue<N>> {
  return { name, input, site };
}

/**
 * The value of an activity's ActivityResult (every contract returns one). {ok:false} becomes a WorkflowFailedError
 * carrying the activity's cloud, stage and code; anything that is no ActivityResult fails the run as such.
 */
export function unwrapActivityResult<T>(raw: unknown, site: CallSite): T {
  if (!isActivityResult(raw)) {
    throw new WorkflowFailedError({
      ...site,
      code: 'InvalidActivityResult',
      message: 'the activity answered something that is not an ActivityResult ({ok, value} or {ok, error})',
      hint: 'the app and its activities disagree on the contract: deploy them together, then rerun',
    });
  }
  // The activity names its cloud and stage; the call site fills them in should it not.
  if (!raw.ok) throw new WorkflowFailedError(failureFromArmDetails({ ...site, ...raw.error }));
  return raw.value as T;
}

export function isActivityResult(raw: unknown): raw is ActivityResult<unknown> {
  if (typeof raw !== 'object' || raw === null || !('ok' in raw)) return false;
  const ok = raw.ok;
  if (ok === true) return 'value' in raw;
  return ok === false && 'error' in raw && typeof (raw as { error: unknown }).error === 'object';
}

/** The begin activity's operation handle, handed to the state reads so a Failed resource reports ARM's own code. */
export function operationOf(started: StartedResourceRef): { operation?: string } {
  return started.operation !== undefined ? { operation: started.operation } : {};
}

/** An ARM write with the write retry policy, for settleAll (alone or beside other calls). */
export function armWriteTask<N extends ActivityKey>(
  _context: df.OrchestrationContext,
  name: N,
  input: ActivityInput<N>,
): RetriedCall {
  return { activity: name, input, retry: ARM_WRITE_RETRY };
}

/** An ARM read (a monitor's poll) with the read retry policy, for settleAll. */
export function armReadTask<N extends ActivityKey>(
  _context: df.OrchestrationContext,
  name: N,
  input: ActivityInput<N>,
): RetriedCall {
  return { activity: name, input, retry: ARM_READ_RETRY };
}

/** One ARM write: retried, unwrapped, and any failure re-thrown as a WorkflowFailedError naming where it happened. */
export function* callArmWrite<N extends ActivityKey>(
  context: df.OrchestrationContext,
  name: N,
  input: ActivityInput<N>,
  site: CallSite,
): Orchestration<ActivityValue<N>> {
  const [settled] = yield* settleAll(context, [armWriteTask(context, name, input)]);
  return settledValue<ActivityValue<N>>(settled, site);
}

/**
 * Two ARM writes in parallel (one per cloud, or two branches of a site), each unwrapped; both settle first. When
 * both fail, both failures are reported, in call order whichever finished first, so replays and reruns agree.
 */
export function* callArmWritesInParallel<A, B>(
  context: df.OrchestrationContext,
  first: ArmCall<A>,
  second: ArmCall<B>,
): Orchestration<[A, B]> {
  const { values, failures } = yield* callArmWritesSettled(context, first, second);
  const [failure, ...also] = failures;
  if (failure) throw new WorkflowFailedError(failure, also);
  return values as [A, B];
}

/** callArmWritesInParallel that hands back what did succeed next to the failures, for a caller that must know. */
export function* callArmWritesSettled<A, B>(
  context: df.OrchestrationContext,
  first: ArmCall<A>,
  second: ArmCall<B>,
): Orchestration<{ values: [A | undefined, B | undefined]; failures: FailureInfo[] }> {
  const [a, b] = yield* settleAll(context, [
    { activity: first.name, input: first.input, retry: ARM_WRITE_RETRY },
    { activity: second.name, input: second.input, retry: ARM_WRITE_RETRY },
  ]);
  const failures: FailureInfo[] = [];
  const valueOf = <T>(settled: Settled | undefined, site: CallSite): T | undefined => {
    try {
      return settledValue<T>(settled, site);
    } catch (error) {
      failures.push(...failuresOf(error, site));
      return undefined;
    }
  };
  return { values: [valueOf<A>(a, first.site), valueOf<B>(b, second.site)], failures };
}

/** The value of a settled ARM call (one of a settleAll); any failure thrown as a WorkflowFailedError naming `site`. */
export function settledValue<T>(settled: Settled | undefined, site: CallSite): T {
  if (!settled) throw new WorkflowFailedError(failureOf(new Error('a parallel call produced no result'), site));
  if (!settled.ok) throw new WorkflowFailedError(failureOf(settled.error, site));
  return unwrapActivityResult<T>(settled.value, site);
}
