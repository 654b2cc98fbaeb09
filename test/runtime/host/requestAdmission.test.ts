// Requests are decided on their head: refused ones (401, 404, 503...) are answered before their body arrives,
// with Connection: close, and nothing runs; admitted ones have their body read under the size limits (the option,
// FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, Event Grid's 1 MB), an excess being a 413 that closes the connection.
import { call, makeTempDir, removeDir, writeApp } from './hostTestKit';
import { callsOf, startEdgeHost, stopEdgeHosts } from './edgeHost';
import { openRaw, parseResponse, type RawConnection } from './rawHttp';
import { startHost, type RunningHost } from '../../../runtime';

const connections: RawConnection[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.destroy();
  await stopEdgeHosts();
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

/** Sends a head announcing `declared` body bytes and only `sent` of them; resolves with the answer once closed. */
async function sendPartly(host: RunningHost, head: string, declared: number, sent = 1024): Promise<string> {
  const { port } = new URL(host.url);
  const connection = await openRaw(host.url);
  connections.push(connection);
  connection.write(`${head}\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${declared}\r\n\r\n`);
  connection.write(Buffer.alloc(sent, 0x78));
  // The rest of the body is never sent: only an answer given on the head (and a close) ends this wait.
  return connection.closed;
}

describe('a refused request', () => {
  const huge = 64 * 1024 * 1024;

  it.each([
    ['a function-level route without a key', 'POST /api/secured HTTP/1.1', 401, 'Unauthorized'],
    ['an admin-level route with no master key', 'GET /api/admin-only HTTP/1.1', 401, 'Unauthorized'],
    [
      'the Durable webhook without its system key',
      'POST /runtime/webhooks/durabletask/instances HTTP/1.1',
      401,
      'Unauthorized',
    ],
    [
      'the Event Grid webhook without its system key',
      'POST /runtime/webhooks/eventgrid?functionName=events HTTP/1.1',
      401,
      'Unauthorized',
    ],
    ['the admin API without the master key', 'PUT /admin/functions/secured/keys/ci HTTP/1.1', 401, 'Unauthorized'],
    // No function serves these: the Functions host's 404 has an empty body, a wrong method included
    // (https://github.com/Azure/azure-functions-host/issues/10098).
    ['an unknown path', 'POST /api/no-such-route HTTP/1.1', 404, undefined],
    ['a method the route does not take', 'PUT /api/echo HTTP/1.1', 404, undefined],
  ])('is answered on its head, before its body, and the connection closed: %s', async (_what, head, status, code) => {
    const host = await startEdgeHost();
    const response = parseResponse(await sendPartly(host, head, huge));
    expect(response.status).toBe(status);
    expect(response.headers.connection).toBe('close');
    if (code === undefined) expect([response.body, response.headers['content-length']]).toEqual(['', '0']);
    else expect(JSON.parse(response.body)).toEqual({ error: { code, message: expect.any(String) as unknown } });
    expect(await callsOf(host, 'secured')).toBe(0);
  });

  it('is answered before an Expect: 100-continue client sends its body, without "100 Continue"', async () => {
    const host = await startEdgeHost();
    const connection = await openRaw(host.url);
    connections.push(connection);
    connection.write(
      `POST /api/secured HTTP/1.1\r\nHost: x\r\nContent-Length: ${huge}\r\nExpect: 100-continue\r\n\r\n`,
    );
    const text = await connection.closed;
    expect(text).not.toContain('100 Continue');
    expect(parseResponse(text).status).toBe(401);
  });

  it('does not stop the host from serving the next request', async () => {
    const host = await startEdgeHost();
    await sendPartly(host, 'POST /api/secured HTTP/1.1', huge);
    const next = await call(`${host.url}/api/secured?code=${host.keys.function}`, { method: 'POST', body: 'ok' });
    expect([next.status, (next.json() as { bodyLength: number }).bodyLength]).toEqual([200, 2]);
  });
});

describe('body limits', () => {
  it('refuses a declared Content-Length over the limit with 413 and Connection: close, running nothing', async () => {
    const host = await startEdgeHost({ maxRequestBodyBytes: 1000 });
    const head = `POST /api/secured?code=${host.keys.function} HTTP/1.1`;
    const response = parseResponse(await sendPartly(host, head, 1001, 10));
    expect([response.status, response.headers.connection]).toEqual([413, 'close']);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'PayloadTooLarge' } });
    expect(await callsOf(host, 'secured')).toBe(0);
  });

  it('counts a chunked body as it streams and stops reading past the limit', async () => {
    const host = await startEdgeHost({ maxRequestBodyBytes: 1000 });
    const connection = await openRaw(host.url);
    connections.push(connection);
    connection.write(
      `POST /api/secured?code=${host.keys.function} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    connection.write(`7d0\r\n${'x'.repeat(2000)}\r\n`);
    const response = parseResponse(await connection.closed);
    expect([response.status, response.headers.connection]).toEqual([413, 'close']);
    expect(await callsOf(host, 'secured')).toBe(0);
  });

  it('takes FUNCTIONS_REQUEST_BODY_SIZE_LIMIT from local.settings.json when no option is given', async () => {
    const appDir = await makeTempDir('limit');
    dirs.push(appDir);
    await writeApp(appDir, {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'local.settings.json': JSON.stringify({ Values: { FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '100' } }),
      'index.js': `require({AZURE_FUNCTIONS}).app.post('size', { authLevel: 'anonymous',
        handler: async (request) => ({ body: String((await request.text()).length) }) });`,
    });
    const host = await startHost({ appDir, port: 0, inMemory: true, log: () => undefined, durableExtension: false });
    try {
      expect((await call(`${host.url}/api/size`, { method: 'POST', body: 'x'.repeat(100) })).text).toBe('100');
      expect((await call(`${host.url}/api/size`, { method: 'POST', body: 'x'.repeat(101) })).status).toBe(413);
    } finally {
      await host.stop();
    }
  });

  it("holds Event Grid deliveries to Event Grid's 1 MB maximum, whatever the host-wide limit", async () => {
    const host = await startEdgeHost();
    const url = `${host.url}/runtime/webhooks/eventgrid?functionName=events&code=${host.keys.system.eventgrid_extension}`;
    const event = (data: string): string =>
      JSON.stringify([
        { id: 'e1', eventType: 'T', subject: 's', eventTime: '2024-01-01T00:00:00Z', dataVersion: '1', data },
      ]);
    const envelope = event('').length;
    const headers = { 'aeg-event-type': 'Notification', 'content-type': 'application/json' };
    const fits = await call(url, { method: 'POST', headers, body: event('x'.repeat(1_048_576 - envelope)) });
    expect(fits.status).toBe(202);
    const tooBig = await call(url, { method: 'POST', headers, body: event('x'.repeat(1_048_577 - envelope)) });
    expect([tooBig.status, tooBig.json()]).toEqual([
      413,
      { error: { code: 'PayloadTooLarge', message: 'The request body exceeds the limit of 1048576 bytes.' } },
    ]);
    expect(await callsOf(host, 'events')).toBe(1);
  });
});
