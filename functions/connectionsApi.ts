// Registers the HTTP API of connections (function keys required). Each handler only parses the request, builds an
// InstanceStore from the Durable client and hands over to connectionService; it logs outcomes, never bodies.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { MAX_PLAN_BODY_BYTES } from '../lib/plan';
import { toHttpResponse, type ApiResult } from './apiResult';
import { deleteConnection, getConnection, listConnections, startConnection } from './connectionService';
import { durableInstanceStore, type InstanceStore } from './instanceStore';
import { isPlanContentType } from './planContentType';

export const HTTP_FUNCTION = {
  startConnection: 'startConnection',
  listConnections: 'listConnections',
  getConnection: 'getConnection',
  deleteConnection: 'deleteConnection',
} as const;

type Handler = (request: HttpRequest, store: InstanceStore) => Promise<ApiResult>;

function handle(handler: Handler) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const result = await handler(request, durableInstanceStore(df.getClient(context)));
    context.log(`${request.method} ${new URL(request.url).pathname} -> ${result.status}`);
    return toHttpResponse(result);
  };
}

function declaredLength(request: HttpRequest): number | undefined {
  const header = request.headers.get('content-length');
  const value = header === null ? NaN : Number(header);
  return Number.isFinite(value) ? value : undefined;
}

app.http(HTTP_FUNCTION.startConnection, {
  route: 'connections',
  methods: ['POST'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: handle(async (request, store) => {
    const contentType = request.headers.get('content-type') ?? undefined;
    const length = declaredLength(request);
    // A body of another type, or over the limit by its Content-Length, is refused without reading it. The body is
    // read as bytes, not text: text() would turn bytes that are not UTF-8 into U+FFFD instead of refusing them.
    const refused = !isPlanContentType(contentType) || (length !== undefined && length > MAX_PLAN_BODY_BYTES);
    const body = refused ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
    return startConnection(store, body, {
      ...(contentType !== undefined ? { contentType } : {}),
      ...(length !== undefined ? { declaredLength: length } : {}),
    });
  }),
});

app.http(HTTP_FUNCTION.listConnections, {
  route: 'connections',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: handle((request, store) =>
    listConnections(store, {
      top: request.query.get('top'),
      continuationToken: request.query.get('continuationToken'),
      runtimeStatus: request.query.get('runtimeStatus'),
    }),
  ),
});

app.http(HTTP_FUNCTION.getConnection, {
  route: 'connections/{name}',
  methods: ['GET'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: handle((request, store) => getConnection(store, request.params.name ?? '')),
});

app.http(HTTP_FUNCTION.deleteConnection, {
  route: 'connections/{name}',
  methods: ['DELETE'],
  authLevel: 'function',
  extraInputs: [df.input.durableClient()],
  handler: handle((request, store) => deleteConnection(store, request.params.name ?? '')),
});
