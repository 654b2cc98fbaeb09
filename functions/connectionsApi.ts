// Registers the HTTP API of connections. Each handler checks the caller's authority (read or operate, see
// authorization.ts), parses the request, builds an InstanceStore from the Durable client and hands over to
// connectionService; it logs outcomes, never bodies.
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { MAX_PLAN_BODY_BYTES } from '../lib/plan';
import { toHttpResponse, validationFailed, type ApiResult } from './apiResult';
import { authMode, authorize, httpAuthLevel, type Permission } from './authorization';
import { stampsForRequest } from './configuredStamps';
import {
  acceptPlan,
  deleteConnection,
  getConnection,
  listConnections,
  startConnection,
  type StartOptions,
} from './connectionService';
import { durableInstanceStore, type InstanceStore } from './instanceStore';
import { cachedLiveState } from './live/liveState';
import { isPlanContentType } from './planContentType';
import { previewPlan, previewReplacement, previewStoredPlan, previewTeardown } from './previewService';
import { acceptReplacement, replaceConnection } from './replaceService';
import { rotateKey } from './rotationService';
import { taskHubClock } from './taskHubClock';

export const HTTP_FUNCTION = {
  startConnection: 'startConnection',
  listConnections: 'listConnections',
  getConnection: 'getConnection',
  deleteConnection: 'deleteConnection',
  replaceConnection: 'replaceConnection',
  previewConnection: 'previewConnection',
  rotateKey: 'rotateKey',
} as const;

type Handler = (request: HttpRequest, store: InstanceStore, context: InvocationContext) => Promise<ApiResult>;

/** Read once at load: a mode the app cannot understand stops it from loading at all. */
const MODE = authMode();
export const AUTH_LEVEL = httpAuthLevel(MODE);
/** One cache of live reads for the process: the API's `?live=true` and the status pages share it. */
export const LIVE_STATE = cachedLiveState();

function handle(permission: Permission, handler: Handler) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const result =
      authorize(request, permission, MODE) ??
      (await handler(request, durableInstanceStore(df.getClient(context), taskHubClock(context)), context));
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
  authLevel: AUTH_LEVEL,
  extraInputs: [df.input.durableClient()],
  handler: handle(
    'operate',
    withPlan({
      run: (plan, store) => startConnection(store, plan.body, plan.options),
      preview: (plan, _store, context) => {
        const accepted = acceptPlan(plan.body, plan.options);
        return accepted.ok ? previewPlan(accepted.validation.plan, context) : Promise.resolve(accepted.refusal);
      },
    }),
  ),
});

app.http(HTTP_FUNCTION.replaceConnection, {
  route: 'connections/{name}',
  methods: ['PUT'],
  authLevel: AUTH_LEVEL,
  extraInputs: [df.input.durableClient()],
  handler: handle(
    'operate',
    withPlan({
      run: (plan, store) => replaceConnection(store, plan.name, plan.body, plan.options),
      preview: async (plan, store, context) => {
        const accepted = await acceptReplacement(store, plan.name, plan.body, plan.options);
        return accepted.ok ? previewReplacement(accepted.plan, accepted.change, context) : accepted.refusal;
      },
    }),
  ),
});

/** A plan as a POST or a PUT carries it: the route's name (PUT), the body's bytes and how to accept them. */
interface PlanRequest {
  name: string;
  body: Uint8Array;
  options: StartOptions;
}
type PlanHandler = (plan: PlanRequest, store: InstanceStore, context: InvocationContext) => Promise<ApiResult>;

/** A route that takes a plan: `?preview=true` previews it, otherwise it runs; both refuse what readPlanRequest does. */
function withPlan(handlers: { run: PlanHandler; preview: PlanHandler }): Handler {
  return async (request, store, context) => {
    const preview = previewFlag(request);
    if (preview === undefined) return badPreviewFlag();
    const read = await readPlanRequest(request);
    if (!read.ok) return read.refusal;
    const plan = { name: request.params.name ?? '', body: read.body, options: read.options };
    return (preview ? handlers.preview : handlers.run)(plan, store, context);
  };
}

/**
 * A request that carries a plan (POST, PUT): the configured stamps, and its body, read as bytes unless its type or
 * its declared length refuses it unread (acceptPlan then says why). Bytes, not text: text() would turn bytes that are
 * not UTF-8 into U+FFFD instead of refusing them.
 */
async function readPlanRequest(
  request: HttpRequest,
): Promise<{ ok: true; body: Uint8Array; options: StartOptions } | { ok: false; refusal: ApiResult }> {
  const configured = stampsForRequest();
  if (!configured.ok) return { ok: false, refusal: configured.refusal };
  const contentType = request.headers.get('content-type') ?? undefined;
  const length = declaredLength(request);
  const refused = !isPlanContentType(contentType) || (length !== undefined && length > MAX_PLAN_BODY_BYTES);
  const body = refused ? new Uint8Array() : new Uint8Array(await request.arrayBuffer());
  const options: StartOptions = {
    stamps: configured.stamps,
    ...(contentType !== undefined ? { contentType } : {}),
    ...(length !== undefined ? { declaredLength: length } : {}),
  };
  return { ok: true, body, options };
}

app.http(HTTP_FUNCTION.listConnections, {
  route: 'connections',
  methods: ['GET'],
  authLevel: AUTH_LEVEL,
  extraInputs: [df.input.durableClient()],
  handler: handle('read', (request, store) =>
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
  authLevel: AUTH_LEVEL,
  extraInputs: [df.input.durableClient()],
  handler: handle('read', (request, store) =>
    getConnection(store, request.params.name ?? '', request.query.get('live') === 'true' ? { live: LIVE_STATE } : {}),
  ),
});

app.http(HTTP_FUNCTION.deleteConnection, {
  route: 'connections/{name}',
  methods: ['DELETE'],
  authLevel: AUTH_LEVEL,
  extraInputs: [df.input.durableClient()],
  handler: handle('operate', (request, store, context) => {
    const preview = previewFlag(request);
    if (preview === undefined) return Promise.resolve(badPreviewFlag());
    const name = request.params.name ?? '';
    return preview ? previewTeardown(store, name, context) : deleteConnection(store, name);
  }),
});

app.http(HTTP_FUNCTION.previewConnection, {
  route: 'connections/{name}/preview',
  methods: ['GET'],
  authLevel: AUTH_LEVEL,
  extraInputs: [df.input.durableClient()],
  handler: handle('read', (request, store, context) => previewStoredPlan(store, request.params.name ?? '', context)),
});

app.http(HTTP_FUNCTION.rotateKey, {
  route: 'connections/{name}/rotate-key',
  methods: ['POST'],
  authLevel: AUTH_LEVEL,
  extraInputs: [df.input.durableClient()],
  // No body is read: one declared larger than a few bytes is refused unread. `?site=` rotates one site of a fleet.
  handler: handle('operate', (request, store) =>
    rotateKey(store, request.params.name ?? '', declaredLength(request), request.query.get('site')),
  ),
});

/** `?preview=true` asks what the request would do, doing none of it; undefined: a value that is not a boolean. */
function previewFlag(request: HttpRequest): boolean | undefined {
  const value = request.query.get('preview');
  if (value === null || value === 'false') return false;
  return value === 'true' ? true : undefined;
}

function badPreviewFlag(): ApiResult {
  return validationFailed([{ path: 'preview', message: 'must be true or false' }]);
}
