// The registered HTTP handlers, invoked as the worker does (HttpRequest + InvocationContext with a durable client
// binding), with the real DurableClient talking over HTTP to a small stand-in for the Durable extension's API.
// Proves the wiring: routes and params, the client adapter (404 -> unknown, startNew), status codes and headers.
import '../orchestrations/registeredFunctions';
import '../../functions/index';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpRequest, InvocationContext, type HttpResponseInit } from '@azure/functions';
import { minimalPlan, startedRunInput, TEST_STAMPS_SETTING } from '../lib/planFixtures';
import { registered } from '../orchestrations/registeredFunctions';
import { MemoryStore } from './memoryStore';

/** The extension's HTTP API, as much as the client needs (docs/durable-protocol.md §5.2-5.4), over a MemoryStore. */
function durableApi(store: MemoryStore): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const reply = (status: number, json?: unknown): void => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(json === undefined ? '' : JSON.stringify(json));
      };
      const started = /^\/durabletask\/orchestrators\/([^/]+)\/(.+)$/.exec(url.pathname);
      if (request.method === 'POST' && started) {
        const [, name = '', id = ''] = started;
        void store
          .start(decodeURIComponent(name), decodeURIComponent(id), body ? (JSON.parse(body) as unknown) : null)
          .then(() => reply(202, { id: decodeURIComponent(id) }));
        return;
      }
      if (request.method === 'GET' && url.pathname === '/durabletask/instances/') {
        void store.list().then((all) => reply(200, all.map(payload)));
        return;
      }
      const instance = /^\/durabletask\/instances\/(.+)$/.exec(url.pathname);
      if (request.method === 'GET' && instance) {
        void store
          .get(decodeURIComponent(instance[1] ?? ''))
          .then((found) => (found ? reply(200, payload(found)) : reply(404)));
        return;
      }
      reply(400, { Message: `unexpected ${request.method ?? ''} ${url.pathname}` });
    });
  });
}

function payload(snapshot: {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  input?: unknown;
  output?: unknown;
  customStatus?: unknown;
}) {
  return {
    name: snapshot.name,
    instanceId: snapshot.instanceId,
    runtimeStatus: snapshot.runtimeStatus,
    input: snapshot.input ?? null,
    output: snapshot.output ?? null,
    customStatus: snapshot.customStatus ?? null,
    createdTime: '2025-03-01T08:00:00Z',
    lastUpdatedTime: '2025-03-01T08:01:00Z',
  };
}

describe('HTTP handlers with the real DurableClient', () => {
  let server: Server;
  let rpcBaseUrl: string;
  let store: MemoryStore;

  const savedStamps = process.env.HC_AZURESTACK_STAMPS;

  beforeAll(async () => {
    // The app setting the trigger binds plans with, as the Functions host would provide it.
    process.env.HC_AZURESTACK_STAMPS = TEST_STAMPS_SETTING;
    store = new MemoryStore();
    server = durableApi(store);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    rpcBaseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/durabletask/`;
  });

  afterAll(async () => {
    if (savedStamps === undefined) delete process.env.HC_AZURESTACK_STAMPS;
    else process.env.HC_AZURESTACK_STAMPS = savedStamps;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    store.instances.clear();
    store.started.length = 0;
  });

  async function invoke(
    name: string,
    request: {
      method: string;
      path: string;
      params?: Record<string, string>;
      body?: string | Uint8Array;
      headers?: Record<string, string>;
      /** The Content-Type header; null sends none. */
      contentType?: string | null;
    },
    /** Sees the request before the handler runs (to spy on how its body is read). */
    onRequest: (request: HttpRequest) => void = () => undefined,
  ): Promise<HttpResponseInit> {
    const fn = registered(name);
    const bindings = Object.values(fn.metadata.bindings);
    const trigger = bindings.find((binding) => binding.type === 'httpTrigger');
    const client = bindings.find((binding) => binding.type === 'durableClient');
    if (!trigger || !client) throw new Error(`${name} lacks its bindings`);
    const context = new InvocationContext({
      invocationId: `test-${name}`,
      functionName: name,
      options: { trigger: trigger as never, extraInputs: [client as never], extraOutputs: [] },
      logHandler: () => undefined,
    });
    context.extraInputs.set(String(client.name), {
      taskHubName: 'HybridConnection',
      connectionName: null,
      creationUrls: { createNewInstancePostUri: 'unused', createAndWaitOnNewInstancePostUri: 'unused' },
      managementUrls: {
        id: 'INSTANCEID',
        statusQueryGetUri: 'http://localhost:7071/runtime/webhooks/durabletask/instances/INSTANCEID?code=SYSTEMKEY',
      },
      baseUrl: 'http://localhost:7071/runtime/webhooks/durabletask',
      requiredQueryStringParameters: 'code=SYSTEMKEY',
      rpcBaseUrl,
      httpBaseUrl: null,
    });
    const contentType = request.contentType === undefined ? 'application/json' : request.contentType;
    const { body } = request;
    const httpRequest = new HttpRequest({
      method: request.method,
      url: `http://localhost:7071${request.path}`,
      headers: { ...(contentType === null ? {} : { 'content-type': contentType }), ...(request.headers ?? {}) },
      params: request.params ?? {},
      ...(body === undefined ? {} : { body: typeof body === 'string' ? { string: body } : { bytes: body } }),
    });
    onRequest(httpRequest);
    return (await fn.handler(httpRequest, context)) as HttpResponseInit;
  }

  it('POST starts the orchestration through the client and never returns the management URL or system key', async () => {
    const response = await invoke('startConnection', {
      method: 'POST',
      path: '/api/connections',
      body: JSON.stringify(minimalPlan()),
    });
    expect(response.status).toBe(202);
    expect(response.headers).toMatchObject({ Location: '/api/connections/contoso' });
    expect(store.started.map((s) => [s.orchestrator, s.instanceId])).toEqual([
      ['provisionHybridConnection', 'hc-contoso'],
    ]);
    expect(JSON.stringify(response)).not.toMatch(/SYSTEMKEY|webhooks/);
  });

  it('POST answers 409 when the client finds the instance running, and 400 for a bad plan', async () => {
    store.put('hc-contoso', { runtimeStatus: 'Running' });
    expect(
      (
        await invoke('startConnection', {
          method: 'POST',
          path: '/api/connections',
          body: JSON.stringify(minimalPlan()),
        })
      ).status,
    ).toBe(409);
    expect((await invoke('startConnection', { method: 'POST', path: '/api/connections', body: '{}' })).status).toBe(
      400,
    );
    expect(
      (
        await invoke('startConnection', {
          method: 'POST',
          path: '/api/connections',
          body: '',
          headers: { 'content-length': String(1024 * 1024) },
        })
      ).status,
    ).toBe(400);
    expect(store.started).toEqual([]);
  });

  it.each([null, 'text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'image/png'])(
    'POST answers 415 for Content-Type %s without reading the body, and starts nothing',
    async (contentType) => {
      const reads: string[] = [];
      const response = await invoke(
        'startConnection',
        { method: 'POST', path: '/api/connections', body: JSON.stringify(minimalPlan()), contentType },
        (request) => {
          for (const method of ['text', 'arrayBuffer', 'json', 'blob', 'formData'] as const) {
            jest.spyOn(request, method).mockImplementation(() => {
              reads.push(method);
              return Promise.reject(new Error('the body must not be read'));
            });
          }
        },
      );
      expect(response).toMatchObject({
        status: 415,
        jsonBody: { error: { code: 'UnsupportedMediaType', message: 'send the plan as application/json' } },
      });
      expect(reads).toEqual([]);
      expect(store.started).toEqual([]);
    },
  );

  it('POST reads the body as bytes: 400 for bytes that are not UTF-8 and for a duplicate key; starts nothing', async () => {
    const text = JSON.stringify(minimalPlan());
    const notUtf8 = Buffer.concat([Buffer.from(text.slice(0, -1)), Buffer.from(',"ticketId":"\xe9"}', 'latin1')]);
    expect(await invoke('startConnection', { method: 'POST', path: '/api/connections', body: notUtf8 })).toMatchObject({
      status: 400,
      jsonBody: { errors: [{ path: '', message: 'body is not valid UTF-8: send the plan as UTF-8 JSON' }] },
    });
    const duplicated = text.replace('"name":"contoso"', '"name":"contoso","name":"fabrikam"');
    expect(
      await invoke('startConnection', {
        method: 'POST',
        path: '/api/connections',
        body: duplicated,
        contentType: 'application/json; charset=utf-8',
      }),
    ).toMatchObject({
      status: 400,
      jsonBody: { errors: [{ path: '', message: 'duplicate key "name": an ambiguous plan is not guessed' }] },
    });
    expect(store.started).toEqual([]);
  });

  it('GET reads the instance and its children through the client; the client’s 404 becomes our 404', async () => {
    expect(
      await invoke('getConnection', { method: 'GET', path: '/api/connections/contoso', params: { name: 'contoso' } }),
    ).toMatchObject({
      status: 404,
      jsonBody: { error: { code: 'ConnectionNotFound' } },
    });
    store.put('hc-contoso', {
      runtimeStatus: 'Running',
      customStatus: {
        kind: 'connection',
        phase: 'sites',
        stages: { azure: {}, azureStack: {} },
        tunnel: { state: 'pending' },
        verify: { state: 'pending' },
        events: [],
      },
    });
    store.put('hc-contoso:azure', {
      name: 'provisionSite',
      customStatus: { kind: 'site', cloud: 'azure', stages: { gateway: { state: 'running' } }, events: [] },
    });
    const response = await invoke('getConnection', {
      method: 'GET',
      path: '/api/connections/contoso',
      params: { name: 'contoso' },
    });
    expect(response).toMatchObject({
      status: 200,
      jsonBody: { runtimeStatus: 'Running', stages: { azure: { gateway: { state: 'running' } } } },
    });
  });

  it('GET /api/connections lists through the client; DELETE starts the teardown', async () => {
    store.put('hc-contoso', { runtimeStatus: 'Completed', input: startedRunInput() });
    store.put('hc-contoso:azure', { name: 'provisionSite', runtimeStatus: 'Completed' });
    const list = await invoke('listConnections', { method: 'GET', path: '/api/connections?top=10' });
    expect(list.jsonBody).toEqual({
      items: [expect.objectContaining({ name: 'contoso', runtimeStatus: 'Completed' }) as unknown],
      now: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    const deleted = await invoke('deleteConnection', {
      method: 'DELETE',
      path: '/api/connections/contoso',
      params: { name: 'contoso' },
    });
    expect(deleted).toMatchObject({ status: 202, jsonBody: { instanceId: 'hc-contoso:teardown' } });
    expect(store.started.map((s) => s.instanceId)).toEqual(['hc-contoso:teardown']);
  });
});
