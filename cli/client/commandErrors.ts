// Turns whatever stopped a command into its exit code and a one-line message: bad usage or input (a refused plan,
// a refused key, no URL) is 2; anything that failed on the way or on the server (unreachable, 5xx, 404) is 1.
// Messages name where the URL or key came from (never the key) and what to do.
import { EXIT_FAILED, EXIT_USAGE } from '../exitCodes';
import { ApiUnreachableError } from './apiClient';
import { ApiStatusError } from './apiStatusError';
import { ApiShapeError } from './apiTypes';
import { refusedMessage, unreachableMessage, type TargetSource } from './connectionHints';
import { TargetResolutionError } from './resolveTarget';

export function exitCodeFor(error: unknown): number {
  if (error instanceof TargetResolutionError) return EXIT_USAGE;
  if (error instanceof ApiStatusError) {
    return error.status === 400 || error.status === 401 || error.status === 403 || error.status === 413
      ? EXIT_USAGE
      : EXIT_FAILED;
  }
  return EXIT_FAILED;
}

/** The message for `error`; `target`, when the URL and key were resolved, lets it name their sources. */
export function messageFor(error: unknown, target?: TargetSource): string {
  if (error instanceof ApiUnreachableError) return unreachableMessage(error, target);
  if (error instanceof ApiStatusError && (error.status === 401 || error.status === 403)) {
    return refusedMessage(error, target);
  }
  if (
    error instanceof TargetResolutionError ||
    error instanceof ApiStatusError ||
    error instanceof ApiUnreachableError ||
    error instanceof ApiShapeError
  ) {
    return error.message;
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The machine form of a failure for --json: `{"error":{"code","message"}}`, plus `errors` for a 400. */
export function jsonFor(error: unknown, target?: TargetSource): Record<string, unknown> {
  if (error instanceof ApiStatusError) {
    return {
      error: { code: error.code, message: messageFor(error, target), httpStatus: error.status },
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    };
  }
  const code = error instanceof Error ? error.name : 'Error';
  return { error: { code, message: messageFor(error, target) } };
}
