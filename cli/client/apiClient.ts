// HTTP client of the connections API (`/api/connections...`) with the function key in x-functions-key. It returns
// status + parsed body and leaves the meaning of each status to the commands; it never logs the key or a body.
import type { Target } from './resolveTarget';

export interface ApiResponse {
  status: number;
  /** Parsed JSON, or the raw text when the body is not JSON, or undefined when empty. */
  body: unknown;
  headers: Headers;
}

/** The app could not be reached at all (refused, DNS, TLS, timeout): exit 1, like a 5xx. */
export class ApiUnreachableError extends Error {
  override readonly name = 'ApiUnreachableError';
  constructor(
    readonly url: string,
    reason: string,
    /** The system's code for it (ECONNREFUSED, ENOTFOUND, a TLS code, ETIMEDOUT), when there is one. */
    readonly code?: string,
  ) {
    super(`cannot reach ${url}: ${reason}`);
  }
}

export const API_PREFIX = '/api/connections';
const REQUEST_TIMEOUT_MS = 30_000;

export class ConnectionsClient {
  constructor(private readonly target: Pick<Target, 'url' | 'key'>) {}

  /** The API path of one connection (also the base of its status page). */
  connectionPath(name: string): string {
    return `${API_PREFIX}/${encodeURIComponent(name)}`;
  }

  /** The status page's URL, without the key (the user adds ?code= themselves: keys are never printed). */
  viewUrl(name: string): string {
    return `${this.target.url}${this.connectionPath(name)}/view`;
  }

  start(planBody: string): Promise<ApiResponse> {
    return this.request('POST', API_PREFIX, planBody);
  }

  /** What a run of this plan would find and change (`POST ?preview=true`): nothing is started or written. */
  preview(planBody: string): Promise<ApiResponse> {
    return this.request('POST', `${API_PREFIX}?preview=true`, planBody);
  }

  /** What a teardown would delete now (`DELETE ?preview=true`): nothing is deleted. */
  previewDelete(name: string): Promise<ApiResponse> {
    return this.request('DELETE', `${this.connectionPath(name)}?preview=true`);
  }

  /** `live`: also the resources and tunnel as ARM reads them now (`?live=true`). */
  get(name: string, options: { live?: boolean } = {}): Promise<ApiResponse> {
    return this.request('GET', `${this.connectionPath(name)}${options.live === true ? '?live=true' : ''}`);
  }

  list(continuationToken?: string): Promise<ApiResponse> {
    const query = continuationToken === undefined ? '' : `?continuationToken=${encodeURIComponent(continuationToken)}`;
    return this.request('GET', `${API_PREFIX}${query}`);
  }

  delete(name: string): Promise<ApiResponse> {
    return this.request('DELETE', this.connectionPath(name));
  }

  /** Starts a rotation of the connection's shared key (no body). */
  /** `site`: one site of a fleet (`?site=`); without it, every site in turn. */
  rotateKey(name: string, site?: string): Promise<ApiResponse> {
    const query = site === undefined ? '' : `?site=${encodeURIComponent(site)}`;
    return this.request('POST', `${this.connectionPath(name)}/rotate-key${query}`);
  }

  private async request(method: string, path: string, body?: string): Promise<ApiResponse> {
    const url = `${this.target.url}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'x-functions-key': this.target.key,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw unreachable(this.target.url, error);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw unreachable(this.target.url, error);
    }
    return { status: response.status, body: parseBody(text), headers: response.headers };
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** fetch hides the useful part (ECONNREFUSED ...) in `cause`. Duck-typed: errors may come from another realm. */
function unreachable(url: string, error: unknown): ApiUnreachableError {
  const outer = errorLike(error);
  if (!outer) return new ApiUnreachableError(url, String(error));
  if (outer.name === 'TimeoutError') {
    return new ApiUnreachableError(url, `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`, 'ETIMEDOUT');
  }
  const cause = errorLike(outer.cause);
  if (cause)
    return new ApiUnreachableError(url, cause.code ? `${cause.code} (${cause.message})` : cause.message, cause.code);
  return new ApiUnreachableError(url, outer.message, outer.code);
}

interface ErrorLike {
  name?: string;
  message: string;
  code?: string;
  cause?: unknown;
}

function errorLike(value: unknown): ErrorLike | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.message !== 'string') return undefined;
  return {
    message: record.message,
    ...(typeof record.name === 'string' ? { name: record.name } : {}),
    ...(typeof record.code === 'string' ? { code: record.code } : {}),
    cause: record.cause,
  };
}
