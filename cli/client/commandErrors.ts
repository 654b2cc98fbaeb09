// Turns whatever stopped a command into its exit code and a one-line message: bad usage or input (a refused plan,
// a refused key, no URL) is 2; anything that failed on the way or on the server (unreachable, 5xx, 404) is 1.
import { EXIT_FAILED, EXIT_USAGE } from '../exitCodes';
import { ApiUnreachableError } from './apiClient';
import { ApiStatusError } from './apiStatusError';
import { ApiShapeError } from './apiTypes';
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

export function messageFor(error: unknown): string {
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
export function jsonFor(error: unknown): Record<string, unknown> {
  if (error instanceof ApiStatusError) {
    return {
      error: { code: error.code, message: error.message, httpStatus: error.status },
      ...(error.errors.length > 0 ? { errors: error.errors } : {}),
    };
  }
  const code = error instanceof Error ? error.name : 'Error';
  return { error: { code, message: messageFor(error) } };
}
