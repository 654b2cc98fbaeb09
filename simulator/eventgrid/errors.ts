// Event Grid's error answers: `{"error":{"code","message","details":[...]}}` whose message ends with the service's
// "Report '<id>:<n>:<time> (UTC)'" trailer. Messages never contain a key or token.
import type { SimResponse } from '../http/types';
import { serviceTime } from './serviceTime';

export class EventGridError extends Error {
  override readonly name = 'EventGridError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The more specific code Event Grid puts in `details[0].code`. */
    readonly detailCode?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toResponse(requestId: string, now: Date): SimResponse {
    const message = `${this.message} Report '${requestId}:1:${serviceTime(now)} (UTC)' to our forums for assistance or raise a support ticket.`;
    const error: Record<string, unknown> = { code: this.code, message };
    if (this.detailCode) error.details = [{ code: this.detailCode, message }];
    return { status: this.status, headers: { ...this.headers, 'x-ms-request-id': requestId }, body: { error } };
  }
}

/** Thrown by subscribe() when the endpoint does not complete the validation handshake. */
export class SubscriptionValidationError extends Error {
  override readonly name = 'SubscriptionValidationError';
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`Webhook validation handshake failed for ${endpoint}. ${reason}`);
  }
}

export const badRequest = (message: string, detailCode = 'InputJsonInvalid'): EventGridError =>
  new EventGridError(400, 'BadRequest', message, detailCode);
