// What an ARM route handler gets for one request, and what it returns. Handlers throw ArmError for CloudErrors;
// the front door (armHandler.ts) turns results into HTTP with ARM's common headers.
import type { CloudContext } from './cloud';
import { armErrors } from './errors';

export interface ArmCall {
  ctx: CloudContext;
  method: string;
  apiVersion: string;
  query: URLSearchParams;
  rawBody: Buffer;
  /** Set by the fault plan: the write's long-running operation must end Failed with this error. */
  forcedFailure?: { code: string; message: string };
  /** The client id of the token's principal (what the permissions API answers for). */
  principalId?: string;
  /** The simulator's own rendering for the inspection API: the newest version's shape, but never a secret. */
  inspection?: boolean;
}

export interface ArmResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The request body as JSON; undefined when empty. Throws InvalidRequestContent for malformed JSON. */
export function jsonBody(call: ArmCall): unknown {
  const text = call.rawBody.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw armErrors.invalidRequestContent(error instanceof Error ? error.message : 'invalid JSON');
  }
}

/** ARM's LRO headers for a running operation. */
export function lroHeaders(
  call: ArmCall,
  operation: Parameters<CloudContext['operations']['statusUrl']>[0],
  include: { asyncOperation: boolean; location: boolean },
): Record<string, string> {
  const ops = call.ctx.operations;
  const headers: Record<string, string> = { 'Retry-After': String(ops.retryAfterSeconds(operation)) };
  if (include.asyncOperation) headers['Azure-AsyncOperation'] = ops.statusUrl(operation);
  if (include.location) headers.Location = ops.resultUrl(operation);
  return headers;
}
