// The error bodies of the simulator's token endpoints: Entra ID's (AADSTS code, trace and correlation ids, timestamp)
// and AD FS's (error + description only). A description never carries a credential.
import type { SimResponse } from '../http/types';
import { randomGuid, type Random } from '../random';

export const NO_STORE = { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };

export function aadError(
  status: number,
  error: string,
  code: number,
  description: string,
  random: Random,
): SimResponse {
  const traceId = randomGuid(random);
  const correlationId = randomGuid(random);
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    headers: NO_STORE,
    body: {
      error,
      error_description: `${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

export function adfsError(status: number, error: string, description: string): SimResponse {
  return { status, headers: NO_STORE, body: { error, error_description: description } };
}
