// An answer of the connections API that the command did not expect (4xx/5xx), with the API's own error code and
// message. It carries no request body and no key.
import { apiErrorOf, validationErrorsOf } from './apiTypes';
import type { ApiResponse } from './apiClient';
import { KEY_ENV } from './resolveTarget';

export class ApiStatusError extends Error {
  override readonly name = 'ApiStatusError';
  readonly status: number;
  readonly code: string;
  /** `{path, message}` of a 400, empty otherwise. */
  readonly errors: { path: string; message: string }[];
  readonly body: unknown;

  constructor(response: Pick<ApiResponse, 'status' | 'body'>, what: string) {
    const apiError = apiErrorOf(response.body);
    const errors = validationErrorsOf(response.body);
    const reason =
      apiError?.message ||
      (errors.length > 0 ? errors.map((e) => `${e.path || '(plan)'}: ${e.message}`).join('; ') : undefined) ||
      defaultReason(response.status, response.body);
    super(`${what}: ${reason}`);
    this.status = response.status;
    this.code = apiError?.code || `HTTP${response.status}`;
    this.errors = errors;
    this.body = response.body;
  }
}

function defaultReason(status: number, body: unknown): string {
  if (status === 401 || status === 403) return `the key was refused (HTTP ${status}): check --key or ${KEY_ENV}`;
  if (status === 404) return 'not found (HTTP 404): is this the hybrid-connection app?';
  const text = typeof body === 'string' ? body.slice(0, 200) : '';
  return `HTTP ${status}${text ? `: ${text}` : ''}`;
}
