// HTTP streams (app.setup({ enableHttpStream: true })) on startHost, with test/fixtures/stream-app: the behaviours the
// official Node.js e2e tests expect of a Functions host in both configurations (stream and classic: hello world by
// query, body and chunked body, headers, route parameters, repeated query keys, cookies, no function), then what only
// streams do (a body echoed while it arrives, a response cut when its stream fails) and the host's guarantees kept in
// stream mode: keys and body limits decided before the function, the limits while the body streams, the minimum data
// rate, App Service authentication, the invocation log, the Durable client, and the library's proxy closed on stop.
// Expectations: https://github.com/Azure/azure-functions-nodejs-e2e-tests/blob/main/src/http.test.ts
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { startHost, type RunningHost, type StartHostOptions, type ClientPrincipal } from '../../../runtime';
import { appProcess } from '../../../runtime/host/nodeLoader';
import { INVOCATION_LOG_FILE } from '../../../runtime/host/invocationLog';
import { PROJECT_ROOT } from '../../support/cliProcess';
import { call, eventually, makeTempDir, removeDir } from './hostTestKit';
import { openRaw, parseResponse, type RawConnection } from './rawHttp';

const STREAM_APP = join(PROJECT_ROOT, 'test', 'fixtures', 'stream-app');
type Mode = 'stream' | 'classic';

const hosts: RunningHost[] = [];
const connections: RawConnection[] = [];
const dirs: string[] = [];
let logLines: string[] = [];

async function startStreamApp(mode: Mode, options: Partial<StartHostOptions> = {}): Promise<RunningHost> {
  const env = appProcess().env;
  // The fixture reads its mode when it loads, inside startHost.
  env.STREAM_APP_MODE = mode;
  try {
    const host = await startHost({
      appDir: STREAM_APP,
      port: 0,
      inMemory: true,
      durableExtension: false,
      log: (level, message) => logLines.push(`${level}: ${message}`),
      ...options,
    });
    hosts.push(host);
    return host;
  } finally {
    delete env.STREAM_APP_MODE;
  }
}

async function connectTo(url: string): Promise<RawConnection> {
  const connection = await openRaw(url);
  connections.push(connection);
  return connection;
}

/** Whether the function ran at all (its invocation's outcome line is logged either way). */
const ran = (functionName: string): boolean => logLines.some((line) => line.includes(`Executed '${functionName}'`));

beforeEach(() => {
  logLines = [];
});

afterEach(async () => {
  for (const connection of connections.splice(0)) connection.destroy();
  for (const host of hosts.splice(0)) await host.stop();
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

/** A request body sent without a length (Transfer-Encoding: chunked), as a stream. */
function chunkedBody(text: string): RequestInit {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });
  return { method: 'POST', body, duplex: 'half' };
}

describe.each<Mode>(['stream', 'classic'])('the e2e expectations in the %s configuration', (mode) => {
  let host: RunningHost;
  beforeEach(async () => {
    host = await startStreamApp(mode);
  });

  it('says hello to the world, to a name in the query and to a name in the body', async () => {
    expect(host.httpProxyUrl === undefined).toBe(mode === 'classic');
    const plain = await call(`${host.url}/api/helloWorld`);
    expect([plain.status, plain.text]).toEqual([200, 'Hello, world!']);
    expect((await call(`${host.url}/api/helloWorld?name=testName`)).text).toBe('Hello, testName!');
    expect((await call(`${host.url}/api/helloWorld`, { method: 'POST', body: 'testName' })).text).toBe(
      'Hello, testName!',
    );
  });

  it('reads a chunked body with streams; classic mode never delivers it, as on Azure', async () => {
    const response = await call(`${host.url}/api/helloWorld`, chunkedBody('testName-chunked'));
    expect(response.status).toBe(200);
    expect(response.text).toBe(mode === 'stream' ? 'Hello, testName-chunked!' : 'Hello, world!');
    expect(logLines.some((line) => line.includes('without Content-Length (chunked) does not reach'))).toBe(
      mode === 'classic',
    );
  });

  it('answers a request no function serves, a wrong method included, with an empty 404', async () => {
    for (const [path, method] of [
      ['/api/doesntExist', 'GET'],
      ['/api/cookies', 'POST'],
    ]) {
      const response = await call(`${host.url}${path}`, { method });
      expect([response.status, response.text, response.headers.get('content-length')]).toEqual([404, '', '0']);
    }
  });

  it('passes route parameters as strings', async () => {
    const response = await call(`${host.url}/api/routeParams/testName/5`);
    expect([response.status, response.json()]).toEqual([200, { name: 'testName', id: '5' }]);
  });

  it("shows the function exactly the client's headers", async () => {
    const port = Number(new URL(host.url).port);
    const seen = await new Promise<unknown>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/headers',
          agent: false,
          headers: { accept: '*/*', 'user-agent': 'stream-test/1.0', TESTHEADER: 'TestValue' },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(seen).toEqual({
      accept: '*/*',
      connection: 'close',
      host: `127.0.0.1:${port}`,
      testheader: 'TestValue',
      'user-agent': 'stream-test/1.0',
    });
  });

  it('hands a repeated query key over as the real host does in this mode', async () => {
    const response = await call(`${host.url}/api/query?name=testName&dupe=1&dupe=2`);
    // Joined with "," in classic mode (https://github.com/Azure/azure-functions-nodejs-library/issues/168); streams
    // read the URL itself.
    expect(response.json()).toEqual(
      mode === 'stream'
        ? { query: { name: 'testName', dupe: '2' }, dupe: '1', dupeAll: ['1', '2'] }
        : { query: { name: 'testName', dupe: '1,2' }, dupe: '1,2', dupeAll: ['1,2'] },
    );
  });

  it('sets cookies as the real host does in this mode: path=/ added only in classic mode', async () => {
    const response = await call(`${host.url}/api/cookies`);
    expect([response.status, response.text]).toEqual([200, '']);
    const cookies = response.headers.get('set-cookie');
    if (mode === 'stream') {
      expect(cookies?.toLowerCase()).toBe(
        'mycookie=myvalue; max-age=200000, mycookie2=myvalue; max-age=200000; path=/, mycookie3-expires=myvalue3-expires; max-age=0, mycookie4-samesite-lax=myvalue; samesite=lax, mycookie5-samesite-strict=myvalue; samesite=strict',
      );
    } else {
      expect(cookies).toBe(
        'mycookie=myvalue; max-age=200000; path=/, mycookie2=myvalue; max-age=200000; path=/, mycookie3-expires=myvalue3-expires; max-age=0; path=/, mycookie4-samesite-lax=myvalue; path=/; samesite=lax, mycookie5-samesite-strict=myvalue; path=/; samesite=strict',
      );
    }
  });

  it('answers a throwing function with 500 naming the invocation, and one that returns nothing with 204', async () => {
    const failed = await call(`${host.url}/api/throws`);
    expect(failed.status).toBe(500);
    expect(failed.json()).toEqual({
      error: {
        code: 'FunctionInvocationFailed',
        message: 'Exception while executing function: Functions.throws',
        invocationId: expect.any(String) as unknown,
      },
    });
    expect((await call(`${host.url}/api/nothing`)).status).toBe(204);
    expect((await call(`${host.url}/api/helloWorld`)).text).toBe('Hello, world!');
  });

  it('fills request.params from the route in classic mode, and also from the query (but code) with streams', async () => {
    const response = await call(`${host.url}/api/whoAmI?x=1&code=not-a-param`);
    expect(response.json()).toMatchObject({
      url: `${host.url}/api/whoAmI?x=1&code=not-a-param`,
      params: mode === 'stream' ? { x: '1' } : {},
    });
  });

  it('carries hundreds of kilobytes both ways with every byte intact', async () => {
    const body = Buffer.alloc(300_000, 'abcdefghij');
    const echoed = await fetch(`${host.url}/api/echo`, { method: 'POST', body });
    expect(Buffer.from(await echoed.arrayBuffer()).equals(body)).toBe(true);
    const received = await call(`${host.url}/api/receiveStream`, { method: 'POST', body });
    expect(received.json()).toMatchObject({ bytes: body.length });
  });
});

describe('streams only', () => {
  it('echoes a body while it arrives: the response starts before the request has ended', async () => {
    const host = await startStreamApp('stream');
    const connection = await connectTo(host.url);
    connection.write('POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    connection.write('a\r\nfirst-part\r\n');
    // The second part is only sent once the first one has come back.
    const head = parseResponse(await connection.received('first-part'));
    expect([head.status, head.headers['transfer-encoding'], head.headers.connection]).toEqual([
      200,
      'chunked',
      'close',
    ]);
    connection.write('b\r\nsecond-part\r\n0\r\n\r\n');
    const whole = await connection.received('0\r\n\r\n');
    expect(whole).toMatch(/first-part[\s\S]*second-part/);
  });

  it('cuts the connection when the response stream fails half way, so the client never takes it as whole', async () => {
    const host = await startStreamApp('stream');
    const response = await fetch(`${host.url}/api/failMidStream`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
    await eventually(async () =>
      Promise.resolve(logLines.find((line) => line.includes('GET /api/failMidStream -> 200 (the response was cut'))),
    );
  });

  it('checks the key on the head: without one, 401 before any body byte and the function never runs', async () => {
    const host = await startStreamApp('stream');
    const connection = await connectTo(host.url);
    connection.write('POST /api/readBody HTTP/1.1\r\nHost: x\r\nContent-Length: 67108864\r\n\r\nsome of the body');
    const response = parseResponse(await connection.closed);
    expect([response.status, response.headers.connection]).toEqual([401, 'close']);
    const keyed = await call(`${host.url}/api/readBody?code=${host.keys.function}`, { method: 'POST', body: 'abc' });
    expect(keyed.json()).toEqual({ bytes: 3 });
    expect(logLines.filter((line) => line.includes("Executed 'readBody'"))).toHaveLength(1);
  });

  it('refuses a declared Content-Length over the limit with 413 before the function runs', async () => {
    const host = await startStreamApp('stream', { maxRequestBodyBytes: 4096 });
    const connection = await connectTo(host.url);
    connection.write(
      `POST /api/readBody?code=${host.keys.function} HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n`,
    );
    const response = parseResponse(await connection.closed);
    expect([response.status, response.headers.connection]).toEqual([413, 'close']);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'PayloadTooLarge' } });
    expect(ran('readBody')).toBe(false);
  });

  it('answers 413 when a chunked body passes the limit before the function answered', async () => {
    const host = await startStreamApp('stream', { maxRequestBodyBytes: 4096 });
    const connection = await connectTo(host.url);
    connection.write('POST /api/receiveStream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    connection.write(`1000\r\n${'x'.repeat(4096)}\r\n`);
    connection.write(`10\r\n${'y'.repeat(16)}\r\n`);
    const response = parseResponse(await connection.closed);
    expect([response.status, response.headers.connection]).toEqual([413, 'close']);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'PayloadTooLarge' } });
  });

  it('cuts a streamed response when its chunked request body passes the limit after the answer started', async () => {
    const host = await startStreamApp('stream', { maxRequestBodyBytes: 4096 });
    const connection = await connectTo(host.url);
    connection.write('POST /api/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    connection.write(`800\r\n${'x'.repeat(2048)}\r\n`);
    await connection.received('x'.repeat(2048));
    connection.write(`1000\r\n${'y'.repeat(4096)}\r\n`);
    const text = await connection.closed;
    expect(parseResponse(text).status).toBe(200);
    expect(text.endsWith('0\r\n\r\n')).toBe(false);
  });

  it('ends the body the function is reading with an error when the client goes away, and keeps serving', async () => {
    const host = await startStreamApp('stream');
    const connection = await connectTo(host.url);
    connection.write(
      `POST /api/readBody?code=${host.keys.function} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    connection.write('4\r\npart\r\n');
    await eventually(async () => Promise.resolve(logLines.find((line) => line.includes('[readBody] reading'))));
    connection.destroy();
    // The function's read fails (it answers 499 into the void) instead of waiting forever for the rest.
    await eventually(async () => Promise.resolve(ran('readBody') || undefined));
    expect((await call(`${host.url}/api/helloWorld`)).text).toBe('Hello, world!');
  });

  it('cuts a body dribbled below the minimum data rate while the function waits for it (408)', async () => {
    const host = await startStreamApp('stream', {
      minRequestBodyDataRate: { bytesPerSecond: 1000, gracePeriodMs: 300 },
    });
    const connection = await connectTo(host.url);
    connection.write('POST /api/receiveStream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    connection.dribble('1\r\nx\r\n', 50);
    const response = parseResponse(await connection.closed);
    expect([response.status, response.headers.connection]).toEqual([408, 'close']);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'RequestBodyTimeout' } });
  });

  it('shows the function the App Service principal, never one the client sent', async () => {
    const alice: ClientPrincipal = {
      identityProvider: 'aad',
      userId: 'b9c1f0a2-0000-4000-8000-00000000a11c',
      userDetails: 'alice@contoso.example',
      claims: [{ typ: 'roles', val: 'operator' }],
    };
    const host = await startStreamApp('stream', { appServiceAuthentication: { principals: { 'token-alice': alice } } });
    const forged = {
      'x-ms-client-principal': Buffer.from('{"claims":[{"typ":"roles","val":"admin"}]}').toString('base64'),
      'x-ms-client-principal-id': 'mallory',
      'x-ms-client-principal-name': 'mallory@evil.example',
      'x-ms-client-principal-idp': 'aad',
    };
    const anonymous = await call(`${host.url}/api/whoAmI`, { headers: forged });
    expect(anonymous.json()).toMatchObject({ user: null });
    const signedIn = await call(`${host.url}/api/whoAmI`, {
      headers: { ...forged, authorization: 'Bearer token-alice' },
    });
    expect(signedIn.json()).toMatchObject({
      user: { type: 'AppService', id: alice.userId, username: alice.userDetails, identityProvider: 'aad' },
    });
  });

  it("writes the function's log lines and its outcome to the invocation log", async () => {
    const dataDir = await makeTempDir('streams');
    dirs.push(dataDir);
    const host = await startStreamApp('stream', { inMemory: false, dataDir });
    expect((await call(`${host.url}/api/helloWorld?name=log`)).text).toBe('Hello, log!');
    await host.stop();
    const entries = (await readFile(join(dataDir, INVOCATION_LOG_FILE), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { functionName: string; invocationId: string; message: string });
    const mine = entries.filter((entry) => entry.functionName === 'helloWorld');
    expect(mine.map((entry) => entry.message)).toEqual([
      expect.stringContaining(`helloWorld got GET ${host.url}/api/helloWorld?name=log`) as unknown,
      expect.stringMatching(/^Executed 'helloWorld' \(Succeeded, Id=/) as unknown,
    ]);
    expect(new Set(mine.map((entry) => entry.invocationId)).size).toBe(1);
  });

  it('runs a Durable HTTP starter: its check-status links point at this host and the orchestration completes', async () => {
    const host = await startStreamApp('stream', { durableExtension: undefined, timeScale: 1000 });
    const started = await call(`${host.url}/api/orchestrators/helloSequence`, { method: 'POST' });
    expect(started.status).toBe(202);
    const links = started.json() as { id: string; statusQueryGetUri: string };
    expect(links.statusQueryGetUri.startsWith(`${host.url}/runtime/webhooks/durabletask/instances/${links.id}`)).toBe(
      true,
    );
    const done = await eventually(async () => {
      const status = (await call(links.statusQueryGetUri)).json() as { runtimeStatus: string; output: unknown };
      return status.runtimeStatus === 'Completed' ? status : undefined;
    });
    expect(done.output).toEqual(['Hello Tokyo!', 'Hello Seattle!', 'Hello London!']);
  });

  it('serves two apps with streams started side by side in one process, each through its own proxy', async () => {
    const [first, second] = await Promise.all([startStreamApp('stream'), startStreamApp('stream')]);
    expect(first.httpProxyUrl).not.toBe(second.httpProxyUrl);
    await first.stop();
    hosts.splice(hosts.indexOf(first), 1);
    expect((await call(`${second.url}/api/helloWorld?name=second`)).text).toBe('Hello, second!');
  });

  it("closes the library's proxy on stop, and cuts any request to it the host did not forward", async () => {
    const host = await startStreamApp('stream');
    const proxyUrl = host.httpProxyUrl ?? '';
    expect(proxyUrl).toMatch(/^http:\/\/localhost:\d+\/$/);
    const causeOf = (url: string, init?: RequestInit): Promise<unknown> =>
      fetch(url, init).then(
        () => 'answered',
        (error: unknown) => ((error as { cause?: { code?: unknown } }).cause ?? {}).code,
      );
    const headers = { 'x-ms-invocation-id': 'made-up', 'x-forwarded-host': 'x', 'x-forwarded-proto': 'http' };
    expect(await causeOf(`${proxyUrl}api/helloWorld`, { headers })).toBe('UND_ERR_SOCKET');
    expect(ran('helloWorld')).toBe(false);
    await host.stop();
    hosts.splice(hosts.indexOf(host), 1);
    expect(await causeOf(proxyUrl)).toBe('ECONNREFUSED');
  });
});
