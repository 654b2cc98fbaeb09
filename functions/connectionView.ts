// Registers the status pages (read authority, like the API's GETs): `GET /api/connections/{name}/view` draws one
// connection's blueprint live, `GET /api/connections/view` lists them all. The literal route `connections/view`
// outranks `connections/{name}` (literal segments first, as ASP.NET routing orders them). Pages carry no key: their
// script reuses the `?code=` of the page's own URL. Never puts the plan's secrets or SSH keys in a page.
import { randomBytes } from 'node:crypto';
import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { instanceIdFor } from '../lib/naming';
import { readProvisionInput } from '../orchestrations/planInput';
import { ROUTE_PREFIX, statusUrlFor } from './apiResult';
import { authorize } from './authorization';
import { AUTH_LEVEL, LIVE_STATE } from './connectionsApi';
import { getConnection, listConnections, MAX_PAGE_SIZE } from './connectionService';
import { durableInstanceStore, type InstanceSnapshot, type InstanceStore } from './instanceStore';
import type { LiveStateSource } from './live/liveState';
import { taskHubClock } from './taskHubClock';
import { layoutFromName, layoutOf, type PageLayout } from './view/pageModel';
import { connectionPageHtml, listPageHtml, messagePageHtml, pageHeaders } from './view/pageDocument';

export const VIEW_FUNCTION = {
  connectionView: 'connectionView',
  connectionsView: 'connectionsView',
} as const;

/** How often an open page asks for fresh status. */
export const PAGE_REFRESH_MS = 3000;

/** One connection's page, or a refusal page with the API's status code. */
export async function connectionViewResponse(
  store: InstanceStore,
  name: string,
  live: LiveStateSource = LIVE_STATE,
): Promise<HttpResponseInit> {
  const nonce = randomBytes(16).toString('base64');
  // Read the provisioning instance once: getConnection needs it, the layout wants its input (the plan).
  let provisioning: InstanceSnapshot | undefined;
  const recording: InstanceStore = {
    get: async (instanceId) => {
      const snapshot = await store.get(instanceId);
      if (instanceId === instanceIdFor(name)) provisioning = snapshot;
      return snapshot;
    },
    // Delegated one by one: a store may be a class instance, whose methods a spread would not copy.
    start: (orchestrator, instanceId, input) => store.start(orchestrator, instanceId, input),
    list: () => store.list(),
    raiseEvent: (instanceId, eventName, data) => store.raiseEvent(instanceId, eventName, data),
    now: () => store.now(),
  };
  // The page shows the live state by default (its refreshes ask for it too), from the API's cache.
  const result = await getConnection(recording, name, { live });
  if (result.status !== 200) {
    const message =
      result.status === 404
        ? `There is no connection named ${name}. Start one with POST /${ROUTE_PREFIX}/connections.`
        : `${name} is not a connection name: lowercase letters, digits and hyphens, starting with a letter.`;
    return { status: result.status, body: messagePageHtml('Not found', message, nonce), headers: pageHeaders(nonce) };
  }
  const html = connectionPageHtml(
    {
      name,
      statusPath: statusUrlFor(name),
      refreshMs: PAGE_REFRESH_MS,
      layout: pageLayout(name, provisioning?.input),
      status: result.body,
    },
    nonce,
  );
  return { status: 200, body: html, headers: pageHeaders(nonce) };
}

export async function connectionsViewResponse(store: InstanceStore): Promise<HttpResponseInit> {
  const nonce = randomBytes(16).toString('base64');
  const result = await listConnections(store, { top: String(MAX_PAGE_SIZE) });
  const body = result.body as { items?: unknown; now?: unknown };
  const html = listPageHtml(
    {
      listPath: `/${ROUTE_PREFIX}/connections?top=${MAX_PAGE_SIZE}`,
      refreshMs: PAGE_REFRESH_MS * 2,
      items: Array.isArray(body.items) ? (body.items as unknown[]) : [],
      now: body.now,
    },
    nonce,
  );
  return { status: result.status, body: html, headers: pageHeaders(nonce) };
}

/** The blueprint's layout from the plan the run stored (any plan version this app reads); else names alone. */
export function pageLayout(name: string, input: unknown): PageLayout {
  const stored = readProvisionInput(input);
  return stored.ok ? layoutOf(stored.plan) : layoutFromName(name);
}

/** The read check for a page: a refusal is a page too, with the API's status code. */
function refusedPage(request: HttpRequest): HttpResponseInit | undefined {
  const refused = authorize(request, 'read');
  if (!refused) return undefined;
  const nonce = randomBytes(16).toString('base64');
  const message = refused.status === 401 ? 'Sign in to see connections.' : 'You may not see connections.';
  return { status: refused.status, body: messagePageHtml('Not allowed', message, nonce), headers: pageHeaders(nonce) };
}

/** Registers a page (read authority, like the API's GETs): a refusal is a page too; every answer is logged. */
function registerPage(
  name: string,
  route: string,
  respond: (request: HttpRequest, store: InstanceStore) => Promise<HttpResponseInit>,
): void {
  app.http(name, {
    route,
    methods: ['GET'],
    authLevel: AUTH_LEVEL,
    extraInputs: [df.input.durableClient()],
    handler: async (request: HttpRequest, context: InvocationContext) => {
      const store = durableInstanceStore(df.getClient(context), taskHubClock(context));
      const response = refusedPage(request) ?? (await respond(request, store));
      context.log(`GET ${new URL(request.url).pathname} -> ${response.status ?? 200}`);
      return response;
    },
  });
}

registerPage(VIEW_FUNCTION.connectionsView, 'connections/view', (_request, store) => connectionsViewResponse(store));
registerPage(VIEW_FUNCTION.connectionView, 'connections/{name}/view', (request, store) =>
  connectionViewResponse(store, request.params.name ?? ''),
);
