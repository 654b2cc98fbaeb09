// Checks the body of an Event Grid Notification before anything is invoked: an array of Event Grid schema events, or
// one CloudEvents object or an array of them, each carrying the envelope fields Event Grid always delivers. Bad input
// is an HttpError 400 naming the index and the field, so a malformed delivery can never become a 5xx.
import { HttpError } from './errors';
import { isRecord } from '../contracts';

export type EventEnvelope = Record<string, unknown>;

/** The events of a Notification body (already parsed), or a 400 that says what is wrong. */
export function notificationEvents(body: unknown): EventEnvelope[] {
  if (isRecord(body)) {
    // Structured-mode CloudEvents deliver a single object; Event Grid schema deliveries are always arrays.
    if (!('specversion' in body)) {
      throw badEvent(
        'An Event Grid schema delivery must be a JSON array of events; a single object must be a CloudEvent',
      );
    }
    checkCloudEvent(body, 0);
    return [body];
  }
  if (!Array.isArray(body)) {
    throw badEvent(`The event payload must be a JSON array of events, not ${kindOf(body)}`);
  }
  if (body.length === 0) throw badEvent('The event payload is an empty array: a delivery carries at least one event');
  return body.map((event: unknown, index) => {
    if (!isRecord(event)) throw badEvent(`The event at index ${index} must be a JSON object, not ${kindOf(event)}`);
    if ('specversion' in event) checkCloudEvent(event, index);
    else checkEventGridEvent(event, index);
    return event;
  });
}

/**
 * Event Grid schema: what Event Grid stamps on every delivered event (subject and dataVersion may be empty strings:
 * the validation event has an empty subject, and an event published without dataVersion is delivered with "").
 */
function checkEventGridEvent(event: EventEnvelope, index: number): void {
  requireText(event, 'id', index, false);
  requireText(event, 'eventType', index, false);
  requireText(event, 'subject', index, true);
  const eventTime = requireText(event, 'eventTime', index, false);
  if (Number.isNaN(Date.parse(eventTime))) {
    throw badEvent(`The event at index ${index} has an 'eventTime' that is not a date-time`);
  }
  requireText(event, 'dataVersion', index, true);
}

/** CloudEvents 1.0: the four REQUIRED context attributes of the spec. */
function checkCloudEvent(event: EventEnvelope, index: number): void {
  const version = requireText(event, 'specversion', index, false);
  if (version !== '1.0') {
    throw badEvent(`The event at index ${index} has 'specversion' ${JSON.stringify(version)}; only "1.0" is supported`);
  }
  requireText(event, 'id', index, false);
  requireText(event, 'source', index, false);
  requireText(event, 'type', index, false);
}

function requireText(event: EventEnvelope, field: string, index: number, mayBeEmpty: boolean): string {
  const value = event[field];
  if (typeof value !== 'string') {
    throw badEvent(`The event at index ${index} has no string '${field}'`);
  }
  if (!mayBeEmpty && value.trim() === '') throw badEvent(`The event at index ${index} has an empty '${field}'`);
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function badEvent(message: string): HttpError {
  return new HttpError(400, 'BadRequest', `${message}.`);
}
