// Routes each request, on its head alone, to what serves it: the Durable extension's webhook, the Event Grid webhook,
// the admin keys API, or an httpTrigger function under the route prefix (classic, or streamed to the app's HTTP proxy
// when it enabled HTTP streams). It enforces keys before admitting anything, so a refused request's body is never
// read. A request no function serves, a wrong method included, is the Functions host's empty 404.
import { adminKeysOperation, admitAdminKeysOperation } from './adminKeysApi';
import { authorizes, authorizesExtension, presentedKey } from './keyAuth';
import { admitEventGridWebhook, EVENT_GRID_WEBHOOK_PATH } from './eventGridWebhook';
import { FunctionInvocationError, HttpError, NoRouteError } from './errors';
import {
  JSON_CONTENT_TYPE,
  jsonResponse,
  type AdmitRequest,
  type AdmittedRequest,
  type HostResponse,
  type RequestHead,
} from './hostHttp';
import { runHttpFunction } from './httpTrigger';
import { forwardHttpFunction } from './httpStreamForward';
import type { DurableExtension } from '../contracts';
import type { FunctionInvoker } from './invokeFunction';
import type { FunctionRegistry } from './functionRegistry';
import type { HostKeys, SystemKeyName } from './hostKeys';
import type { HttpRouteTable } from './httpRouteTable';
import type { HostLog } from './log';
import type { WorkerHttpProxy } from './workerHttpProxy';

export const DURABLE_WEBHOOK_PATH = '/runtime/webhooks/durabletask';

export interface HostRouterOptions {
  registry: FunctionRegistry;
  invoker: FunctionInvoker;
  routes: HttpRouteTable;
  routePrefix: string;
  keys: HostKeys;
  /** Saves the keys after the admin API changed them. */
  persistKeys: () => Promise<void>;
  /** The mounted extension, once it has started (requests before that get 503). */
  extension: () => DurableExtension | undefined;
  /** The app's HTTP proxy when it enabled HTTP streams: httpTrigger requests are streamed there. */
  httpProxy: WorkerHttpProxy | undefined;
  log: HostLog;
}

export function createHostRouter(options: HostRouterOptions): AdmitRequest {
  const prefixSegments = options.routePrefix === '' ? [] : options.routePrefix.toLowerCase().split('/');
  const noBody = (response: HostResponse): AdmittedRequest => ({ serve: () => Promise.resolve(response) });
  return (head) => {
    const path = head.url.pathname.toLowerCase().replace(/\/+$/, '');
    if (path === DURABLE_WEBHOOK_PATH || path.startsWith(`${DURABLE_WEBHOOK_PATH}/`)) {
      requireExtensionKey('durabletask_extension', head, options.keys);
      const extension = options.extension();
      if (!extension) throw new HttpError(503, 'DurableExtensionUnavailable', 'The Durable extension is not running.');
      return { serve: async (body) => hostResponseOf(await extension.handleHttp({ ...head, body })) };
    }
    if (path === EVENT_GRID_WEBHOOK_PATH) {
      requireExtensionKey('eventgrid_extension', head, options.keys);
      return admitEventGridWebhook(head, options);
    }

    const segments = decodedSegments(head.url.pathname);
    if (path === '/admin' || path.startsWith('/admin/')) {
      // As the host does: the route is matched first (404/405), then the master key is required.
      const operation = adminKeysOperation(head.method, segments.slice(1));
      if (!authorizes('admin', presentedKey(head.headers, head.url), options.keys, operation.functionName)) {
        throw unauthorized('the master key');
      }
      return admitAdminKeysOperation(operation, head, {
        registry: options.registry,
        keys: options.keys,
        persist: options.persistKeys,
        log: options.log,
      });
    }

    const underPrefix =
      segments.length >= prefixSegments.length &&
      prefixSegments.every((prefix, index) => segments[index].toLowerCase() === prefix);
    if (underPrefix && !path.startsWith('/runtime/')) {
      const lookup = options.routes.lookup(head.method, segments.slice(prefixSegments.length));
      if (lookup.kind === 'found') {
        const { route, params } = lookup;
        if (!authorizes(route.authLevel, presentedKey(head.headers, head.url), options.keys, route.fn.name)) {
          throw unauthorized(route.authLevel === 'admin' ? 'the master key' : 'a function key or the master key');
        }
        const httpProxy = options.httpProxy;
        if (httpProxy) {
          return {
            // The head as admitted (after App Service authentication), not as the client sent it.
            forward: (exchange) =>
              forwardHttpFunction({ ...exchange, head }, route, params, {
                proxy: httpProxy,
                invoker: options.invoker,
                extension: options.extension(),
                log: options.log,
              }),
          };
        }
        return {
          serve: async (body) => {
            try {
              return await runHttpFunction(
                { ...head, body },
                route,
                params,
                options.invoker,
                options.extension(),
                options.log,
              );
            } catch (error) {
              // The details are in the host log; the caller learns which invocation to look for.
              if (!(error instanceof FunctionInvocationError)) throw error;
              return jsonResponse(500, {
                error: {
                  code: 'FunctionInvocationFailed',
                  message: `Exception while executing function: Functions.${route.fn.name}`,
                  invocationId: error.invocationId,
                },
              });
            }
          },
        };
      }
      if (lookup.kind === 'methodNotAllowed') {
        throw new NoRouteError(
          `No function serves ${head.method} ${head.url.pathname} (it takes ${lookup.allowed.join(', ')}).`,
        );
      }
    }
    if (path === '' && (head.method === 'GET' || head.method === 'HEAD')) {
      return noBody(jsonResponse(200, { state: 'Running' }));
    }
    throw new NoRouteError(`No function or endpoint serves ${head.url.pathname}.`);
  };
}

function requireExtensionKey(name: SystemKeyName, head: RequestHead, keys: HostKeys): void {
  if (!authorizesExtension(name, presentedKey(head.headers, head.url), keys)) {
    throw unauthorized(`the ${name} system key or the master key`);
  }
}

function unauthorized(what: string): HttpError {
  return new HttpError(
    401,
    'Unauthorized',
    `This endpoint needs ${what}, as the x-functions-key header or the code query parameter.`,
  );
}

/** Path segments decoded as ASP.NET routing sees them; a trailing slash adds no segment. */
function decodedSegments(pathname: string): string[] {
  const raw = pathname.split('/').slice(1);
  if (raw.at(-1) === '') raw.pop();
  try {
    return raw.map((segment) => decodeURIComponent(segment));
  } catch {
    throw new HttpError(400, 'BadRequest', 'The request path is not valid percent-encoding.');
  }
}

/** The extension's RuntimeHttpResponse: Buffers and strings go as they are, anything else as JSON. */
function hostResponseOf(response: { status: number; headers?: Record<string, string>; body?: unknown }): HostResponse {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  const body = response.body;
  if (body === undefined || Buffer.isBuffer(body) || typeof body === 'string') {
    return { status: response.status, headers, body };
  }
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
    headers['content-type'] = JSON_CONTENT_TYPE;
  return { status: response.status, headers, body: JSON.stringify(body) };
}
