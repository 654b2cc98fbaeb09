// The request and response shapes the host's HTTP handlers exchange, and JSON error responses. Shapes only, plus the
// one place that turns an HttpError into a response.
import { HttpError } from './errors';
import { JsonInputError, parseJsonStrict } from './safeJson';
import type { RuntimeHttpRequest } from '../contracts';

export type HostRequest = RuntimeHttpRequest;

/** What the host knows of a request before it reads the body: routing and key checks decide on this alone. */
export type RequestHead = Omit<HostRequest, 'body'>;

/** A request accepted on its head: how much body it may send, and what serves it once the body is in. */
export interface AdmittedRequest {
  /** An endpoint's own body limit when it is lower than the host-wide one (Event Grid); undefined = host-wide. */
  maxBodyBytes?: number;
  serve(body: Buffer): Promise<HostResponse>;
}

/** Decides on a request head: throws an HttpError to refuse it (its body is then never read), else admits it. */
export type AdmitRequest = (head: RequestHead) => AdmittedRequest;

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
export function headerValue(request: RequestHead, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A JSON body as parseJsonStrict reads it; anything it refuses is a 400 naming what was wrong. */
export function parseJsonBody(body: Buffer, what: string): unknown {
  try {
    return parseJsonStrict(body);
  } catch (error) {
    if (!(error instanceof JsonInputError)) throw error;
    throw new HttpError(400, 'BadRequest', `The ${what} ${error.message}.`);
  }
}
