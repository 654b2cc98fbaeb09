// What one webhook delivery sends: the event in the subscription's schema (converted from Event Grid schema to
// CloudEvents when asked) and Azure's delivery headers. Never includes the topic key.
import type { JsonObject } from '../http/types';
import type { StoredEvent } from './events';
import type { EventSubscription } from './subscriptions';

export interface DeliveryRequest {
  headers: Record<string, string>;
  body: string;
}

function asCloudEvent(event: StoredEvent, topicId: string): JsonObject {
  if (event.schema === 'CloudEventSchemaV1_0') return event.event;
  const source = event.event;
  const converted: JsonObject = {
    specversion: '1.0',
    id: source.id,
    source: topicId,
    type: source.eventType,
    time: source.eventTime,
  };
  if (typeof source.subject === 'string') converted.subject = source.subject;
  if (source.data !== undefined) {
    converted.datacontenttype = 'application/json';
    converted.data = source.data;
  }
  return converted;
}

export function deliveryRequest(
  subscription: EventSubscription,
  event: StoredEvent,
  deliveryCount: number,
  topicId: string,
): DeliveryRequest {
  const headers: Record<string, string> = {
    'aeg-event-type': 'Notification',
    'aeg-subscription-name': subscription.name.toUpperCase(),
    'aeg-delivery-count': String(deliveryCount),
    'aeg-metadata-version': '1',
  };
  if (subscription.schema === 'CloudEventSchemaV1_0') {
    // One event per request (batching off, the default), in structured mode.
    headers['content-type'] = 'application/cloudevents+json; charset=utf-8';
    return { headers, body: JSON.stringify(asCloudEvent(event, topicId)) };
  }
  const delivered: JsonObject = { ...event.event, topic: topicId, metadataVersion: '1' };
  headers['content-type'] = 'application/json; charset=utf-8';
  if (typeof delivered.dataVersion === 'string') headers['aeg-data-version'] = delivered.dataVersion;
  return { headers, body: JSON.stringify([delivered]) };
}
