// A publish that may succeed if tried again (429, 5xx, a reset): thrown so the orchestrator's retry policy retries it.
export class EventPublishError extends Error {
  override readonly name = 'EventPublishError';
  readonly eventId: string;
  readonly code: string;
  readonly httpStatus: number | undefined;

  constructor(eventId: string, code: string, httpStatus: number | undefined, reason: string) {
    super(
      `publishing event ${eventId} failed with ${code}${httpStatus !== undefined ? ` (HTTP ${httpStatus})` : ''}: ${reason}. It is retried; events never fail the workflow.`,
    );
    this.eventId = eventId;
    this.code = code;
    this.httpStatus = httpStatus;
  }
}
