// Small ARM helpers the activities share: read-or-undefined on 404, typed terminal and retryable failures raised
// from inside an armCall, and the provisioning-state vocabulary.
import { classifyArmError, isNotFound, TerminalArmError, TransientArmError, type ErrorSite } from '../../lib/clouds';

/** What a state read reports: ARM's Succeeded (also for a resource without provisioningState), or NotFound for a 404. */
export const SUCCEEDED = 'Succeeded';
export const NOT_FOUND = 'NotFound';

/** ARM's terminal states; anything else (Updating, Creating, Deleting ...) is still running. */
export function isTerminalState(state: string | undefined): boolean {
  return state === undefined || ['succeeded', 'failed', 'canceled'].includes(state.toLowerCase());
}

export function isFailedState(state: string | undefined): boolean {
  return state !== undefined && ['failed', 'canceled'].includes(state.toLowerCase());
}

export function isSucceededState(state: string | undefined): boolean {
  // ARM: a resource without provisioningState counts as Succeeded.
  return state === undefined || state.toLowerCase() === 'succeeded';
}

/** The GET's result, or undefined when ARM says 404 (the resource, or its group, is not there). */
export async function getOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** A failure no retry fixes (raised inside armCall, which returns it as {ok:false}). */
export function terminalError(site: ErrorSite, code: string, message: string, hint: string): TerminalArmError {
  return new TerminalArmError({ ...site, code, armMessage: message, hint });
}

/** A condition that clears by itself, e.g. a write still running (raised inside armCall, which throws it on). */
export function busyError(site: ErrorSite, what: string, state: string): TransientArmError {
  return new TransientArmError({
    ...site,
    code: 'AnotherOperationInProgress',
    armMessage: `${what} is ${state}`,
    hint: 'another write on the same resource is running; it is retried automatically',
  });
}

/** Same members, any order, case-insensitive (ARM normalises neither order nor case of prefixes). */
export function sameSet(a: readonly string[] | undefined, b: readonly string[]): boolean {
  const left = new Set((a ?? []).map((x) => x.toLowerCase()));
  const right = new Set(b.map((x) => x.toLowerCase()));
  return left.size === right.size && [...left].every((x) => right.has(x));
}

/** How long quick writes (RG, VNet, PIP, NIC, LGW) poll between status reads inside an activity. */
export const QUICK_LRO_OPTIONS = { updateIntervalInMs: 1000 };

/** Runs `work` and re-raises its failure already classified for `site`, so a caller spanning clouds names the right one. */
export async function withinSite<T>(
  site: ErrorSite,
  work: () => Promise<T>,
  secrets: readonly string[] = [],
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const classified = classifyArmError(error, site, secrets);
    throw classified.retryable ? new TransientArmError(classified.details) : new TerminalArmError(classified.details);
  }
}
