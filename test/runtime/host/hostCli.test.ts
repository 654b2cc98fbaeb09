// `hybrid-connection host` as a child process serving test/fixtures/http-app over HTTP: routes, methods, keys, errors,
// cookies, hooks, the Event Grid webhook, the Durable starter, an app it cannot serve whole, and a clean SIGTERM.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  call,
  eventually,
  HTTP_APP,
  makeTempDir,
  removeDir,
  startHostProcess,
  writeApp,
  type HostProcess,
} from './hostTestKit';
import { runCli } from '../../support/cliProcess';

// jest's asymmetric matchers are typed `any`; a typed alias keeps the assertions lint-clean.
const anyString: unknown = expect.any(String);

let dataDir: string;
let host: HostProcess;
let url: string;
let keys: { master: string; function: string };
let markerFile: string;

beforeAll(async () => {
  dataDir = await makeTempDir('cli');
  markerFile = join(dataDir, 'terminated.txt');
  host = await startHostProcess(['--app', HTTP_APP, '--port', '0', '--data', dataDir, '--time-scale', '1000'], {
    HTTP_APP_TERMINATE_MARKER: markerFile,
  });
  ({ url, keys } = host.ready);
}, 30000);

afterAll(async () => {
  await host?.stop('SIGKILL');
  await removeDir(dataDir);
});

async function eventGridKey(): Promise<string> {
  const stored = JSON.parse(await readFile(join(dataDir, 'keys.json'), 'utf8')) as { system: Record<string, string> };
  return stored.system.eventgrid_extension;
}

describe('the ready line', () => {
  it('is one JSON object with exactly ready, url and keys {master, function}, in that order', () => {
    expect(Object.keys(JSON.parse(host.readyText) as object)).toEqual(['ready', 'url', 'keys']);
    expect(Object.keys(host.ready.keys)).toEqual(['master', 'function']);
    expect(host.ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(keys.master).not.toEqual(keys.function);
  });
});

describe('HTTP routes', () => {
  it('passes route parameters, a repeated query key as one value joined with "," (classic mode), and the body', async () => {
    const get = await call(`${url}/api/hello/Ada?q=1&q=2`);
    expect(get.status).toBe(200);
    expect(get.json()).toEqual({ name: 'Ada', method: 'GET', q: ['1,2'], body: null });
    const post = await call(`${url}/api/hello`, { method: 'POST', body: 'hi there' });
    expect(post.json()).toEqual({ name: null, method: 'POST', q: [], body: 'hi there' });
  });

  it('matches literal segments case-insensitively and uses the function name when there is no route', async () => {
    expect((await call(`${url}/API/Hello/x`)).status).toBe(200);
    const plain = await call(`${url}/api/plain`);
    expect([plain.status, plain.text]).toEqual([200, 'plain text']);
  });

  it('applies route constraints: {id:int} takes 42 but not abc', async () => {
    expect((await call(`${url}/api/items/42`)).json()).toEqual({ id: 42 });
    const notInt = await call(`${url}/api/items/abc`);
    expect([notInt.status, notInt.text]).toEqual([404, '']);
  });

  it('passes a catch-all parameter with its slashes', async () => {
    expect((await call(`${url}/api/files/a/b/c.txt`)).json()).toEqual({ path: 'a/b/c.txt' });
  });

  it('routes one path to different functions by method and answers other methods with an empty 404', async () => {
    expect((await call(`${url}/api/items`)).json()).toEqual([]);
    const created = await call(`${url}/api/items`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 7, name: 'seven' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/items/7');
    expect(created.json()).toEqual({ id: 7, name: 'seven' });
    // The Functions host matches the method with the route: https://github.com/Azure/azure-functions-host/issues/10098
    const deleted = await call(`${url}/api/items`, { method: 'DELETE' });
    expect([deleted.status, deleted.text]).toEqual([404, '']);
  });

  it("answers unknown paths with the Functions host's empty 404", async () => {
    const missing = await call(`${url}/api/no/such/function`);
    expect([missing.status, missing.text, missing.headers.get('content-length')]).toEqual([404, '', '0']);
    expect(missing.headers.get('content-type')).toBeNull();
    expect((await call(`${url}/elsewhere`)).status).toBe(404);
    expect((await call(`${url}/runtime/webhooks/other`)).status).toBe(404);
    expect((await call(`${url}/`)).json()).toEqual({ state: 'Running' });
  });

  it('sends cookies as Set-Cookie headers with their attributes, path=/ when a cookie has none (classic mode)', async () => {
    const response = await call(`${url}/api/cookies`);
    expect(response.headers.getSetCookie()).toEqual([
      'session=abc%20123; max-age=60; path=/; samesite=strict; httponly',
      'theme=dark; path=/',
    ]);
  });

  it('answers 204 when a handler returns nothing', async () => {
    expect((await call(`${url}/api/nothing`)).status).toBe(204);
  });
});

describe('keys', () => {
  it('refuses a function-level route without a key (401 JSON) and accepts the function key as header or code', async () => {
    const without = await call(`${url}/api/secure`);
    expect(without.status).toBe(401);
    expect(without.json()).toMatchObject({ error: { code: 'Unauthorized' } });
    expect((await call(`${url}/api/secure?code=wrong-key`)).status).toBe(401);
    const header = await call(`${url}/api/secure`, { headers: { 'x-functions-key': keys.function } });
    expect([header.status, header.text]).toEqual([200, 'secret stuff']);
    expect((await call(`${url}/api/secure?code=${encodeURIComponent(keys.function)}`)).status).toBe(200);
    expect((await call(`${url}/api/secure?code=${encodeURIComponent(keys.master)}`)).status).toBe(200);
  });

  it('opens an admin-level route with the master key only', async () => {
    expect((await call(`${url}/api/admin-only/stats`, { headers: { 'x-functions-key': keys.function } })).status).toBe(
      401,
    );
    const master = await call(`${url}/api/admin-only/stats`, { headers: { 'x-functions-key': keys.master } });
    expect([master.status, master.json()]).toEqual([200, { ok: true }]);
  });

  it('keeps the keys in the data folder', async () => {
    const stored = JSON.parse(await readFile(join(dataDir, 'keys.json'), 'utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ master: keys.master, function: keys.function });
  });

  it('tells the app its host name through WEBSITE_HOSTNAME', async () => {
    const setting = await call(`${url}/api/settings/WEBSITE_HOSTNAME`, { headers: { 'x-functions-key': keys.master } });
    expect(setting.json()).toEqual({ value: new URL(url).host });
  });
});

describe('failures', () => {
  it('answers a throwing handler with 500 JSON naming the invocation, logs it, and keeps serving', async () => {
    const boom = await call(`${url}/api/boom`);
    expect(boom.status).toBe(500);
    const body = boom.json() as { error: { code: string; message: string; invocationId: string } };
    expect(body.error).toMatchObject({
      code: 'FunctionInvocationFailed',
      message: 'Exception while executing function: Functions.boom',
    });
    await eventually(() => Promise.resolve(host.stderr().includes(body.error.invocationId) ? true : undefined));
    expect(host.stderr()).toContain('kaboom');
    expect((await call(`${url}/api/plain`)).status).toBe(200);
  });

  it('logs an unhandled rejection from app code and keeps serving', async () => {
    expect((await call(`${url}/api/leak`)).text).toBe('leaked');
    await eventually(() => Promise.resolve(host.stderr().includes('nobody catches me') ? true : undefined));
    expect((await call(`${url}/api/plain`)).status).toBe(200);
  });
});

describe('hooks', () => {
  it('runs appStart, and pre/postInvocation around each call, where preInvocation may replace the handler', async () => {
    const hooked = await call(`${url}/api/hooked`);
    expect([hooked.text, hooked.headers.get('x-hooked')]).toEqual(['original handler', 'by preInvocation']);
    const stats = (await call(`${url}/api/hooks`)).json() as {
      appStarted: boolean;
      preInvocations: number;
      post: { functionName: string; seenByPre: boolean; error: string | null }[];
    };
    expect(stats.appStarted).toBe(true);
    expect(stats.post).toContainEqual({ functionName: 'hooked', seenByPre: true, error: null });
    expect(stats.post.every((entry) => entry.seenByPre)).toBe(true);
    expect(stats.preInvocations).toBeGreaterThanOrEqual(stats.post.length);
  });
});

describe('the Event Grid webhook', () => {
  const webhook = (key: string | undefined, functionName = 'egSink'): string =>
    `${url}/runtime/webhooks/eventgrid?functionName=${functionName}${key ? `&code=${encodeURIComponent(key)}` : ''}`;

  it('requires the eventgrid_extension system key (or the master key)', async () => {
    // Unsubscribe is accepted without invoking anything, so only the key decides the answer.
    const headers = { 'aeg-event-type': 'Unsubscribe' };
    expect((await call(webhook(undefined), { method: 'POST', headers, body: '' })).status).toBe(401);
    expect((await call(webhook(keys.function), { method: 'POST', headers, body: '' })).status).toBe(401);
    expect((await call(webhook(keys.master), { method: 'POST', headers, body: '' })).status).toBe(202);
    expect((await call(webhook(await eventGridKey()), { method: 'POST', headers, body: '' })).status).toBe(202);
  });

  it('answers the Event Grid schema subscription validation with the validation code', async () => {
    const response = await call(webhook(await eventGridKey()), {
      method: 'POST',
      headers: { 'aeg-event-type': 'SubscriptionValidation', 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          id: 'v1',
          eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
          subject: '',
          data: { validationCode: 'CODE-123', validationUrl: 'https://example.invalid/validate' },
          dataVersion: '2',
          eventTime: '2024-01-01T00:00:00Z',
        },
      ]),
    });
    expect([response.status, response.json()]).toEqual([200, { validationResponse: 'CODE-123' }]);
  });

  it('answers the CloudEvents OPTIONS handshake with WebHook-Allowed-Origin', async () => {
    const response = await call(webhook(await eventGridKey()), {
      method: 'OPTIONS',
      headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
  });

  it('delivers an Event Grid schema batch and a CloudEvents event, one invocation per event', async () => {
    const key = await eventGridKey();
    const batch = await call(webhook(key), {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          id: 'eg-1',
          eventType: 'Test.Created',
          subject: 'one',
          data: { n: 1 },
          dataVersion: '1',
          eventTime: '2024-01-01T00:00:00Z',
        },
        {
          id: 'eg-2',
          eventType: 'Test.Created',
          subject: 'two',
          data: { n: 2 },
          dataVersion: '1',
          eventTime: '2024-01-01T00:00:00Z',
        },
      ]),
    });
    expect(batch.status).toBe(202);
    const cloudEvent = await call(webhook(key), {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/cloudevents+json; charset=utf-8' },
      body: JSON.stringify({
        specversion: '1.0',
        id: 'ce-1',
        type: 'Test.Updated',
        source: '/tests',
        subject: 'three',
        data: { n: 3 },
      }),
    });
    expect(cloudEvent.status).toBe(202);
    const cloudBatch = await call(webhook(key), {
      method: 'POST',
      headers: {
        'aeg-event-type': 'Notification',
        'content-type': 'application/cloudevents-batch+json; charset=utf-8',
      },
      body: JSON.stringify([
        { specversion: '1.0', id: 'ce-2', type: 'Test.Updated', source: '/tests', subject: 'four', data: {} },
      ]),
    });
    expect(cloudBatch.status).toBe(202);
    const received = (await call(`${url}/api/eg/received`)).json() as { id: string; type: string; data: unknown }[];
    expect(received.map((event) => event.id)).toEqual(expect.arrayContaining(['eg-1', 'eg-2', 'ce-1', 'ce-2']));
    expect(received.find((event) => event.id === 'eg-2')).toEqual({
      id: 'eg-2',
      type: 'Test.Created',
      subject: 'two',
      data: { n: 2 },
    });
    expect(received.find((event) => event.id === 'ce-1')).toEqual({
      id: 'ce-1',
      type: 'Test.Updated',
      subject: 'three',
      data: { n: 3 },
    });
  });

  it('answers 500 when an invocation fails, 400 for bad JSON or a missing aeg-event-type, 404 for unknown functions', async () => {
    const key = await eventGridKey();
    const failed = await call(webhook(key), {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification' },
      body: JSON.stringify([
        {
          id: 'eg-fail',
          eventType: 'Test',
          subject: 'fail',
          eventTime: '2024-01-01T00:00:00Z',
          dataVersion: '',
          data: {},
        },
      ]),
    });
    expect(failed.status).toBe(500);
    // The handler's message ("event eg-fail failed") goes to the host log only, as for HTTP functions.
    expect(failed.json()).toEqual({
      error: { code: 'FunctionInvocationFailed', message: 'Exception while executing function: Functions.egSink' },
    });
    await eventually(() => Promise.resolve(host.stderr().includes('event eg-fail failed') ? true : undefined));
    const badJson = await call(webhook(key), {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification' },
      body: '{nope',
    });
    expect([badJson.status, badJson.json()]).toEqual([400, { error: { code: 'BadRequest', message: anyString } }]);
    expect((await call(webhook(key), { method: 'POST', body: '[]' })).status).toBe(400);
    const unknown = await call(webhook(key, 'noSuchFunction'), {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification' },
      body: '[]',
    });
    expect(unknown.status).toBe(404);
    expect(
      (await call(webhook(key, 'hello'), { method: 'POST', headers: { 'aeg-event-type': 'Notification' }, body: '[]' }))
        .status,
    ).toBe(404);
  });
});

describe('Durable Functions', () => {
  it('refuses the Durable HTTP API without the durabletask_extension system key', async () => {
    const response = await call(`${url}/runtime/webhooks/durabletask/instances/`);
    expect(response.status).toBe(401);
    expect(
      (await call(`${url}/runtime/webhooks/durabletask/instances/?code=${encodeURIComponent(keys.function)}`)).status,
    ).toBe(401);
  });

  it('runs an HTTP starter with the real DurableClient; its statusQueryGetUri works as returned, key included', async () => {
    const started = await call(`${url}/api/orchestrators/greetOrchestrator`, {
      method: 'POST',
      headers: { 'x-functions-key': keys.function, 'content-type': 'application/json' },
      body: JSON.stringify('Tokyo'),
    });
    expect(started.status).toBe(202);
    const payload = started.json() as { id: string; statusQueryGetUri: string };
    expect(started.headers.get('location')).toBe(payload.statusQueryGetUri);
    expect(payload.statusQueryGetUri.startsWith(`${url}/runtime/webhooks/durabletask/instances/${payload.id}?`)).toBe(
      true,
    );
    const status = await eventually(async () => {
      const response = await call(payload.statusQueryGetUri);
      const body = response.json() as { runtimeStatus: string };
      return body.runtimeStatus === 'Completed' ? { code: response.status, body } : undefined;
    });
    expect(status.code).toBe(200);
    expect(status.body).toMatchObject({
      name: 'greetOrchestrator',
      instanceId: payload.id,
      input: 'Tokyo',
      output: 'Hello Tokyo!',
    });
    const withoutKey = new URL(payload.statusQueryGetUri);
    withoutKey.searchParams.delete('code');
    expect((await call(withoutKey.href)).status).toBe(401);
  });
});

describe('command line', () => {
  it('exits 1 with the reason on stderr when the app cannot be loaded', async () => {
    const appDir = await writeApp(join(dataDir, 'broken-app'), {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': 'throw new Error("broken at load");',
    });
    const run = await runCli(['host', '--app', appDir, '--port', '0', '--data', join(dataDir, 'broken-data')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('broken at load');
  });

  it('refuses an app with a function it cannot serve, naming it, unless --skip-unsupported serves the others', async () => {
    const appDir = await writeApp(join(dataDir, 'timer-app'), {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': `const { app } = require({AZURE_FUNCTIONS});
        app.timer('nightlyCleanup', { schedule: '0 0 3 * * *', handler: () => undefined });
        app.get('ping', () => ({ body: 'pong' }));`,
    });
    const refused = await runCli(['host', '--app', appDir, '--port', '0', '--data', join(dataDir, 'timer-data')]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/cannot serve a function of the app/);
    expect(refused.stderr).toMatch(
      /Function 'nightlyCleanup': trigger binding '\w+' of type 'timerTrigger' is not supported/,
    );
    const skipping = await startHostProcess([
      '--app',
      appDir,
      '--port',
      '0',
      '--data',
      join(dataDir, 'timer-data'),
      '--skip-unsupported',
    ]);
    try {
      expect((await call(`${skipping.ready.url}/api/ping`)).text).toBe('pong');
      expect(skipping.stderr()).toMatch(/Function 'nightlyCleanup' \(timerTrigger\) is not served/);
    } finally {
      expect(await skipping.stop('SIGTERM')).toBe(0);
    }
  });

  it('exits 2 on bad usage', async () => {
    expect((await runCli(['host', '--port', 'not-a-port'])).code).toBe(2);
    expect((await runCli(['host', '--time-scale', '-1'])).code).toBe(2);
    expect((await runCli(['host', '--app', join(HTTP_APP, 'no-such-folder')])).code).toBe(2);
  });

  it('stops on SIGTERM with exit code 0 after running the appTerminate hooks', async () => {
    expect(await host.stop('SIGTERM')).toBe(0);
    expect(existsSync(markerFile)).toBe(true);
    expect(await readFile(markerFile, 'utf8')).toBe('appTerminate ran after appStart\n');
  });
});
