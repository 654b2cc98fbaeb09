// The Event Grid extension's webhook (/runtime/webhooks/eventgrid?functionName=...) as the WebJobs Event Grid extension
// implements it: the CloudEvents OPTIONS handshake, the Event Grid SubscriptionValidation handshake, and Notification
// delivery of either schema (one invocation per event, all in parallel). Keys are checked by the caller.
import { triggerOf } from './bindings';
import { durableClientInputs } from './durableClientInput';
import { HttpError } from './errors';
import { headerValue, jsonResponse, parseJsonBody, type HostRequest, type HostResponse } from './hostHttp';
import type { DurableExtension } from '../contracts';
import type { FunctionInvoker } from './invokeFunction';
import type { FunctionRegistry, RegisteredFunction } from './functionRegistry';
import type { HostLog } from './log';

export const EVENT_GRID_WEBHOOK_PATH = '/runtime/webhooks/eventgrid';

/** Origins Event Grid sends in WebHook-Request-Origin; anything else is answered with the public cloud's. */
const EVENT_GRID_ORIGINS = [
  'eventgrid.azure.net',
  'eventgrid.azure.us',
  'eventgrid.azure.eaglex.ic.gov',
  'eventgrid.azure.microsoft.scloud',
  'eventgrid.azure.cn',
];

export async function handleEventGridWebhook(
  request: HostRequest,
  registry: FunctionRegistry,
  invoker: FunctionInvoker,
  extension: DurableExtension | undefined,
  log: HostLog,
): Promise<HostResponse> {
  const functionName = request.url.searchParams.get('functionName') ?? '';
  const fn = functionName ? registry.find(functionName) : undefined;
  if (!fn || triggerOf(fn.metadata)?.type.toLowerCase() !== 'eventgridtrigger') {
    throw new HttpError(404, 'FunctionNotFound', `cannot find function: '${functionName}'`);
  }

  if (request.method === 'OPTIONS') {
    const origin = headerValue(request, 'webhook-request-origin')?.trim().toLowerCase();
    const allowed = origin && EVENT_GRID_ORIGINS.includes(origin) ? origin : EVENT_GRID_ORIGINS[0];
    log('info', `CloudEvents handshake for function: ${fn.name}`);
    return { status: 200, headers: { 'webhook-allowed-origin': allowed } };
  }

  const eventType = headerValue(request, 'aeg-event-type')?.toLowerCase();
  if (eventType === 'subscriptionvalidation') {
    const validationCode = validationCodeOf(parseJsonBody(request, 'subscription validation event'));
    log('info', `perform handshake with eventGrid for function: ${fn.name}`);
    return jsonResponse(200, { validationResponse: validationCode });
  }
  if (eventType === 'notification') {
    const body = parseJsonBody(request, 'event payload');
    const events = Array.isArray(body) ? body : [body];
    return await deliver(fn, events, invoker, extension, log);
  }
  if (eventType === 'unsubscribe') return { status: 202 };
  throw new HttpError(
    400,
    'BadRequest',
    "The 'aeg-event-type' header must be SubscriptionValidation, Notification or Unsubscribe.",
  );
}

/** Event Grid schema: an array whose first event holds data.validationCode; CloudEvents: one event, data maybe a string. */
function validationCodeOf(body: unknown): string {
  const event: unknown = Array.isArray(body) ? body[0] : body;
  let data: unknown = typeof event === 'object' && event !== null ? (event as Record<string, unknown>).data : undefined;
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data) as unknown;
    } catch {
      data = undefined;
    }
  }
  const code = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).validationCode : undefined;
  if (typeof code !== 'string' || code === '') {
    throw new HttpError(400, 'BadRequest', 'The subscription validation event has no data.validationCode.');
  }
  return code;
}

async function deliver(
  fn: RegisteredFunction,
  events: unknown[],
  invoker: FunctionInvoker,
  extension: DurableExtension | undefined,
  log: HostLog,
): Promise<HostResponse> {
  const trigger = triggerOf(fn.metadata);
  if (!trigger) throw new HttpError(404, 'FunctionNotFound', `cannot find function: '${fn.name}'`);
  const clientInputs = durableClientInputs(fn, extension);
  const outcomes = await Promise.allSettled(
    events.map((event) =>
      invoker.invoke(fn, {
        inputData: [{ name: trigger.bindingName, data: { json: JSON.stringify(event) } }, ...clientInputs],
      }),
    ),
  );
  const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
  if (failed.length > 0) {
    // Like the extension: one failure fails the whole delivery, so Event Grid redelivers the batch. As for HTTP
    // functions, the handler's error stays in the host log (with its invocation id); the caller is not told it.
    log('warn', `Event Grid delivery to '${fn.name}': ${failed.length} of ${events.length} invocation(s) failed`);
    return jsonResponse(500, {
      error: {
        code: 'FunctionInvocationFailed',
        message: `Exception while executing function: Functions.${fn.name}`,
      },
    });
  }
  return { status: 202 };
}
