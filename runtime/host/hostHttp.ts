// The request and response shapes the host's HTTP handlers exchange, and JSON error responses. Shapes only, plus the
// one place that turns an HttpError into a response.
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { HttpError, NoRouteError } from './errors';
import { JsonInputError, parseJsonStrict } from './safeJson';
import type { RuntimeHttpRequest } from '../contracts';

export type HostRequest = RuntimeHttpRequest;

/** What the host knows of a request before it reads the body: routing and key checks decide on this alone. */
export type RequestHead = Omit<HostRequest, 'body'>;

/** A request accepted on its head: how much body it may send, and what serves it once the body is in. */
export interface BufferedAdmission {
  /** An endpoint's own body limit when it is lower than the host-wide one (Event Grid); undefined = host-wide. */
  maxBodyBytes?: number;
  serve(body: Buffer): Promise<HostResponse>;
}

/** A request and its answer as streams (HTTP streams): the body as it arrives, the response written as it comes. */
export interface HttpExchange {
  head: RequestHead;
  /** Enforces the body limits: destroyed with an HttpError (413, 408) or RequestAbortedError. */
  body: Readable;
  response: ServerResponse;
  /** Whether the client's body has been received in full (a response started before that closes the connection). */
  bodyComplete(): boolean;
}

/** A request accepted on its head whose body is streamed to what serves it, which writes the response itself. */
export interface StreamedAdmission {
  forward(exchange: HttpExchange): Promise<void>;
}

export type AdmittedRequest = BufferedAdmission | StreamedAdmission;

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

/** The host's own error body: `{"error":{"code","message"}}`; a request no function serves gets an empty 404. */
export function errorResponse(error: HttpError): HostResponse {
  if (error instanceof NoRouteError) return { status: 404, headers: { ...error.headers, 'content-length': '0' } };
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
