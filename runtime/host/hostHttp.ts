// The request and response shapes the host's HTTP handlers exchange, and JSON error responses. Shapes only, plus the
// one place that turns an HttpError into a response.
import { HttpError } from './errors';
import type { RuntimeHttpRequest } from '../contracts';

export type HostRequest = RuntimeHttpRequest;

export interface HostResponse {
  status: number;
  /** A string[] value becomes repeated headers (Set-Cookie). */
  headers?: Record<string, string | string[]>;
  /** A Buffer or string is sent as is; undefined = no body; anything else as JSON. */
  body?: unknown;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): HostResponse {
  return { status, headers: { 'content-type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(body) };
}

/** The host's own error body: `{"error":{"code","message"}}`. */
export function errorResponse(error: HttpError): HostResponse {
  return jsonResponse(error.status, { error: { code: error.code, message: error.message } }, error.headers);
}

/** The first value of a request header (Node joins or arrays some repeated headers). */
export function headerValue(request: HostRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function parseJsonBody(request: HostRequest, what: string): unknown {
  try {
    return JSON.parse(request.body.toString('utf8').replace(/^\uFEFF/, '')) as unknown;
  } catch {
    throw new HttpError(400, 'BadRequest', `The ${what} is not valid JSON.`);
  }
}
