// What a trigger's logic answers, before it becomes an HTTP response: a status, a JSON body, a few headers.
// Plain data so the logic can be tested without a host. Bodies never carry a secret or a management URL.
import type { HttpResponseInit } from '@azure/functions';
import type { PlanError } from '../lib/plan';

export interface ApiResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The route prefix host.json sets (extensions.http.routePrefix); our links are built with it. */
export const ROUTE_PREFIX = 'api';

/** Our own status link for a connection: never the Durable management URL, which carries the system key. */
export function statusUrlFor(name: string): string {
  return `/${ROUTE_PREFIX}/connections/${encodeURIComponent(name)}`;
}

export function validationFailed(errors: readonly PlanError[]): ApiResult {
  return { status: 400, body: { errors: errors.map(({ path, message }) => ({ path, message })) } };
}

export function apiError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): ApiResult {
  return { status, body: { error: { code, message }, ...extra } };
}

export function toHttpResponse(result: ApiResult): HttpResponseInit {
  return {
    status: result.status,
    jsonBody: result.body,
    headers: { 'Cache-Control': 'no-store', ...(result.headers ?? {}) },
  };
}
