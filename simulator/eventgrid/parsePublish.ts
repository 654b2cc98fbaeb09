// Parses and validates one publish request body like the topic endpoint does: content type, JSON shape, size limits
// (per batch and per event) and each schema's required fields. Throws EventGridError 400/413; stores nothing.
import type { SimRequest } from '../http/types';
import { EventGridError, badRequest } from './errors';
import { isRecord, type JsonObject } from '../http/types';
import type { EventSchema } from './events';

export interface SizeLimits {
  maxEventBytes: number;
  maxBatchBytes: number;
}

/** 1 MB per event and per publish, as documented for custom topics. */
export const DEFAULT_LIMITS: SizeLimits = { maxEventBytes: 1024 * 1024, maxBatchBytes: 1024 * 1024 };

export interface ParsedPublish {
  schema: EventSchema;
  events: JsonObject[];
}

function mediaType(request: SimRequest): string {
  const raw = request.headers['content-type'];
  return (raw ?? '').split(';')[0].trim().toLowerCase();
}

function tooLarge(message: string): EventGridError {
  return new EventGridError(413, 'PayloadTooLarge', message, 'PayloadTooLarge');
}

export function parsePublish(request: SimRequest, limits: SizeLimits = DEFAULT_LIMITS): ParsedPublish {
  if (request.body.length > limits.maxBatchBytes) {
    throw tooLarge(
      `The size of the request (${request.body.length} bytes) exceeds the maximum allowed size (${limits.maxBatchBytes} bytes).`,
    );
  }
  const type = mediaType(request);
  let body: unknown;
  try {
    body = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }

  let schema: EventSchema;
  let events: unknown[];
  if (type === 'application/cloudevents+json') {
    if (!isRecord(body))
      throw badRequest('Expected a single CloudEvent object for content type application/cloudevents+json.');
    schema = 'CloudEventSchemaV1_0';
    events = [body];
  } else if (type === 'application/cloudevents-batch+json' || type === 'application/json' || type === '') {
    if (!Array.isArray(body)) {
      throw badRequest('Unexpected token when reading JSON. Expected: StartArray, actual: StartObject.');
    }
    events = body;
    // application/json carries Event Grid schema events, unless the publisher sends CloudEvents in a plain array.
    const cloudEvents =
      type === 'application/cloudevents-batch+json' ||
      (body.length > 0 && body.every((e) => isRecord(e) && 'specversion' in e));
    schema = cloudEvents ? 'CloudEventSchemaV1_0' : 'EventGridSchema';
  } else {
    throw badRequest(
      `The content type '${type}' is not supported. Use application/cloudevents+json, application/cloudevents-batch+json or application/json.`,
      'UnsupportedMediaType',
    );
  }

  const checked = events.map((event, index) => {
    if (!isRecord(event)) throw badRequest(`The event at index ${index} is not a JSON object.`);
    const size = Buffer.byteLength(JSON.stringify(event), 'utf8');
    if (size > limits.maxEventBytes) {
      throw tooLarge(
        `The event at index ${index} (${size} bytes) exceeds the maximum allowed event size (${limits.maxEventBytes} bytes).`,
      );
    }
    if (schema === 'CloudEventSchemaV1_0') validateCloudEvent(event, index);
    else validateEventGridEvent(event, index);
    return event;
  });
  return { schema, events: checked };
}

function requireString(event: JsonObject, field: string, index: number): string {
  const value = event[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest(`Required property '${field}' is missing or empty in the event at index ${index}.`);
  }
  return value;
}

/** RFC 3339 with a zone: Event Grid refuses local times it cannot place. */
function isTimestamp(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text) && !Number.isNaN(Date.parse(text))
  );
}

function validateCloudEvent(event: JsonObject, index: number): void {
  const specversion = requireString(event, 'specversion', index);
  if (specversion !== '1.0') {
    throw badRequest(
      `The CloudEvents specversion '${specversion}' of the event at index ${index} is not supported; use '1.0'.`,
    );
  }
  requireString(event, 'id', index);
  requireString(event, 'source', index);
  requireString(event, 'type', index);
  if (event.time !== undefined && (typeof event.time !== 'string' || !isTimestamp(event.time))) {
    throw badRequest(`Property 'time' of the event at index ${index} is not a valid RFC 3339 timestamp.`);
  }
  if (event.subject !== undefined && typeof event.subject !== 'string') {
    throw badRequest(`Property 'subject' of the event at index ${index} must be a string.`);
  }
  if (event.data !== undefined && event.data_base64 !== undefined) {
    throw badRequest(`The event at index ${index} has both 'data' and 'data_base64'; only one is allowed.`);
  }
}

function validateEventGridEvent(event: JsonObject, index: number): void {
  requireString(event, 'id', index);
  requireString(event, 'subject', index);
  requireString(event, 'eventType', index);
  const eventTime = requireString(event, 'eventTime', index);
  if (!isTimestamp(eventTime)) {
    throw badRequest(`Property 'eventTime' of the event at index ${index} is not a valid timestamp with a time zone.`);
  }
  if (!('data' in event) || event.data === undefined) {
    throw badRequest(`Required property 'data' is missing or empty in the event at index ${index}.`);
  }
  requireString(event, 'dataVersion', index);
  if (event.metadataVersion !== undefined && event.metadataVersion !== null && event.metadataVersion !== '1') {
    throw badRequest(`Property 'metadataVersion' of the event at index ${index} must be '1'.`);
  }
}
