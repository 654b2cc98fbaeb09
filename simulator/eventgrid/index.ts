// A simulated Event Grid custom topic: POST <mount>/api/events from EventGridPublisherClient (CloudEvents 1.0 or
// Event Grid schema), key/SAS auth, size and field validation, events stored in arrival order, and webhook
// subscribers with the validation handshake and retries. Never logs the key, tokens or webhook query strings.
import type { VirtualClock } from '../../clock';
import type { SimHandler, SimRequest, SimResponse } from '../http/types';
import { randomGuid } from '../random';
import { authorizePublish } from './auth';
import { Deliverer, type DeliveryRecord } from './delivery';
import { EventGridError, badRequest } from './errors';
import type { JsonObject } from '../http/types';
import type { StoredEvent } from './events';
import { validateEndpoint } from './handshake';
import { TopicOutage, type OutageOptions, type OutageState } from './outage';
import { DEFAULT_LIMITS, parsePublish, type SizeLimits } from './parsePublish';
import { canDeliver, matchesFilters, normalizeSubscription, redactEndpoint } from './subscriptions';
import type { EventSubscription, SubscriptionInput } from './subscriptions';

export { EventGridError, SubscriptionValidationError } from './errors';
export { SubscriptionSettingsError } from './subscriptions';
export type { DeliveryAttempt, DeliveryRecord, DeliveryState } from './delivery';
export type { EventSchema, StoredEvent } from './events';
export type { OutageOptions, OutageState } from './outage';
export type { EventSubscription, SubscriptionInput } from './subscriptions';

export interface EventGridTopicOptions {
  /** The topic access key publishers send in aeg-sas-key (base64, like Azure's, so SAS signatures work). */
  key: string;
  clock: VirtualClock;
  /** Seeded randomness: request ids, validation codes, retry spread. */
  random: () => number;
  log?: (line: string) => void;
  /** Accept Entra bearer tokens too (EventGridPublisherClient with a TokenCredential). */
  validateBearer?: (authorization: string | undefined) => boolean;
  /** The topic's ARM id: `topic` of delivered Event Grid events, `source` of converted CloudEvents. */
  topicId?: string;
  limits?: Partial<SizeLimits>;
  /** Wall ms to wait for a webhook's answer. Default 30 000, Event Grid's own wait. */
  webhookTimeoutMs?: number;
  /** Wall clock for SAS token expiry (publishers sign with wall time). Default Date.now. */
  wallNow?: () => number;
}

export interface SimEventGridTopic {
  handler: SimHandler;
  /** Accepted events in arrival order. */
  events(): StoredEvent[];
  /** Validates the endpoint (handshake), then delivers every later matching event to it. */
  subscribe(subscription: SubscriptionInput): Promise<EventSubscription>;
  /** Removes a subscription by id or name and cancels its pending deliveries. */
  unsubscribe(idOrName: string): boolean;
  subscriptions(): EventSubscription[];
  deliveries(): DeliveryRecord[];
  /** Resolves once no delivery is pending. */
  whenDeliveriesIdle(): Promise<void>;
  /** Makes the topic unreachable (connections reset) for `forMs` virtual ms from now; 0 ends it. */
  setOutage(forMs: number, options?: OutageOptions): OutageState;
  outage(): OutageState;
  /** Forgets events and deliveries, and ends an outage (subscriptions stay). */
  reset(): void;
  /** Cancels pending deliveries and handshakes; the topic then refuses new subscriptions. */
  stop(): void;
}

const PUBLISH_PATH = '/api/events';
const DEFAULT_TOPIC_ID =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/simulator/providers/Microsoft.EventGrid/topics/simulator';

export function createEventGridTopic(options: EventGridTopicOptions): SimEventGridTopic {
  const { clock, random } = options;
  const topicId = options.topicId ?? DEFAULT_TOPIC_ID;
  const limits: SizeLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const timeoutMs = options.webhookTimeoutMs ?? 30_000;
  const stored: StoredEvent[] = [];
  const subscriptions = new Map<string, EventSubscription>();
  const handshakes = new Set<AbortController>();
  const deliverer = new Deliverer({ clock, random, topicId, timeoutMs, log: options.log });
  const outage = new TopicOutage(clock);
  let stopped = false;
  let subscriptionCount = 0;

  function publish(request: SimRequest): SimResponse {
    authorizePublish(request, {
      key: options.key,
      wallNow: (options.wallNow ?? Date.now)(),
      validateBearer: options.validateBearer,
    });
    const apiVersion = request.url.searchParams.get('api-version');
    if (!apiVersion) throw badRequest('The api-version query parameter is required.', 'MissingApiVersion');
    if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(apiVersion)) {
      throw badRequest(`The api-version '${apiVersion}' is not supported.`, 'InvalidApiVersion');
    }
    const parsed = parsePublish(request, limits);
    const receivedAt = clock.now();
    const channel = request.headers['aeg-channel-name'];
    const accepted = parsed.events.map((event) => storeEvent(event, parsed.schema, receivedAt, channel));
    for (const event of accepted) {
      for (const subscription of subscriptions.values()) {
        if (matchesFilters(subscription, event) && canDeliver(subscription, event))
          deliverer.enqueue(subscription, event);
      }
    }
    options.log?.(`eventgrid: accepted ${accepted.length} ${parsed.schema} event(s)`);
    return { status: 200 };
  }

  function storeEvent(
    event: JsonObject,
    schema: StoredEvent['schema'],
    receivedAt: number,
    channel: unknown,
  ): StoredEvent {
    const cloud = schema === 'CloudEventSchemaV1_0';
    const record: StoredEvent = {
      sequence: stored.length + 1,
      schema,
      id: String(event.id),
      type: String(cloud ? event.type : event.eventType),
      subject: typeof event.subject === 'string' ? event.subject : undefined,
      source: cloud ? String(event.source) : undefined,
      receivedAt,
      channelName: typeof channel === 'string' ? channel : undefined,
      event: structuredClone(event),
    };
    stored.push(record);
    return record;
  }

  const handler: SimHandler = (request) => {
    if (outage.refuses()) return { status: 0, reset: true };
    const requestId = randomGuid(random);
    const path = request.path.replace(/\/+$/, '') || '/';
    try {
      if (path.toLowerCase() !== PUBLISH_PATH) {
        throw new EventGridError(
          404,
          'NotFound',
          `No HTTP resource was found that matches the request URI '${request.url.origin}${request.url.pathname}'.`,
          'ResourceNotFound',
        );
      }
      const method = request.method.toUpperCase();
      if (method === 'OPTIONS')
        return { status: 200, headers: { allow: 'POST, OPTIONS', 'x-ms-request-id': requestId } };
      if (method !== 'POST') {
        throw new EventGridError(
          405,
          'MethodNotAllowed',
          `The requested resource does not support http method '${method}'.`,
          undefined,
          {
            allow: 'POST, OPTIONS',
          },
        );
      }
      const response = publish(request);
      return { ...response, headers: { 'x-ms-request-id': requestId } };
    } catch (error) {
      if (error instanceof EventGridError) return error.toResponse(requestId, clock.date());
      throw error;
    }
  };

  async function subscribe(input: SubscriptionInput): Promise<EventSubscription> {
    if (stopped) throw new Error('The Event Grid topic is stopped');
    subscriptionCount += 1;
    const subscription = normalizeSubscription(input, randomGuid(random), `sub-${subscriptionCount}`, clock.now());
    const controller = new AbortController();
    handshakes.add(controller);
    try {
      await validateEndpoint(subscription, {
        topicId,
        validationCode: randomGuid(random),
        eventId: randomGuid(random),
        now: clock.date(),
        timeoutMs,
        signal: controller.signal,
      });
    } finally {
      handshakes.delete(controller);
    }
    if (stopped) throw new Error('The Event Grid topic is stopped');
    subscriptions.set(subscription.id, subscription);
    options.log?.(
      `eventgrid: subscription ${subscription.name} validated for ${redactEndpoint(subscription.endpoint)}`,
    );
    return { ...subscription };
  }

  function unsubscribe(idOrName: string): boolean {
    const found = [...subscriptions.values()].find((s) => s.id === idOrName || s.name === idOrName);
    if (!found) return false;
    subscriptions.delete(found.id);
    deliverer.cancelSubscription(found.id);
    return true;
  }

  return {
    handler,
    events: () => stored.map((e) => ({ ...e, event: structuredClone(e.event) })),
    subscribe,
    unsubscribe,
    subscriptions: () => [...subscriptions.values()].map((s) => ({ ...s })),
    deliveries: () => deliverer.records(),
    whenDeliveriesIdle: () => deliverer.whenIdle(),
    setOutage: (forMs, options) => outage.set(forMs, options),
    outage: () => outage.state(),
    reset: () => {
      outage.reset();
      stored.length = 0;
      deliverer.clear();
    },
    stop: () => {
      stopped = true;
      for (const controller of handshakes) controller.abort();
      deliverer.stop();
    },
  };
}
