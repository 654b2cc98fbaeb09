// The Durable RPC listener beyond the real extension: its base URL carries an unguessable per-listener token that only
// the durableClient binding data holds (any other path is a 404 that touches no instance), its Host header must name
// the listener (DNS-rebinding defence), its body size is bounded, and the real DurableClient works through it.
jest.mock('@azure/functions-core', () => jest.requireActual<object>('./helpers/fakeFunctionsCore'), { virtual: true });

import { request } from 'node:http';
import * as df from 'durable-functions';
import type { DurableClient, OrchestrationContext } from 'durable-functions';
import { startClientHarness, type ClientHarness } from './helpers/clientHarness';
import { openRaw, parseResponse } from '../host/rawHttp';

df.app.orchestration('RpcWait', function* (context: OrchestrationContext) {
  const value: unknown = yield context.df.waitForExternalEvent('Go');
  return value;
});

let harness: ClientHarness;
let client: DurableClient;
let rpcBaseUrl: URL;

beforeAll(async () => {
  harness = await startClientHarness({
    hubName: 'RpcHub',
    publicBaseUrl: 'http://127.0.0.1:7071',
    systemKey: 'sys-key',
  });
  client = harness.client;
  rpcBaseUrl = new URL(String(harness.clientData.rpcBaseUrl));
});

afterAll(() => harness.stop());

/** A request to the RPC port with any path and Host header (fetch cannot set Host). */
function rpcCall(method: string, path: string, host = rpcBaseUrl.host): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: rpcBaseUrl.port, method, path, headers: { host, 'content-type': 'application/json' } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function statusOf(id: string): Promise<string> {
  return String((await client.getStatus(id)).runtimeStatus);
}

async function waitForStatus(id: string, status: string): Promise<void> {
  for (let i = 0; i < 2000 && (await statusOf(id)) !== status; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(await statusOf(id)).toBe(status);
}

it('hands DurableClient a base URL whose first segment is a 32-byte token, and the client works through it', async () => {
  expect(rpcBaseUrl.pathname).toMatch(/^\/[A-Za-z0-9_-]{43}\/durabletask\/$/);
  const id = await client.startNew('RpcWait', { instanceId: 'rpc-works' });
  await waitForStatus(id, 'Running');
  await client.raiseEvent(id, 'Go', 'done');
  await waitForStatus(id, 'Completed');
  expect((await client.getStatus(id)).output).toBe('done');
  expect((await client.getStatusAll()).map((status) => status.instanceId)).toContain(id);
  expect((await client.purgeInstanceHistory(id)).instancesDeleted).toBe(1);
});

it('answers 404 to list, terminate and purge without the token (or with another), touching no instance', async () => {
  const running = await client.startNew('RpcWait', { instanceId: 'rpc-running' });
  await waitForStatus(running, 'Running');
  const finished = await client.startNew('RpcWait', { instanceId: 'rpc-finished' });
  await waitForStatus(finished, 'Running');
  await client.raiseEvent(finished, 'Go', 1);
  await waitForStatus(finished, 'Completed');

  const otherToken = `/${'A'.repeat(43)}`;
  for (const prefix of ['', otherToken, `${rpcBaseUrl.pathname.slice(0, 10)}`]) {
    expect((await rpcCall('GET', `${prefix}/durabletask/instances/`)).status).toBe(404);
    expect((await rpcCall('POST', `${prefix}/durabletask/instances/${running}/terminate?reason=x`)).status).toBe(404);
    expect((await rpcCall('DELETE', `${prefix}/durabletask/instances/${finished}`)).status).toBe(404);
  }
  expect(await statusOf(running)).toBe('Running');
  expect(await statusOf(finished)).toBe('Completed');
});

it('refuses a Host header that does not name the listener (DNS rebinding), even with the token', async () => {
  const id = await client.startNew('RpcWait', { instanceId: 'rpc-rebinding' });
  await waitForStatus(id, 'Running');
  const terminate = `${rpcBaseUrl.pathname}instances/${id}/terminate?reason=x`;
  expect((await rpcCall('POST', terminate, `evil.example:${rpcBaseUrl.port}`)).status).toBe(421);
  expect((await rpcCall('POST', terminate, '127.0.0.1')).status).toBe(421);
  expect(await statusOf(id)).toBe('Running');
  expect((await rpcCall('GET', `${rpcBaseUrl.pathname}instances/${id}`, `localhost:${rpcBaseUrl.port}`)).status).toBe(
    202,
  );
  expect((await rpcCall('POST', terminate)).status).toBe(202);
  await waitForStatus(id, 'Terminated');
});

it('refuses a body over its bound with 413 before reading it', async () => {
  const connection = await openRaw(rpcBaseUrl.origin);
  try {
    connection.write(
      `POST ${rpcBaseUrl.pathname}orchestrators/RpcWait HTTP/1.1\r\nHost: ${rpcBaseUrl.host}\r\n` +
        `Content-Length: ${100 * 1024 * 1024 + 1}\r\n\r\n{`,
    );
    const response = parseResponse(await connection.closed);
    expect([response.status, response.headers.connection]).toEqual([413, 'close']);
  } finally {
    connection.destroy();
  }
});
