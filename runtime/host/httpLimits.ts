// The host's HTTP limits: the body size (the option, else the Functions host's FUNCTIONS_REQUEST_BODY_SIZE_LIMIT app
// setting, else its 100 MB default), the header, request and keep-alive timeouts, and the minimum body data rate.
// Resolved once at start; a bad value is a HostConfigError, never silently replaced.
import { HostConfigError } from './errors';
import type { MinDataRate } from './requestBody';

export interface HttpLimits {
  maxRequestBodyBytes: number;
  /** Time to receive the request line and headers. */
  headersTimeoutMs: number;
  /** Time to receive the whole request, body included (the handler's run time does not count). */
  requestTimeoutMs: number;
  /** How long a kept-alive connection may sit idle between requests. */
  keepAliveTimeoutMs: number;
  /** undefined = bodies may arrive at any rate (within requestTimeoutMs). */
  minRequestBodyDataRate: MinDataRate | undefined;
}

/** The limits as startHost takes them; each one left out takes its default (DEFAULT_HTTP_LIMITS). */
export interface HttpLimitOptions {
  /** Bytes; default: the FUNCTIONS_REQUEST_BODY_SIZE_LIMIT app setting, else 104857600 (100 MB). */
  maxRequestBodyBytes?: number;
  /** Default 10 s. */
  headersTimeoutMs?: number;
  /** Default 30 s; must not be shorter than headersTimeoutMs. */
  requestTimeoutMs?: number;
  /** Default 5 s. */
  keepAliveTimeoutMs?: number;
  /** Default 240 bytes/s after 5 s; false = no rate check. */
  minRequestBodyDataRate?: MinDataRate | false;
}

/** The Functions host's app setting for the body limit, in bytes. */
export const BODY_SIZE_LIMIT_SETTING = 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT';

export const DEFAULT_HTTP_LIMITS: Readonly<HttpLimits> = Object.freeze({
  // The Functions host's default maxRequestBodySize (100 MB).
  maxRequestBodyBytes: 104_857_600,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  // Kestrel's MinRequestBodyDataRate default: 240 bytes/s after a 5 s grace period.
  minRequestBodyDataRate: Object.freeze({ bytesPerSecond: 240, gracePeriodMs: 5_000 }),
});

export function resolveHttpLimits(options: HttpLimitOptions, env: NodeJS.ProcessEnv): HttpLimits {
  const limits: HttpLimits = {
    maxRequestBodyBytes: bodyLimit(options.maxRequestBodyBytes, env),
    headersTimeoutMs: positive(options.headersTimeoutMs ?? DEFAULT_HTTP_LIMITS.headersTimeoutMs, 'headersTimeoutMs'),
    requestTimeoutMs: positive(options.requestTimeoutMs ?? DEFAULT_HTTP_LIMITS.requestTimeoutMs, 'requestTimeoutMs'),
    keepAliveTimeoutMs: positive(
      options.keepAliveTimeoutMs ?? DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs,
      'keepAliveTimeoutMs',
    ),
    minRequestBodyDataRate: dataRate(options.minRequestBodyDataRate),
  };
  // Node refuses a header timeout longer than the whole-request timeout; say so in our own words.
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new HostConfigError('headersTimeoutMs must not be longer than requestTimeoutMs');
  }
  return limits;
}

function bodyLimit(option: number | undefined, env: NodeJS.ProcessEnv): number {
  if (option !== undefined) return positive(option, 'maxRequestBodyBytes');
  const setting = env[BODY_SIZE_LIMIT_SETTING]?.trim();
  if (setting) return positive(Number(setting), BODY_SIZE_LIMIT_SETTING);
  return DEFAULT_HTTP_LIMITS.maxRequestBodyBytes;
}

function dataRate(option: MinDataRate | false | undefined): MinDataRate | undefined {
  if (option === false) return undefined;
  if (option === undefined) return DEFAULT_HTTP_LIMITS.minRequestBodyDataRate;
  return {
    bytesPerSecond: positive(option.bytesPerSecond, 'minRequestBodyDataRate.bytesPerSecond'),
    gracePeriodMs: positive(option.gracePeriodMs, 'minRequestBodyDataRate.gracePeriodMs'),
  };
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new HostConfigError(`${name} must be a positive whole number (got ${String(value)})`);
  }
  return value;
}
