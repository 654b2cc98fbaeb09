// The simulator's internal request/response shapes. Every service (ARM, identity, Key Vault, Event Grid, the
// inspection API) is a SimHandler mounted by the one HTTPS server under its own path prefix. Every service reads
// untrusted JSON bodies through the one object guard here.
import type { IncomingHttpHeaders } from 'node:http';

export interface SimRequest {
  method: string;
  /** Full URL as the client addressed it (https://127.0.0.1:PORT/...), query included. */
  url: URL;
  /** The path below the handler's mount prefix, starting with '/'. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  /** A Buffer or string is sent as is; anything else as JSON (application/json; charset=utf-8). */
  body?: unknown;
  /** Abruptly reset the connection instead of answering (fault injection). */
  reset?: boolean;
}

export type SimHandler = (request: SimRequest) => Promise<SimResponse> | SimResponse;

/** A JSON object as read from a body or a stored resource. */
export type JsonObject = Record<string, unknown>;

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
