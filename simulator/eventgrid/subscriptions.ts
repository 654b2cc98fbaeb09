// Webhook event subscriptions on the simulated topic: their settings (filters, delivery schema, retry policy) and
// which stored events each one receives. No I/O here.
import type { EventSchema, StoredEvent } from './events';

export interface SubscriptionInput {
  /** http://127.0.0.1:P/... or https://... webhook URL (a query such as a function key is kept, never logged). */
  endpoint: string;
  /** Subscription name; sent upper-cased in `aeg-subscription-name`. Default: sub-<n>. */
  name?: string;
  /** includedEventTypes: case-insensitive; empty or absent means all. */
  eventTypes?: string[];
  /** Case-insensitive subject prefix. */
  subjectBeginsWith?: string;
  /** Case-insensitive subject suffix. */
  subjectEndsWith?: string;
  /**
   * Delivery schema. Default CloudEventSchemaV1_0. Event Grid schema events are converted for CloudEvents
   * subscribers; CloudEvents are never delivered to EventGridSchema subscribers (Azure cannot convert that way).
   */
  schema?: EventSchema;
  /** retryPolicy.maxDeliveryAttempts: 1-30, default 30. */
  maxDeliveryAttempts?: number;
  /** retryPolicy.eventTimeToLiveInMinutes: 1-1440, default 1440. */
  eventTimeToLiveInMinutes?: number;
}

export interface EventSubscription {
  id: string;
  name: string;
  endpoint: string;
  eventTypes?: string[];
  subjectBeginsWith?: string;
  subjectEndsWith?: string;
  schema: EventSchema;
  maxDeliveryAttempts: number;
  eventTimeToLiveInMinutes: number;
  /** Virtual epoch ms. */
  createdAt: number;
}

export class SubscriptionSettingsError extends Error {
  override readonly name = 'SubscriptionSettingsError';
}

function inRange(value: number | undefined, min: number, max: number, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SubscriptionSettingsError(`${field} must be an integer from ${min} to ${max}, got ${value}`);
  }
  return value;
}

export function normalizeSubscription(
  input: SubscriptionInput,
  id: string,
  fallbackName: string,
  now: number,
): EventSubscription {
  let url: URL;
  try {
    url = new URL(input.endpoint);
  } catch {
    throw new SubscriptionSettingsError(`endpoint is not a URL: ${redactEndpoint(input.endpoint)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SubscriptionSettingsError(`endpoint must be http or https, got ${url.protocol}`);
  }
  return {
    id,
    name: input.name ?? fallbackName,
    endpoint: input.endpoint,
    eventTypes: input.eventTypes && input.eventTypes.length > 0 ? [...input.eventTypes] : undefined,
    subjectBeginsWith: input.subjectBeginsWith || undefined,
    subjectEndsWith: input.subjectEndsWith || undefined,
    schema: input.schema ?? 'CloudEventSchemaV1_0',
    maxDeliveryAttempts: inRange(input.maxDeliveryAttempts, 1, 30, 30, 'maxDeliveryAttempts'),
    eventTimeToLiveInMinutes: inRange(input.eventTimeToLiveInMinutes, 1, 1440, 1440, 'eventTimeToLiveInMinutes'),
    createdAt: now,
  };
}

/** Whether the subscription's filters select the event (Event Grid compares case-insensitively by default). */
export function matchesFilters(subscription: EventSubscription, event: StoredEvent): boolean {
  if (subscription.eventTypes && !subscription.eventTypes.some((t) => t.toLowerCase() === event.type.toLowerCase())) {
    return false;
  }
  const subject = (event.subject ?? '').toLowerCase();
  if (subscription.subjectBeginsWith && !subject.startsWith(subscription.subjectBeginsWith.toLowerCase())) return false;
  if (subscription.subjectEndsWith && !subject.endsWith(subscription.subjectEndsWith.toLowerCase())) return false;
  return true;
}

/** Whether the event can be delivered in the subscription's schema at all. */
export function canDeliver(subscription: EventSubscription, event: StoredEvent): boolean {
  return !(subscription.schema === 'EventGridSchema' && event.schema === 'CloudEventSchemaV1_0');
}

/** Origin and path only: webhook URLs often carry a key in their query. */
export function redactEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.origin}${url.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
