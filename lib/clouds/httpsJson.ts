// One anonymous HTTPS GET that returns parsed JSON, for the ARM metadata endpoint (no SDK client covers it), sent
// through the Azure SDK's own pipeline so it goes where the SDK calls go: the same proxy (HTTPS_PROXY, NO_PROXY),
// retries, User-Agent and configured CA. The pipeline has no authentication policy: no credential is ever sent.
import {
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  proxyPolicy,
  proxyPolicyName,
  type HttpClient,
  type PipelineResponse,
} from '@azure/core-rest-pipeline';
import { proxyEnvironment, type ProxyEnvironment } from './proxyEnvironment';
import type { TrustOptions } from './trustedCa';
import { trustedCaPolicy } from './trustedClientOptions';
import { USER_AGENT_PREFIX } from './userAgent';

export class HttpsJsonError extends Error {
  override readonly name = 'HttpsJsonError';
  /** HTTP status, or undefined for a transport failure. */
  readonly statusCode: number | undefined;
  /** Node's error code for transport failures (ECONNRESET, ETIMEDOUT ...). */
  readonly code: string | undefined;

  constructor(message: string, statusCode?: number, code?: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export interface GetJsonOptions {
  /** For the whole GET, retries included. */
  timeoutMs?: number;
  /** Default: read from the environment now (see proxyEnvironment.ts). */
  proxy?: ProxyEnvironment;
}

/** Retries of a failed attempt (5xx, 429, resets): a few, since the activity itself is retried too. */
const MAX_RETRIES = 2;

let httpClient: HttpClient | undefined;

export async function getJson(
  url: string,
  trust: TrustOptions | undefined,
  options: GetJsonOptions = {},
): Promise<unknown> {
  const { timeoutMs = 30_000, proxy = proxyEnvironment() } = options;
  const pipeline = createPipelineFromOptions({
    retryOptions: { maxRetries: MAX_RETRIES },
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
    // A redirect would send the GET to a host nobody configured; a 3xx is reported like any other status.
    redirectOptions: { maxRetries: 0 },
  });
  pipeline.removePolicy({ name: proxyPolicyName });
  pipeline.addPolicy(proxyPolicy(proxy.settings, { customNoProxyList: proxy.noProxy }));
  // The configured CA, on a direct connection and inside a proxy's CONNECT tunnel (see trustedClientOptions.ts).
  if (trust) pipeline.addPolicy(trustedCaPolicy(trust));
  const request = createPipelineRequest({
    url,
    method: 'GET',
    headers: createHttpHeaders({ accept: 'application/json' }),
    // Not `timeout`: core-rest-pipeline leaves that timer running after a failed attempt (keeping a process alive
    // for its length); AbortSignal.timeout's timer never holds the process.
    abortSignal: AbortSignal.timeout(timeoutMs),
  });
  httpClient ??= createDefaultHttpClient();
  let response: PipelineResponse;
  try {
    response = await pipeline.sendRequest(httpClient, request);
  } catch (error) {
    throw transportError(url, error);
  }
  const status = response.status;
  if (status < 200 || status >= 300) throw new HttpsJsonError(`GET ${url} answered HTTP ${status}`, status);
  try {
    return JSON.parse(response.bodyAsText ?? '') as unknown;
  } catch {
    throw new HttpsJsonError(`GET ${url} did not answer JSON`, status);
  }
}

/** The SDK's RestError (or its AbortError on our timeout) as the typed error callers classify. */
function transportError(url: string, error: unknown): HttpsJsonError {
  const fields = typeof error === 'object' && error !== null ? (error as { name?: unknown; code?: unknown }) : {};
  const message = error instanceof Error ? error.message : String(error);
  // Nothing else aborts this request: an AbortError is the timeout.
  if (fields.name === 'AbortError') return new HttpsJsonError(`GET ${url} timed out`, undefined, 'ETIMEDOUT');
  return new HttpsJsonError(message, undefined, typeof fields.code === 'string' ? fields.code : undefined);
}
