// The Durable extension's HTTP API: the real DurableClient (rpcBaseUrl mode, over the loopback RPC listener) and
// the public management URLs via handleHttp, including status codes, paging, purge and the unsupported routes.
jest.mock('@azure/functions-core', () => jest.requireActual<object>('./helpers/fakeFunctionsCore'), { virtual: true });

import { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient, OrchestrationContext } from 'durable-functions';
import type { DurableExtension, RuntimeHttpResponse } from '../../../runtime/contracts';
import { startClientHarness, type ClientHarness } from './helpers/clientHarness';

df.app.activity('Upper', { handler: (s: string) => s.toUpperCase() });
df.app.orchestration('Shout', function* (context: OrchestrationContext) {
  const text = context.df.getInput<string>();
  const shouted: unknown = yield context.df.callActivity('Upper', text);
  return shouted;
});
df.app.orchestration('Gate', function* (context: OrchestrationContext) {
  context.df.setCustomStatus({ waitingFor: 'Open' });
  const value: unknown = yield context.df.waitForExternalEvent('Open');
  return value;
});

// jest's asymmetric matchers are typed `any`; typed aliases keep the assertions lint-clean.
const secondsTime: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
const mentionsNotSupported: unknown = expect.stringContaining('not supported');

const PUBLIC = 'http://127.0.0.1:7071';
const SYSTEM_KEY = 'sys-key';
let harness: ClientHarness;
let extension: DurableExtension;
let client: DurableClient;

beforeAll(async () => {
  harness = await startClientHarness({ hubName: 'ApiHub', publicBaseUrl: PUBLIC, systemKey: SYSTEM_KEY });
  ({ extension, client } = harness);
});

afterAll(() => harness.stop());

async function publicCall(
  method: string,
  url: string,
  body?: string,
  contentType = 'application/json',
): Promise<RuntimeHttpResponse> {
  return extension.handleHttp({
    method,
    url: new URL(url),
    headers: body === undefined ? {} : { 'content-type': contentType },
    body: Buffer.from(body ?? ''),
  });
}

function bodyOf(response: RuntimeHttpResponse): unknown {
  return typeof response.body === 'string' && response.body !== '' ? (JSON.parse(response.body) as unknown) : undefined;
}

async function waitForStatus(id: string, status: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (String((await client.getStatus(id)).runtimeStatus) === status) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${id} never reached ${status}`);
}

describe('Durable HTTP API', () => {
  it('hands out client input data with the RPC base URL and key-bearing management URLs', () => {
    const data = extension.clientInputData() as {
      rpcBaseUrl: string;
      managementUrls: Record<string, string>;
      taskHubName: string;
    };
    expect(data.taskHubName).toBe('ApiHub');
    expect(data.rpcBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]{43}\/durabletask\/$/);
    expect(data.managementUrls.statusQueryGetUri).toBe(
      `${PUBLIC}/runtime/webhooks/durabletask/instances/INSTANCEID?taskHub=ApiHub&connection=Storage&code=${SYSTEM_KEY}`,
    );
  });

  it('starts, tracks and completes an orchestration through the real DurableClient', async () => {
    const id = await client.startNew('Shout', { input: 'hello' });
    await waitForStatus(id, 'Completed');
    const status = await client.getStatus(id, { showHistory: true, showHistoryOutput: true });
    expect(status.output).toBe('HELLO');
    expect(status.input).toBe('hello');
    const raw = bodyOf(
      await publicCall(
        'GET',
        `${PUBLIC}/runtime/webhooks/durabletask/instances/${id}?showHistory=true&showHistoryOutput=true`,
      ),
    ) as {
      historyEvents: Array<Record<string, unknown>>;
    };
    expect(raw.historyEvents.map((e) => e.EventType)).toEqual([
      'ExecutionStarted',
      'TaskCompleted',
      'ExecutionCompleted',
    ]);
    expect(raw.historyEvents[1]).toMatchObject({ FunctionName: 'Upper', Result: 'HELLO' });
  });

  it('answers 202 with Location while running and 200 once done, with the custom status visible', async () => {
    const id = await client.startNew('Gate', { instanceId: 'gate-1' });
    await waitForStatus(id, 'Running');
    const url = `${PUBLIC}/runtime/webhooks/durabletask/instances/${id}?taskHub=ApiHub&connection=Storage&code=${SYSTEM_KEY}`;
    const running = await publicCall('GET', url);
    expect(running.status).toBe(202);
    expect(running.headers?.location).toBe(url);
    expect(bodyOf(running)).toMatchObject({ runtimeStatus: 'Running', customStatus: { waitingFor: 'Open' } });
    await client.raiseEvent(id, 'Open', { door: 1 });
    await waitForStatus(id, 'Completed');
    const done = await publicCall('GET', url);
    expect(done.status).toBe(200);
    expect(bodyOf(done)).toMatchObject({
      output: { door: 1 },
      createdTime: secondsTime,
    });
    // Events for a finished instance are refused with 410, which DurableClient treats as success.
    expect(
      (await publicCall('POST', `${PUBLIC}/runtime/webhooks/durabletask/instances/${id}/raiseEvent/Open`, '{}')).status,
    ).toBe(410);
    await expect(client.raiseEvent(id, 'Open', 1)).resolves.toBeUndefined();
  });

  it('makes createCheckStatusResponse URLs that work as returned', async () => {
    const id = await client.startNew('Gate');
    const request = new HttpRequest({ method: 'POST', url: `${PUBLIC}/api/start` });
    const response = client.createCheckStatusResponse(request, id);
    expect(response.status).toBe(202);
    const links = (await response.json()) as Record<string, string>;
    await waitForStatus(id, 'Running');
    expect((await publicCall('GET', links.statusQueryGetUri ?? '')).status).toBe(202);
    const suspend = await publicCall('POST', (links.suspendPostUri ?? '').replace('{text}', 'pause'));
    expect(suspend.status).toBe(202);
    await waitForStatus(id, 'Suspended');
    expect((await publicCall('POST', (links.resumePostUri ?? '').replace('{text}', 'go'))).status).toBe(202);
    await waitForStatus(id, 'Running');
    const send = await publicCall('POST', (links.sendEventPostUri ?? '').replace('{eventName}', 'Open'), '"x"');
    expect(send.status).toBe(202);
    await waitForStatus(id, 'Completed');
    expect((await publicCall('DELETE', links.purgeHistoryDeleteUri ?? '')).status).toBe(200);
    expect((await publicCall('GET', links.statusQueryGetUri ?? '')).status).toBe(404);
  });

  it('terminates through the public URL and refuses a second terminate with 410', async () => {
    const id = await client.startNew('Gate');
    await waitForStatus(id, 'Running');
    const url = `${PUBLIC}/runtime/webhooks/durabletask/instances/${id}/terminate?reason=stop&code=${SYSTEM_KEY}`;
    expect((await publicCall('POST', url)).status).toBe(202);
    await waitForStatus(id, 'Terminated');
    expect((await client.getStatus(id)).output).toBe('stop');
    expect((await publicCall('POST', url)).status).toBe(410);
  });

  it('rejects events without a JSON content type, unknown ids and unknown orchestrators', async () => {
    const id = await client.startNew('Gate');
    const raise = `${PUBLIC}/runtime/webhooks/durabletask/instances/${id}/raiseEvent/Open`;
    expect((await publicCall('POST', raise, 'x', 'text/plain')).status).toBe(400);
    expect((await publicCall('POST', raise, '{not json')).status).toBe(400);
    await expect(client.getStatus('does-not-exist')).rejects.toThrow(/404/);
    await expect(client.raiseEvent('does-not-exist', 'Open', 1)).rejects.toThrow(/No instance/);
    await expect(client.startNew('NotAnOrchestrator')).rejects.toThrow(/400/);
    await client.terminate(id, 'cleanup');
  });

  it('queries by status with paging via x-ms-continuation-token and purges by filter', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push(await client.startNew('Shout', { instanceId: `page-${i}`, input: `n${i}` }));
    for (const id of ids) await waitForStatus(id, 'Completed');
    const page = await publicCall(
      'GET',
      `${PUBLIC}/runtime/webhooks/durabletask/instances/?instanceIdPrefix=page-&top=3`,
    );
    expect((bodyOf(page) as unknown[]).length).toBe(3);
    const seen = (bodyOf(page) as Array<{ instanceId: string }>).map((s) => s.instanceId);
    let token = page.headers?.['x-ms-continuation-token'];
    while (token) {
      const next = await extension.handleHttp({
        method: 'GET',
        url: new URL(`${PUBLIC}/runtime/webhooks/durabletask/instances/?instanceIdPrefix=page-&top=3`),
        headers: { 'x-ms-continuation-token': token },
        body: Buffer.alloc(0),
      });
      seen.push(...(bodyOf(next) as Array<{ instanceId: string }>).map((s) => s.instanceId));
      token = next.headers?.['x-ms-continuation-token'];
    }
    expect(seen.sort()).toEqual([...ids].sort());
    // DurableClient follows the token until it is absent.
    const completed = await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] });
    expect(completed.map((s) => s.instanceId)).toEqual(expect.arrayContaining(ids));
    expect(completed.every((s) => s.runtimeStatus === df.OrchestrationRuntimeStatus.Completed)).toBe(true);
    const purged = await client.purgeInstanceHistoryBy({
      createdTimeFrom: new Date(0),
      runtimeStatus: [df.OrchestrationRuntimeStatus.Completed],
    });
    expect(purged.instancesDeleted).toBeGreaterThanOrEqual(7);
    expect((await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Completed] })).length).toBe(0);
    expect((await client.purgeInstanceHistory('page-0')).instancesDeleted).toBe(0);
  });

  it('waits for completion when started with timeout, and restarts an instance under a new id', async () => {
    const start = await publicCall(
      'POST',
      `${PUBLIC}/runtime/webhooks/durabletask/orchestrators/Shout?timeout=10&pollingInterval=1&code=${SYSTEM_KEY}`,
      '"wait for me"',
    );
    expect(start.status).toBe(200);
    expect(bodyOf(start)).toBe('WAIT FOR ME');
    const id = await client.startNew('Shout', { input: 'again', instanceId: 'restart-me' });
    await waitForStatus(id, 'Completed');
    const restarted = await publicCall('POST', `${PUBLIC}/runtime/webhooks/durabletask/instances/${id}/restart`);
    expect(restarted.status).toBe(202);
    const newId = (bodyOf(restarted) as { id: string }).id;
    expect(newId).not.toBe(id);
    await waitForStatus(newId, 'Completed');
    expect((await client.getStatus(newId)).output).toBe('AGAIN');
  });

  it('refuses an invalid timeout with 400 before starting anything', async () => {
    const start = await publicCall(
      'POST',
      `${PUBLIC}/runtime/webhooks/durabletask/orchestrators/Shout/bad-timeout?timeout=soon&code=${SYSTEM_KEY}`,
      '"never"',
    );
    expect(start.status).toBe(400);
    const status = await publicCall('GET', `${PUBLIC}/runtime/webhooks/durabletask/instances/bad-timeout`);
    expect(status.status).toBe(404);
  });

  it('keeps waiting on a timeout longer than setTimeout can hold', async () => {
    // 30 days: beyond 2^31-1 ms, where a plain setTimeout fires at once and the start would answer 202.
    const pending = publicCall(
      'POST',
      `${PUBLIC}/runtime/webhooks/durabletask/orchestrators/Gate/long-wait?timeout=2592000&code=${SYSTEM_KEY}`,
    );
    await waitForStatus('long-wait', 'Running');
    await client.raiseEvent('long-wait', 'Open', 'opened');
    const start = await pending;
    expect([start.status, bodyOf(start)]).toEqual([200, 'opened']);
  });

  it('answers 501 for entities and rewind', async () => {
    const entity = await publicCall('POST', `${PUBLIC}/runtime/webhooks/durabletask/entities/counter/k?op=add`, '1');
    expect(entity.status).toBe(501);
    expect(bodyOf(entity)).toEqual({ Message: mentionsNotSupported });
    await expect(client.signalEntity(new df.EntityId('counter', 'k'), 'add', 1)).rejects.toThrow(/501/);
    const id = await client.startNew('Gate');
    await expect(client.rewind(id, 'why')).rejects.toThrow(/not supported/);
    await client.terminate(id, 'cleanup');
  });
});
