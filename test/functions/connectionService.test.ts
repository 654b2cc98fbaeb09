// The HTTP endpoints' logic over an in-memory InstanceStore: the content type (415) and validation (400, nothing
// started), the 409 while a connection runs, 202 with our own links only, status/list/delete and their 404s.
import {
  deleteConnection,
  getConnection,
  listConnections,
  startConnection,
  validateBoundPlan,
  type StartOptions,
} from '../../functions/connectionService';
import type { InstanceStore } from '../../functions/instanceStore';
import type { ConnectionListBody, ConnectionStatusBody } from '../../lib/api/connectionStatus';
import type { ResolvedPlan } from '../../lib/plan';
import { MemoryStore } from './memoryStore';
import { REMOVE, minimalPlan, planWith, TEST_STAMPS } from '../lib/planFixtures';

function body(changes: Record<string, unknown> = {}): string {
  return JSON.stringify(planWith(changes, minimalPlan()));
}

/** POST /api/connections as a client sends a plan: with Content-Type application/json. */
function post(store: InstanceStore, text: string | Uint8Array, options: Partial<StartOptions> = {}) {
  return startConnection(store, text, { contentType: 'application/json', stamps: TEST_STAMPS, ...options });
}

function resolved(): ResolvedPlan {
  const result = validateBoundPlan(minimalPlan(), TEST_STAMPS);
  if (!result.ok) throw new Error('fixture');
  return result.plan;
}

/** The plan as a run started before plan versions stored it: bare, its one site an object without a name. */
function bare(): unknown {
  const plan = resolved();
  const { name: _name, ...site } = plan.azureStack[0] ?? {};
  return { ...plan, azureStack: site };
}

describe('POST /api/connections', () => {
  it('starts hc-<name> with the resolved plan and answers 202 with our own status link', async () => {
    const store = new MemoryStore();
    const result = await post(store, body({ ticketId: 'CHG1' }));
    expect(result.status).toBe(202);
    expect(result.headers).toEqual({ Location: '/api/connections/contoso' });
    expect(result.body).toEqual({ name: 'contoso', instanceId: 'hc-contoso', statusUrl: '/api/connections/contoso' });
    expect(store.started).toEqual([
      {
        orchestrator: 'provisionHybridConnection',
        instanceId: 'hc-contoso',
        // Validated once, here, and handed over versioned: the orchestration does not run the rules again.
        input: { planVersion: 2, plan: { ...resolved(), ticketId: 'CHG1' } },
      },
    ]);
    expect(JSON.stringify(result)).not.toMatch(/runtime\/webhooks|code=/);
  });

  it.each([
    [
      'overlapping clouds',
      { 'azureStack.addressSpace': ['10.200.0.0/16', '10.100.128.0/17'] },
      'azureStack.addressSpace[1]',
    ],
    ['a subnet outside its space', { 'azure.workloadSubnet': '10.99.1.0/24' }, 'azure.workloadSubnet'],
    ['a /30 GatewaySubnet', { 'azure.gatewaySubnet': '10.100.255.0/30' }, 'azure.gatewaySubnet'],
    ['a bad SKU for Stack Hub', { 'azureStack.gatewaySku': 'VpnGw1AZ' }, 'azureStack.gatewaySku'],
    ['a bad GUID', { 'azure.subscriptionId': 'not-a-guid' }, 'azure.subscriptionId'],
    [
      'an http ARM endpoint',
      { 'azureStack.armEndpoint': 'http://management.local.azurestack.external' },
      'azureStack.armEndpoint',
    ],
    ['an unknown field', { 'azure.colour': 'blue' }, 'azure.colour'],
    [
      'an ARM endpoint that is no configured stamp',
      { 'azureStack.armEndpoint': 'https://127.0.0.1:9/attacker' },
      'azureStack.armEndpoint',
    ],
    ['an unknown stamp id', { 'azureStack.stamp': 'elsewhere' }, 'azureStack.stamp'],
    [
      "a stamp id with another stamp's endpoint",
      { 'azureStack.stamp': 'local', 'azureStack.armEndpoint': 'https://management.plant2.contoso.com' },
      'azureStack.armEndpoint',
    ],
    [
      "another connection's shared key secret",
      { 'connection.sharedKeySecretName': 'hc-fabrikam-psk' },
      'connection.sharedKeySecretName',
    ],
    [
      'any other secret of the vault',
      { 'connection.sharedKeySecretName': 'sql-admin-password' },
      'connection.sharedKeySecretName',
    ],
  ])('answers 400 with field paths for %s and starts nothing', async (_case, changes, path) => {
    const store = new MemoryStore();
    const result = await post(store, body(changes));
    expect(result.status).toBe(400);
    const errors = (result.body as { errors: { path: string; message: string }[] }).errors;
    expect(errors.map((error) => error.path)).toContain(path);
    expect(errors.every((error) => Object.keys(error).sort().join() === 'message,path')).toBe(true);
    expect(store.started).toEqual([]);
  });

  it('binds a plan to its configured stamp, by id or by endpoint, and lists the configured ids when none matches', async () => {
    const byId = new MemoryStore();
    expect((await post(byId, body({ 'azureStack.armEndpoint': REMOVE, 'azureStack.stamp': 'local' }))).status).toBe(
      202,
    );
    const byEndpoint = new MemoryStore();
    expect(
      (await post(byEndpoint, body({ 'azureStack.armEndpoint': 'HTTPS://Management.local.azurestack.external/' })))
        .status,
    ).toBe(202);
    for (const store of [byId, byEndpoint]) {
      expect(store.started[0]?.input).toMatchObject({
        plan: { azureStack: [{ stamp: 'local', armEndpoint: 'https://management.local.azurestack.external' }] },
      });
    }
    const unconfigured = await post(new MemoryStore(), body(), { stamps: [] });
    expect(unconfigured).toMatchObject({
      status: 400,
      body: {
        errors: [{ path: 'azureStack.armEndpoint', message: expect.stringMatching(/HC_AZURESTACK_STAMPS/) as unknown }],
      },
    });
    const foreign = await post(new MemoryStore(), body({ 'azureStack.armEndpoint': 'https://evil.example' }));
    expect(JSON.stringify(foreign.body)).toMatch(/configured: local/);
  });

  it('refuses a 1 MB body, by its Content-Length or its size, and bad JSON', async () => {
    const store = new MemoryStore();
    const huge = JSON.stringify({ ...minimalPlan(), padding: 'x'.repeat(1024 * 1024) });
    expect((await post(store, '', { declaredLength: huge.length })).status).toBe(400);
    const sized = await post(store, huge);
    expect(sized).toMatchObject({
      status: 400,
      body: { errors: [{ path: '', message: expect.stringMatching(/64 KB/) as unknown }] },
    });
    expect((await post(store, '{"name":')).status).toBe(400);
    expect(store.started).toEqual([]);
  });

  it.each([
    ['no Content-Type', undefined],
    ['an empty one', ''],
    ['text/plain', 'text/plain'],
    ['text/plain; charset=utf-8', 'text/plain; charset=utf-8'],
    ['application/xml', 'application/xml'],
    ['multipart/form-data', 'multipart/form-data; boundary=----x'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['image/png', 'image/png'],
    ['another charset', 'application/json; charset=latin1'],
    ['UTF-16', 'application/json; charset=utf-16'],
    ['"utf8", which is no charset name', 'application/json; charset=utf8'],
    ['another parameter', 'application/json; version=2'],
    ['a +json type', 'application/merge-patch+json'],
    ['text/json', 'text/json'],
    ['two types', 'application/json, text/plain'],
    ['a longer subtype', 'application/jsonx'],
  ])('answers 415 for %s, before reading the body, and starts nothing', async (_case, contentType) => {
    const store = new MemoryStore();
    const options = { stamps: TEST_STAMPS, ...(contentType === undefined ? {} : { contentType }) };
    const expected = {
      status: 415,
      body: { error: { code: 'UnsupportedMediaType', message: 'send the plan as application/json' } },
    };
    expect(await startConnection(store, body(), options)).toEqual(expected);
    // A body that would fail parsing, or is too large, is not looked at: the type is refused first.
    expect(await startConnection(store, '\u0000', options)).toEqual(expected);
    expect(await startConnection(store, '', { ...options, declaredLength: 1024 * 1024 })).toEqual(expected);
    expect(store.started).toEqual([]);
  });

  it.each([
    'application/json',
    'Application/JSON',
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/json; charset="utf-8"',
    ' application/json ;\tCharset=Utf-8 ;',
  ])('accepts %j', async (contentType) => {
    const store = new MemoryStore();
    expect((await startConnection(store, body(), { stamps: TEST_STAMPS, contentType })).status).toBe(202);
    expect(store.started).toHaveLength(1);
  });

  it('answers 400 for a duplicate key, naming where, and for bytes that are not UTF-8, and starts nothing', async () => {
    const store = new MemoryStore();
    const duplicated = body().replace('"location":"westeurope"', '"location":"westeurope","location":"eastus"');
    expect(await post(store, duplicated)).toEqual({
      status: 400,
      body: { errors: [{ path: 'azure', message: 'duplicate key "location": an ambiguous plan is not guessed' }] },
    });
    // A valid plan whose ticket id carries one Latin-1 byte (0xE9, "é"): refused, not read as U+FFFD.
    const latin1 = Buffer.from(body({ ticketId: 'CHG-é' }), 'latin1');
    expect(await post(store, latin1)).toEqual({
      status: 400,
      body: { errors: [{ path: '', message: 'body is not valid UTF-8: send the plan as UTF-8 JSON' }] },
    });
    expect(await post(store, Buffer.from(body()))).toMatchObject({ status: 202 });
    expect(store.started.map((s) => s.instanceId)).toEqual(['hc-contoso']);
  });

  it.each(['Running', 'Pending', 'Suspended'])(
    'answers 409 with the %s instance’s links and starts nothing',
    async (runtimeStatus) => {
      const store = new MemoryStore();
      store.put('hc-contoso', { runtimeStatus });
      const result = await post(store, body());
      expect(result.status).toBe(409);
      expect(result.headers).toEqual({ Location: '/api/connections/contoso' });
      expect(result.body).toEqual({
        error: { code: 'ConnectionInProgress', message: expect.stringContaining(runtimeStatus) as unknown },
        name: 'contoso',
        instanceId: 'hc-contoso',
        runtimeStatus,
        statusUrl: '/api/connections/contoso',
      });
      expect(store.started).toEqual([]);
    },
  );

  it('reruns a Failed or Completed connection (adopting what exists)', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Failed' });
    expect((await post(store, body())).status).toBe(202);
    expect(store.started).toHaveLength(1);
  });

  it('refuses a rerun while a rotation of the connection runs, and reads no instance list for a first start', async () => {
    const store = new MemoryStore();
    const listed = jest.spyOn(store, 'list');
    expect((await post(store, body())).status).toBe(202);
    expect(listed).not.toHaveBeenCalled();

    const rerun = new MemoryStore();
    rerun.put('hc-contoso', { runtimeStatus: 'Completed' });
    rerun.put('hc-contoso:rotate-20250301T080000Z', { name: 'rotateSharedKey', runtimeStatus: 'Running' });
    const result = await post(rerun, body());
    expect(result).toMatchObject({ status: 409, body: { error: { code: 'RotationInProgress' } } });
    expect(rerun.started).toEqual([]);
  });

  it('answers 409 while the connection is being torn down', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Completed' });
    store.put('hc-contoso:teardown', { name: 'teardownHybridConnection', runtimeStatus: 'Running' });
    const result = await post(store, body());
    expect(result).toMatchObject({ status: 409, body: { error: { code: 'TeardownInProgress' } } });
    expect(store.started).toEqual([]);
  });

  it('lets only one of two simultaneous requests for the same name start it', async () => {
    const store = new MemoryStore();
    let second: Promise<unknown> | undefined;
    store.onStart = () => {
      store.onStart = undefined;
      second = post(store, body());
      return Promise.resolve();
    };
    const first = await post(store, body());
    expect(first.status).toBe(202);
    expect(await second).toMatchObject({ status: 409 });
    expect(store.started).toHaveLength(1);
  });
});

describe('GET /api/connections/{name}', () => {
  it('answers 404 JSON for an unknown connection and 400 for a name that cannot be one', async () => {
    const store = new MemoryStore();
    expect(await getConnection(store, 'nobody')).toMatchObject({
      status: 404,
      body: { error: { code: 'ConnectionNotFound' } },
    });
    expect(await getConnection(store, '../etc')).toMatchObject({ status: 400, body: { errors: [{ path: 'name' }] } });
  });

  it('answers the domain status built from the instance and its children', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', {
      input: bare(),
      customStatus: {
        kind: 'connection',
        phase: 'sites',
        stages: { azure: {}, azureStack: {} },
        tunnel: { state: 'pending' },
        verify: { state: 'pending' },
        events: ['hc-contoso/started/all'],
      },
    });
    store.put('hc-contoso:azure', {
      name: 'provisionSite',
      createdTime: '2025-03-01T08:00:01.000Z',
      customStatus: {
        kind: 'site',
        cloud: 'azure',
        stages: {
          resourceGroup: { state: 'succeeded', resourceId: '/subscriptions/s/resourceGroups/rg' },
          gateway: { state: 'running', detail: 'Updating' },
        },
        events: [],
      },
    });
    const result = await getConnection(store, 'contoso');
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      name: 'contoso',
      instanceId: 'hc-contoso',
      runtimeStatus: 'Running',
      phase: 'sites',
      stages: {
        azure: { resourceGroup: { state: 'succeeded' }, gateway: { state: 'running' }, tunnel: { state: 'pending' } },
      },
      events: ['hc-contoso/started/all'],
      error: null,
    });
    // The plan is not echoed.
    expect(JSON.stringify(result.body)).not.toContain('sshPublicKey');
  });
});

describe('GET /api/connections', () => {
  it('lists provisioning instances only, by name, a page at a time', async () => {
    const store = new MemoryStore();
    for (const name of ['delta', 'alpha', 'charlie', 'bravo'])
      store.put(`hc-${name}`, { runtimeStatus: name === 'alpha' ? 'Failed' : 'Completed' });
    store.put('hc-alpha:azure', { name: 'provisionSite' });
    store.put('hc-bravo:teardown', { name: 'teardownHybridConnection' });
    store.put('someone-elses-instance');
    const first = await listConnections(store, { top: '3' });
    expect(first.body).toMatchObject({
      items: [{ name: 'alpha' }, { name: 'bravo' }, { name: 'charlie' }],
      continuationToken: 'charlie',
    });
    const second = await listConnections(store, { top: '3', continuationToken: 'charlie' });
    expect(second.body).toEqual({
      items: [expect.objectContaining({ name: 'delta', statusUrl: '/api/connections/delta' }) as unknown],
      now: store.time,
    });
    const failed = await listConnections(store, { runtimeStatus: 'Failed' });
    expect((failed.body as { items: { name: string }[] }).items.map((item) => item.name)).toEqual(['alpha']);
    expect((await listConnections(store, { top: '0' })).status).toBe(400);
  });
});

describe('GET /api/connections: phase, last update and now', () => {
  it('says deleting and deleted from the teardown, and the last update of a run whose sites are building', async () => {
    const store = new MemoryStore();
    store.put('hc-alpha', { runtimeStatus: 'Completed', lastUpdatedTime: '2025-03-01T08:40:00.000Z' });
    store.put('hc-alpha:teardown', {
      name: 'teardownHybridConnection',
      createdTime: '2025-03-01T08:50:00.000Z',
      runtimeStatus: 'Running',
    });
    store.put('hc-bravo', { runtimeStatus: 'Completed', lastUpdatedTime: '2025-03-01T08:40:00.000Z' });
    store.put('hc-bravo:teardown', {
      name: 'teardownHybridConnection',
      createdTime: '2025-03-01T08:50:00.000Z',
      runtimeStatus: 'Completed',
    });
    store.put('hc-charlie', { lastUpdatedTime: '2025-03-01T08:00:01.000Z' });
    store.put('hc-charlie:azure', { name: 'provisionSite', lastUpdatedTime: '2025-03-01T08:12:00.000Z' });
    store.time = '2025-03-01T09:00:00.000Z';
    const body = (await listConnections(store)).body as ConnectionListBody;
    expect(body.items.map(({ name, phase, lastUpdatedTime }) => ({ name, phase, lastUpdatedTime }))).toEqual([
      { name: 'alpha', phase: 'deleting', lastUpdatedTime: '2025-03-01T08:40:00.000Z' },
      { name: 'bravo', phase: 'deleted', lastUpdatedTime: '2025-03-01T08:40:00.000Z' },
      { name: 'charlie', phase: null, lastUpdatedTime: '2025-03-01T08:12:00.000Z' },
    ]);
    expect(body.now).toBe('2025-03-01T09:00:00.000Z');
  });
});

describe('DELETE /api/connections/{name}', () => {
  it('starts the teardown with the plan the connection ran with and answers 202 with our link', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Completed', input: { planVersion: 2, plan: resolved() } });
    const result = await deleteConnection(store, 'contoso');
    expect(result).toMatchObject({
      status: 202,
      headers: { Location: '/api/connections/contoso' },
      body: { instanceId: 'hc-contoso:teardown' },
    });
    expect(store.started).toEqual([
      {
        orchestrator: 'teardownHybridConnection',
        instanceId: 'hc-contoso:teardown',
        input: { planVersion: 2, plan: resolved() },
      },
    ]);
  });

  it('stops a running health monitor (StopMonitor) before it starts the teardown, and leaves a stopped one be', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Completed', input: { planVersion: 2, plan: resolved() } });
    store.put('hc-contoso:monitor', { name: 'monitorTunnel', runtimeStatus: 'Running' });
    store.onStart = () => {
      // The event is raised before the teardown exists.
      expect(store.raised).toEqual([
        { instanceId: 'hc-contoso:monitor', eventName: 'StopMonitor', data: { reason: 'teardown' } },
      ]);
      return Promise.resolve();
    };
    expect((await deleteConnection(store, 'contoso')).status).toBe(202);
    expect(store.raised).toHaveLength(1);

    const again = new MemoryStore();
    again.put('hc-contoso', { runtimeStatus: 'Completed', input: { planVersion: 2, plan: resolved() } });
    again.put('hc-contoso:monitor', { name: 'monitorTunnel', runtimeStatus: 'Completed' });
    expect((await deleteConnection(again, 'contoso')).status).toBe(202);
    expect(again.raised).toEqual([]);
  });

  it('shows the monitor from its custom status: running while alive, stopped once ended', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Completed', input: { planVersion: 2, plan: resolved() } });
    const custom = {
      kind: 'monitor',
      state: 'running',
      intervalMinutes: 5,
      repair: { afterFailedReads: 3, maxPerDay: 3 },
      reads: [{ readAt: '2025-03-01T08:20:00.000Z', sides: { azure: { connectionStatus: 'Connected' } } }],
      transitions: [],
      repairs: [],
      generation: 2,
    };
    store.put('hc-contoso:monitor', { name: 'monitorTunnel', runtimeStatus: 'Running', customStatus: custom });
    const running = await getConnection(store, 'contoso');
    expect((running.body as ConnectionStatusBody).monitor).toEqual({
      instanceId: 'hc-contoso:monitor',
      state: 'running',
      intervalMinutes: 5,
      repair: { afterFailedReads: 3, maxPerDay: 3 },
      reads: custom.reads,
      transitions: [],
      repairs: [],
    });
    store.put('hc-contoso:monitor', { name: 'monitorTunnel', runtimeStatus: 'Terminated', customStatus: custom });
    expect(((await getConnection(store, 'contoso')).body as ConnectionStatusBody).monitor?.state).toBe('stopped');
  });

  it('tears down a run stored before plan versions (a bare plan) the same way', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Failed', input: bare() });
    expect((await deleteConnection(store, 'contoso')).status).toBe(202);
    // Read as the one site named azurestack, and handed to the teardown as a plan of today's version.
    expect(store.started[0]?.input).toEqual({ planVersion: 2, plan: resolved() });
  });

  it('answers 500 StoredPlanInvalid, starting nothing, when the stored input is no plan it can read', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Failed', input: { planVersion: 9, plan: resolved() } });
    expect(await deleteConnection(store, 'contoso')).toMatchObject({
      status: 500,
      body: { error: { code: 'StoredPlanInvalid' }, errors: [{ path: 'planVersion' }] },
    });
    expect(store.started).toEqual([]);
  });

  it('answers 404 when unknown, 409 while provisioning runs, and 202 again while the teardown runs', async () => {
    const store = new MemoryStore();
    expect((await deleteConnection(store, 'contoso')).status).toBe(404);
    store.put('hc-contoso', { runtimeStatus: 'Running', input: bare() });
    expect(await deleteConnection(store, 'contoso')).toMatchObject({
      status: 409,
      body: { error: { code: 'ProvisioningInProgress' } },
    });
    store.put('hc-contoso', { runtimeStatus: 'Failed', input: bare() });
    store.put('hc-contoso:teardown', { name: 'teardownHybridConnection', runtimeStatus: 'Running' });
    expect(await deleteConnection(store, 'contoso')).toMatchObject({ status: 202, body: { runtimeStatus: 'Running' } });
    expect(store.started).toEqual([]);
  });

  it('never lets a start and a teardown of the same connection both begin at the same moment', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Failed', input: bare() });
    let racingStart: Promise<unknown> | undefined;
    store.onStart = () => {
      store.onStart = undefined;
      racingStart = post(store, body());
      return Promise.resolve();
    };
    expect(await deleteConnection(store, 'contoso')).toMatchObject({ status: 202 });
    expect(await racingStart).toMatchObject({ status: 409 });
    expect(store.started.map((s) => s.orchestrator)).toEqual(['teardownHybridConnection']);
  });

  it('starts one teardown for two simultaneous DELETEs', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Completed', input: bare() });
    let second: Promise<unknown> | undefined;
    store.onStart = () => {
      store.onStart = undefined;
      second = deleteConnection(store, 'contoso');
      return Promise.resolve();
    };
    expect(await deleteConnection(store, 'contoso')).toMatchObject({ status: 202 });
    expect(await second).toMatchObject({ status: 409, body: { error: { code: 'ConnectionChanging' } } });
    expect(store.started).toHaveLength(1);
  });
});
