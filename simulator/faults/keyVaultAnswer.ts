// What a Key Vault request gets when the fault plan picks it: the data plane's own error shape
// (`{"error":{"code","message"}}`), 429 `Throttled` and 503 with Retry-After (the SDK's retry policy honours both), a
// 500, or a reset connection (https://learn.microsoft.com/azure/key-vault/general/overview-throttling).
import type { SimResponse } from '../http/types';
import type { FaultDecision } from './injector';

export function injectedKeyVaultAnswer(fault: FaultDecision): SimResponse {
  const retryAfter = { 'Retry-After': String(fault.retryAfterSeconds) };
  const error = (code: string, message: string): unknown => ({ error: fault.error ?? { code, message } });
  switch (fault.kind) {
    case 'throttle':
      return {
        status: 429,
        headers: retryAfter,
        body: error('Throttled', 'Request was not processed because too many requests were received. Try again later.'),
      };
    case 'serviceUnavailable':
      return {
        status: 503,
        headers: retryAfter,
        body: error('ServiceUnavailable', 'The service is temporarily unavailable. Try again later.'),
      };
    case 'connectionReset':
      return { status: 0, reset: true };
    default:
      return { status: 500, body: error('InternalServerError', 'An unexpected error occurred.') };
  }
}
