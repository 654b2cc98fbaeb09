// The endpoint validation Event Grid performs before a webhook subscription exists: for Event Grid schema a
// SubscriptionValidation event answered with {validationResponse}, for CloudEvents the abuse-protection OPTIONS
// request answered with WebHook-Allowed-Origin. Throws SubscriptionValidationError; never sends the topic key.
import { SubscriptionValidationError } from './errors';
import type { EventSubscription } from './subscriptions';
import { redactEndpoint } from './subscriptions';
import { callWebhook, type WebhookResponse } from './webhookClient';

export const WEBHOOK_ORIGIN = 'eventgrid.azure.net';

export interface HandshakeContext {
  topicId: string;
  validationCode: string;
  eventId: string;
  /** Virtual now, for eventTime. */
  now: Date;
  timeoutMs: number;
  signal: AbortSignal;
}

async function call(
  subscription: EventSubscription,
  method: 'POST' | 'OPTIONS',
  headers: Record<string, string>,
  body: string | undefined,
  context: HandshakeContext,
): Promise<WebhookResponse> {
  try {
    return await callWebhook(subscription.endpoint, method, headers, body, context.timeoutMs, context.signal);
  } catch (error) {
    throw new SubscriptionValidationError(
      redactEndpoint(subscription.endpoint),
      `Http ${method} request failed: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}

export async function validateEndpoint(subscription: EventSubscription, context: HandshakeContext): Promise<void> {
  const endpoint = redactEndpoint(subscription.endpoint);
  if (subscription.schema === 'CloudEventSchemaV1_0') {
    const response = await call(
      subscription,
      'OPTIONS',
      { 'webhook-request-origin': WEBHOOK_ORIGIN },
      undefined,
      context,
    );
    const allowed = headerValue(response, 'webhook-allowed-origin');
    if (response.status < 200 || response.status > 299) {
      throw new SubscriptionValidationError(
        endpoint,
        `Http OPTIONS request failed with response code ${response.status}.`,
      );
    }
    if (allowed !== '*' && allowed?.toLowerCase() !== WEBHOOK_ORIGIN) {
      throw new SubscriptionValidationError(
        endpoint,
        `Http OPTIONS response did not allow the origin ${WEBHOOK_ORIGIN} in WebHook-Allowed-Origin.`,
      );
    }
    return;
  }

  const validationEvent = {
    id: context.eventId,
    topic: context.topicId,
    subject: '',
    data: { validationCode: context.validationCode },
    eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
    eventTime: context.now.toISOString(),
    metadataVersion: '1',
    dataVersion: '2',
  };
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'aeg-event-type': 'SubscriptionValidation',
    'aeg-subscription-name': subscription.name.toUpperCase(),
    'aeg-delivery-count': '0',
    'aeg-data-version': '2',
    'aeg-metadata-version': '1',
  };
  const response = await call(subscription, 'POST', headers, JSON.stringify([validationEvent]), context);
  if (response.status < 200 || response.status > 299) {
    throw new SubscriptionValidationError(endpoint, `Http POST request failed with response code ${response.status}.`);
  }
  if (validationResponse(response.body) !== context.validationCode) {
    throw new SubscriptionValidationError(
      endpoint,
      'Http POST request returned a 2XX response without the expected validationResponse in its body.',
    );
  }
}

function headerValue(response: WebhookResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The `validationResponse` field of the answer, matched case-insensitively like the service's JSON reader. */
function validationResponse(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  for (const [key, value] of Object.entries(parsed)) {
    if (key.toLowerCase() === 'validationresponse' && typeof value === 'string') return value;
  }
  return undefined;
}
