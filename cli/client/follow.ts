// Follows one connection by polling `GET /api/connections/{name}` until a condition holds (the run or the teardown
// ended). It rides out short outages (a restarting host, a 5xx) and gives up after a run of failures. Waiting is
// injectable so tests and the TTY ticker control time.
import { ApiUnreachableError, type ConnectionsClient } from './apiClient';
import { ApiStatusError } from './apiStatusError';
import { parseConnectionView, type ConnectionView } from './apiTypes';

export interface FollowOptions {
  intervalMs: number;
  /** True when following should stop (checked after every answer). */
  until: (view: ConnectionView) => boolean;
  onView: (view: ConnectionView, body: unknown) => void;
  /** Called for a failed poll that will be retried. */
  onRetry?: (error: Error, attempt: number) => void;
  /** Consecutive failed polls tolerated before giving up (default 10). */
  maxConsecutiveFailures?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface Followed {
  view: ConnectionView;
  /** The last answer as the server sent it (for --json). */
  body: unknown;
}

export async function fetchConnection(
  client: ConnectionsClient,
  name: string,
  options: { live?: boolean } = {},
): Promise<Followed> {
  const response = await client.get(name, options);
  if (response.status !== 200) throw new ApiStatusError(response, `status of ${name}`);
  return { view: parseConnectionView(response.body), body: response.body };
}

export async function follow(client: ConnectionsClient, name: string, options: FollowOptions): Promise<Followed> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxFailures = options.maxConsecutiveFailures ?? 10;
  let failures = 0;
  for (;;) {
    let answer: Followed | undefined;
    try {
      answer = await fetchConnection(client, name);
      failures = 0;
    } catch (error) {
      if (!isTransient(error) || ++failures >= maxFailures) throw error;
      options.onRetry?.(error as Error, failures);
    }
    if (answer) {
      options.onView(answer.view, answer.body);
      if (options.until(answer.view)) return answer;
    }
    // Back off while the server is in trouble; poll at the normal pace otherwise.
    await sleep(failures > 0 ? Math.min(options.intervalMs * 2 ** failures, 30_000) : options.intervalMs);
  }
}

function isTransient(error: unknown): boolean {
  if (error instanceof ApiUnreachableError) return true;
  return error instanceof ApiStatusError && (error.status >= 500 || error.status === 429);
}
