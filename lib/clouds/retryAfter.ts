// The wait the last answer named: an SDK call's RestError keeps the response it gave up on, and ARM names the wait in
// Retry-After (seconds, or an HTTP date) or in retry-after-ms / x-ms-retry-after-ms, the headers core-rest-pipeline's
// own throttling policy honours. The SDK waits for it between its own attempts; once they are spent, the orchestration
// must wait for it too before it calls again.

/** Longest wait believed: a header asking for more than a day is a broken server, not advice. */
const MAX_RETRY_AFTER_SECONDS = 24 * 60 * 60;

/** Seconds (fractions kept) the error's response asked to wait, or undefined when it named no wait. */
export function retryAfterSecondsOf(error: unknown): number | undefined {
  const header = headerReader(error);
  if (!header) return undefined;
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(header(name));
    if (header(name) !== undefined && Number.isFinite(ms) && ms >= 0) return bounded(ms / 1000);
  }
  const value = header('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return bounded(Number(value));
  const at = Date.parse(value);
  if (!Number.isFinite(at)) return undefined;
  // An HTTP date is read against the answer's own Date header (the server's clock), else against ours.
  const sent = Date.parse(header('date') ?? '');
  return bounded(Math.max(0, (at - (Number.isFinite(sent) ? sent : Date.now())) / 1000));
}

function bounded(seconds: number): number {
  return Math.min(seconds, MAX_RETRY_AFTER_SECONDS);
}

/** RestError.response.headers (HttpHeaders, with get), or a plain header record; undefined when there is none. */
function headerReader(error: unknown): ((name: string) => string | undefined) | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const response = (error as { response?: unknown }).response;
  if (typeof response !== 'object' || response === null) return undefined;
  const headers = (response as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    return (name) => {
      const value: unknown = get.call(headers, name);
      return typeof value === 'string' ? value : undefined;
    };
  }
  return (name) => {
    const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
    return typeof entry?.[1] === 'string' ? entry[1] : undefined;
  };
}
