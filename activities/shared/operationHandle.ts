// Turns an SDK poller's serialised state into the small `operation` handle an activity may return: only the
// polling configuration survives (status, URLs, mode), never a response body, and never a secret.
import type { StartedPoller } from '../../lib/clouds';
import { isRecord } from '../../lib/json';

const MAX_HANDLE = 4096;

/**
 * The poller's state without `result`, raw responses or anything else that could hold a body (a connection's
 * 2018-11-01 PUT response echoes its shared key). Undefined when nothing safe is left or a secret slipped through.
 */
export function operationHandle(poller: StartedPoller | string, secrets: readonly string[] = []): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof poller === 'string' ? poller : poller.toString());
  } catch {
    return undefined;
  }
  const state = isRecord(parsed) ? parsed.state : undefined;
  if (!isRecord(state)) return undefined;
  const kept: Record<string, unknown> = {};
  for (const key of ['status', 'isStarted', 'isCompleted', 'isCancelled', 'config']) {
    if (key in state) kept[key] = state[key];
  }
  if (!isRecord(kept.config)) return undefined;
  const text = JSON.stringify({ state: kept });
  if (text.length > MAX_HANDLE || secrets.some((secret) => secret.length > 0 && text.includes(secret)))
    return undefined;
  return text;
}
