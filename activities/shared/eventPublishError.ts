// A publish that may succeed if tried again (429, 5xx, a reset): thrown so the event's delivery child retries it,
// after the Retry-After Event Grid named (wall seconds), if it named one.
export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
  readonly eventId: string;
  readonly code: string;
  readonly httpStatus: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    eventId: string,
    code: string,
    httpStatus: number | undefined,
    reason: string,
    retryAfterSeconds?: number,
  ) {
    super(
      `publishing event ${eventId} failed with ${code}${httpStatus !== undefined ? ` (HTTP ${httpStatus})` : ''}: ${reason}. It is retried; events never fail the workflow.`,
    );
    this.eventId = eventId;
    this.code = code;
    this.httpStatus = httpStatus;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
