// The Event Grid extension's webhook (/runtime/webhooks/eventgrid?functionName=...) as the WebJobs Event Grid extension
// implements it: the CloudEvents OPTIONS handshake, the Event Grid SubscriptionValidation handshake, and Notification
// delivery of either schema (one invocation per event, all in parallel). The function and the event type are decided
// on the request head; malformed bodies are 400s; only a failing handler is a 500 (so Event Grid redelivers).
import { triggerOf } from './bindings';
import { durableClientInputs } from './durableClientInput';
import { HttpError } from './errors';
import { notificationEvents, type EventEnvelope } from './eventGridEvents';
import {
  headerValue,
  jsonResponse,
  parseJsonBody,
  type AdmittedRequest,
  type HostResponse,
  type RequestHead,
} from './hostHttp';
import { JsonInputError, parseJsonText } from './safeJson';
import { isRecord, type DurableExtension } from '../contracts';
import type { FunctionInvoker } from './invokeFunction';
import type { FunctionRegistry, RegisteredFunction } from './functionRegistry';
import type { HostLog } from './log';

export const EVENT_GRID_WEBHOOK_PATH = '/runtime/webhooks/eventgrid';

/**
 * Event Grid never delivers more than 1 MB (1,048,576 bytes) in one request: its maximum batch size
 * (https://learn.microsoft.com/azure/event-grid/delivery-and-retry#batched-event-delivery), which is also the
 * maximum event size (https://learn.microsoft.com/azure/event-grid/quotas-limits). Anything larger is not Event Grid.
 */
export const EVENT_GRID_MAX_BODY_BYTES = 1_048_576;

/** Origins Event Grid sends in WebHook-Request-Origin; anything else is answered with the public cloud's. */
const EVENT_GRID_ORIGINS = [
  'eventgrid.azure.net',
  'eventgrid.azure.us',
  'eventgrid.azure.eaglex.ic.gov',
  'eventgrid.azure.microsoft.scloud',
  'eventgrid.azure.cn',
];

export interface EventGridContext {
  registry: FunctionRegistry;
  invoker: FunctionInvoker;
  extension: () => DurableExtension | undefined;
  log: HostLog;
}

/** Decides on the head (the caller has checked the key): unknown function 404, unknown aeg-event-type 400. */
export function admitEventGridWebhook(head: RequestHead, context: EventGridContext): AdmittedRequest {
  const functionName = head.url.searchParams.get('functionName') ?? '';
  const fn = functionName ? context.registry.find(functionName) : undefined;
  if (!fn || triggerOf(fn.metadata)?.type.toLowerCase() !== 'eventgridtrigger') {
    throw new HttpError(404, 'FunctionNotFound', `cannot find function: '${functionName}'`);
  }
  const admitted = (serve: (body: Buffer) => Promise<HostResponse>): AdmittedRequest => ({
    maxBodyBytes: EVENT_GRID_MAX_BODY_BYTES,
    serve,
  });

  if (head.method === 'OPTIONS') {
    const origin = headerValue(head, 'webhook-request-origin')?.trim().toLowerCase();
    const allowed = origin && EVENT_GRID_ORIGINS.includes(origin) ? origin : EVENT_GRID_ORIGINS[0];
    return admitted(() => {
      context.log('info', `CloudEvents handshake for function: ${fn.name}`);
      return Promise.resolve({ status: 200, headers: { 'webhook-allowed-origin': allowed } });
    });
  }
  switch (headerValue(head, 'aeg-event-type')?.toLowerCase()) {
    case 'subscriptionvalidation':
      return admitted((body) => {
        const validationCode = validationCodeOf(parseJsonBody(body, 'subscription validation event'));
        context.log('info', `perform handshake with eventGrid for function: ${fn.name}`);
        return Promise.resolve(jsonResponse(200, { validationResponse: validationCode }));
      });
    case 'notification':
      return admitted((body) => deliver(fn, notificationEvents(parseJsonBody(body, 'event payload')), context));
    case 'unsubscribe':
      return admitted(() => Promise.resolve({ status: 202 }));
    default:
      throw new HttpError(
        400,
        'BadRequest',
        "The 'aeg-event-type' header must be SubscriptionValidation, Notification or Unsubscribe.",
      );
  }
}

/** Event Grid schema: an array whose first event holds data.validationCode; CloudEvents: one event, data maybe a string. */
function validationCodeOf(body: unknown): string {
  const event: unknown = Array.isArray(body) ? body[0] : body;
  let data: unknown = isRecord(event) ? event.data : undefined;
  if (typeof data === 'string') {
    try {
      data = parseJsonText(data);
    } catch (error) {
      if (!(error instanceof JsonInputError)) throw error;
      data = undefined;
    }
  }
  const code = isRecord(data) ? data.validationCode : undefined;
  if (typeof code !== 'string' || code === '') {
    throw new HttpError(400, 'BadRequest', 'The subscription validation event has no data.validationCode.');
  }
  return code;
}

async function deliver(
  fn: RegisteredFunction,
  events: EventEnvelope[],
  context: EventGridContext,
): Promise<HostResponse> {
  const trigger = triggerOf(fn.metadata);
  if (!trigger) throw new HttpError(404, 'FunctionNotFound', `cannot find function: '${fn.name}'`);
  const clientInputs = durableClientInputs(fn, context.extension());
  const outcomes = await Promise.allSettled(
    events.map((event) =>
      context.invoker.invoke(fn, {
        inputData: [{ name: trigger.bindingName, data: { json: JSON.stringify(event) } }, ...clientInputs],
      }),
    ),
  );
  const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
  if (failed.length > 0) {
    // Like the extension: one failure fails the whole delivery, so Event Grid redelivers the batch. As for HTTP
    // functions, the handler's error stays in the host log (with its invocation id); the caller is not told it.
    context.log(
      'warn',
      `Event Grid delivery to '${fn.name}': ${failed.length} of ${events.length} invocation(s) failed`,
    );
    return jsonResponse(500, {
      error: {
        code: 'FunctionInvocationFailed',
        message: `Exception while executing function: Functions.${fn.name}`,
      },
    });
  }
  return { status: 202 };
}
