// startHost in this process: configuration into the app, the Durable contract (a test double of our own contract
// for routing, the real durable-functions behind the DurableFunctionInvoker), registrations that cannot be served,
// load failures, body limits, and two hosts side by side.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  startHost,
  AppLoadError,
  UnsupportedFunctionsError,
  type RunningHost,
  type StartHostOptions,
} from '../../../runtime';
import { appProcess } from '../../../runtime/host/nodeLoader';
import { DurableFunctionNotFoundError } from '../../../runtime/host/durableInvoker';
import type { DurableExtension, DurableFunctionInvoker, RuntimeHttpRequest } from '../../../runtime/contracts';
import type { DurableExtensionOptions } from '../../../runtime/host/durableExtensionFactory';
import type { HostLog } from '../../../runtime/host/log';
import { call, HTTP_APP, makeTempDir, removeDir, writeApp } from './hostTestKit';

// jest's asymmetric matchers are typed `any`; typed aliases keep the assertions lint-clean.
const anyString: unknown = expect.any(String);
const stringContaining = (text: string): unknown => expect.stringContaining(text);

const quiet: HostLog = () => undefined;
const hosts: RunningHost[] = [];
const dirs: string[] = [];

async function start(options: Partial<StartHostOptions> & { appDir: string }): Promise<RunningHost> {
  const host = await startHost({ port: 0, inMemory: true, log: quiet, durableExtension: false, ...options });
  hosts.push(host);
  return host;
}

async function tempDir(): Promise<string> {
  const dir = await makeTempDir('start');
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

/** A DurableExtension answering from memory: a test double of our own contract, not of any SDK. */
class RecordingExtension implements DurableExtension {
  invoker: DurableFunctionInvoker | undefined;
  readonly requests: RuntimeHttpRequest[] = [];
  stopped = false;
  constructor(readonly options: DurableExtensionOptions) {}
  start(invoker: DurableFunctionInvoker): Promise<void> {
    this.invoker = invoker;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.stopped = true;
    return Promise.resolve();
  }
  handleHttp(request: RuntimeHttpRequest): Promise<{ status: number; body: unknown }> {
    this.requests.push(request);
    return Promise.resolve({
      status: 202,
      body: { seen: `${request.method} ${request.url.pathname}`, body: request.body.toString() },
    });
  }
  clientInputData(): object {
    const base = `${this.options.baseUrl}/runtime/webhooks/durabletask`;
    const query = `taskHub=${this.options.hubName}&connection=Storage&code=${this.options.systemKey}`;
    return {
      taskHubName: this.options.hubName,
      creationUrls: {
        createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?code=${this.options.systemKey}`,
      },
      managementUrls: { id: 'INSTANCEID', statusQueryGetUri: `${base}/instances/INSTANCEID?${query}` },
      baseUrl: base,
      requiredQueryStringParameters: `code=${this.options.systemKey}`,
      rpcBaseUrl: `${base}/`,
    };
  }
}

describe('configuration', () => {
  it('applies local.settings.json and host.json, hands the extension its settings, and undoes the environment on stop', async () => {
    const env = appProcess().env;
    env.HC_TEST_PRESET = 'from the environment';
    const appDir = await writeApp(await tempDir(), {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'host.json': JSON.stringify({
        version: '2.0',
        extensions: {
          http: { routePrefix: 'v1' },
          durableTask: { hubName: '%HC_TEST_HUB%', maxConcurrentActivityFunctions: 3 },
        },
      }),
      'local.settings.json': JSON.stringify({
        Values: { HC_TEST_HUB: 'SettingsHub', HC_TEST_GREETING: 'from settings', HC_TEST_PRESET: 'from settings' },
      }),
      'index.js': `const { app } = require({AZURE_FUNCTIONS});
        app.get('env', { handler: () => ({ jsonBody: {
          greeting: process.env.HC_TEST_GREETING, preset: process.env.HC_TEST_PRESET, host: process.env.WEBSITE_HOSTNAME } }) });`,
    });
    let extension: RecordingExtension | undefined;
    const host = await start({ appDir, durableExtension: (options) => (extension = new RecordingExtension(options)) });
    try {
      const response = await call(`${host.url}/v1/env`);
      expect(response.json()).toEqual({
        greeting: 'from settings',
        preset: 'from the environment',
        host: new URL(host.url).host,
      });
      expect((await call(`${host.url}/api/env`)).status).toBe(404);
      expect(host.hubName).toBe('SettingsHub');
      expect(extension?.options).toMatchObject({
        hubName: 'SettingsHub',
        baseUrl: host.url,
        systemKey: host.keys.system.durabletask_extension,
        maxConcurrentActivityFunctions: 3,
        dataDir: undefined,
        clock: host.clock,
      });
      expect(extension?.invoker).toBeDefined();
      await host.stop();
      expect(extension?.stopped).toBe(true);
      expect(env.HC_TEST_GREETING).toBeUndefined();
      expect(env.HC_TEST_PRESET).toBe('from the environment');
    } finally {
      delete env.HC_TEST_PRESET;
    }
  });

  it('keeps keys and virtual time in the data folder across restarts, and writes nothing in memory mode', async () => {
    const dataDir = join(await tempDir(), 'data');
    const first = await start({ appDir: HTTP_APP, dataDir, inMemory: false, timeScale: 1000 });
    first.clock.advance(7 * 24 * 60 * 60 * 1000);
    const reached = first.clock.now();
    await first.stop();
    const second = await start({ appDir: HTTP_APP, dataDir, inMemory: false });
    expect(second.keys).toEqual(first.keys);
    expect(second.clock.now()).toBeGreaterThanOrEqual(reached);
    expect(existsSync(join(dataDir, 'keys.json'))).toBe(true);
    const inMemory = await start({ appDir: HTTP_APP });
    expect(inMemory.dataDir).toBeUndefined();
    expect(inMemory.keys.master).not.toBe(first.keys.master);
    expect(existsSync(join(HTTP_APP, '.hybrid-connection'))).toBe(false);
  });

  it('answers a body over the limit with 413 JSON and keeps serving', async () => {
    const host = await start({ appDir: HTTP_APP, maxRequestBodyBytes: 64 });
    const tooBig = await call(`${host.url}/api/hello`, { method: 'POST', body: 'x'.repeat(65) });
    expect(tooBig.status).toBe(413);
    expect(tooBig.json()).toMatchObject({ error: { code: 'PayloadTooLarge' } });
    const fits = await call(`${host.url}/api/hello`, { method: 'POST', body: 'x'.repeat(64) });
    expect(fits.json()).toMatchObject({ body: 'x'.repeat(64) });
  });
});

describe('the Durable extension contract', () => {
  it('routes /runtime/webhooks/durabletask/ to the extension only with its system key or the master key', async () => {
    let extension: RecordingExtension | undefined;
    const host = await start({
      appDir: HTTP_APP,
      durableExtension: (options) => (extension = new RecordingExtension(options)),
    });
    const path = `${host.url}/runtime/webhooks/durabletask/instances/abc/raiseEvent/go`;
    expect((await call(path, { method: 'POST', body: '1' })).status).toBe(401);
    expect((await call(`${path}?code=${host.keys.function}`, { method: 'POST', body: '1' })).status).toBe(401);
    expect(
      (await call(`${path}?code=${host.keys.system.eventgrid_extension}`, { method: 'POST', body: '1' })).status,
    ).toBe(401);
    const withSystemKey = await call(`${path}?taskHub=x&code=${host.keys.system.durabletask_extension}`, {
      method: 'POST',
      body: '"data"',
    });
    expect([withSystemKey.status, withSystemKey.json()]).toEqual([
      202,
      { seen: 'POST /runtime/webhooks/durabletask/instances/abc/raiseEvent/go', body: '"data"' },
    ]);
    const withMaster = await call(path, {
      method: 'POST',
      headers: { 'x-functions-key': host.keys.master },
      body: '2',
    });
    expect(withMaster.status).toBe(202);
    expect(extension?.requests.map((request) => request.url.searchParams.get('taskHub'))).toEqual(['x', null]);
  });

  it("fills durableClient bindings with the extension's client data, so DurableClient builds its URLs from it", async () => {
    const appDir = await writeApp(await tempDir(), {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': `const { app } = require({AZURE_FUNCTIONS});
        const df = require({DURABLE_FUNCTIONS});
        app.get('payload', { extraInputs: [df.input.durableClient()],
          handler: (request, context) => ({ jsonBody: df.getClient(context).createHttpManagementPayload('abc') }) });`,
    });
    const host = await start({ appDir, durableExtension: (options) => new RecordingExtension(options) });
    const payload = (await call(`${host.url}/api/payload`)).json() as Record<string, string>;
    expect(payload.id).toBe('abc');
    expect(payload.statusQueryGetUri).toBe(
      `${host.url}/runtime/webhooks/durabletask/instances/abc?taskHub=TestHubName&connection=Storage&code=${host.keys.system.durabletask_extension}`,
    );
  });

  it('answers 503 JSON to durableClient functions and the Durable API when no extension is mounted', async () => {
    const host = await start({ appDir: HTTP_APP, durableExtension: false });
    const started = await call(`${host.url}/api/orchestrators/greetOrchestrator?code=${host.keys.function}`, {
      method: 'POST',
    });
    expect(started.status).toBe(503);
    const api = await call(`${host.url}/runtime/webhooks/durabletask/instances/?code=${host.keys.master}`);
    expect([api.status, api.json()]).toEqual([
      503,
      { error: { code: 'DurableExtensionUnavailable', message: anyString } },
    ]);
  });
});

describe('the DurableFunctionInvoker', () => {
  const bindingInfo = (name: string, input: unknown): object => ({
    history: [
      { EventType: 12, EventId: -1, IsPlayed: false, Timestamp: '2024-01-01T00:00:00.000Z' },
      {
        EventType: 0,
        EventId: -1,
        IsPlayed: false,
        Timestamp: '2024-01-01T00:00:00.000Z',
        Name: name,
        Input: JSON.stringify(input),
        OrchestrationInstance: { InstanceId: 'instance-1', ExecutionId: 'execution-1' },
      },
    ],
    input,
    instanceId: 'instance-1',
    isReplaying: false,
    parentInstanceId: null,
    upperSchemaVersion: 1,
    upperSchemaVersionNew: 2,
    longRunningTimerIntervalDuration: '3.00:00:00',
    maximumShortTimerDuration: '6.00:00:00',
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  });

  it('tells function kinds by trigger, with names matched case-insensitively', async () => {
    const { durableInvoker } = await start({ appDir: HTTP_APP });
    expect(durableInvoker.kindOf('greetOrchestrator')).toBe('orchestration');
    expect(durableInvoker.kindOf('GREET')).toBe('activity');
    expect(durableInvoker.kindOf('hello')).toBeUndefined();
    expect(durableInvoker.kindOf('noSuchFunction')).toBeUndefined();
  });

  it('runs an activity with its {string} input and the orchestration instance id as trigger metadata', async () => {
    const { durableInvoker } = await start({ appDir: HTTP_APP });
    expect(await durableInvoker.invokeActivity('greet', '"Tokyo"', 'i-1')).toBe('Hello Tokyo!');
    expect(await durableInvoker.invokeActivity('whoCalls', undefined, 'instance-42')).toBe('instance-42');
    await expect(durableInvoker.invokeActivity('hello', '1', 'i-1')).rejects.toThrow(DurableFunctionNotFoundError);
  });

  it('runs an orchestrator episode and returns its state as plain JSON', async () => {
    const { durableInvoker } = await start({ appDir: HTTP_APP });
    const state = (await durableInvoker.invokeOrchestrator(
      'greetOrchestrator',
      bindingInfo('greetOrchestrator', 'Tokyo'),
    )) as {
      isDone: boolean;
      actions: unknown[];
    };
    expect(state.isDone).toBe(false);
    expect(JSON.stringify(state.actions)).toContain('"functionName":"greet"');
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype);
  });

  it("rejects with the handler's own message when an activity or an orchestrator throws", async () => {
    const appDir = await writeApp(await tempDir(), {
      'package.json': JSON.stringify({ main: 'index.js' }),
      'index.js': `const df = require({DURABLE_FUNCTIONS});
        df.app.activity('failing', { handler: () => { throw new Error('activity broke'); } });
        df.app.orchestration('failingOrchestrator', function* () { throw new Error('orchestrator broke'); });`,
    });
    const { durableInvoker } = await start({ appDir });
    await expect(durableInvoker.invokeActivity('failing', undefined, 'i')).rejects.toThrow('activity broke');
    const failure = durableInvoker.invokeOrchestrator('failingOrchestrator', bindingInfo('failingOrchestrator', null));
    await expect(failure).rejects.toThrow(/\$OutOfProcData\$:.*"error":"orchestrator broke"/);
  });
});

describe('registrations', () => {
  const unservable = {
    'package.json': JSON.stringify({ main: 'functions/*.js' }),
    'functions/a.js': `const { app, input, output } = require({AZURE_FUNCTIONS});
      const df = require({DURABLE_FUNCTIONS});
      app.storageQueue('fromQueue', { queueName: 'q', connection: 'AzureWebJobsStorage', handler: () => undefined });
      df.app.entity('counter', () => undefined);
      app.get('badRoute', { route: 'items/{id:nosuch}', handler: () => ({ body: 'x' }) });
      app.get('withQueueOutput', { extraOutputs: [output.storageQueue({ queueName: 'q', connection: 'c' })],
        handler: () => ({ body: 'served' }) });
      app.get('withBlobInput', { extraInputs: [input.storageBlob({ path: 'c/b', connection: 'c' })],
        handler: () => ({ body: 'served' }) });
      app.get('plain', { handler: () => ({ body: 'served' }) });`,
  };

  it('refuses an app with unsupported triggers, entities, bad routes or bindings, naming each function and binding', async () => {
    const appDir = await writeApp(await tempDir(), unservable);
    const failure = start({ appDir }).catch((error: unknown) => error);
    const error = await failure;
    expect(error).toBeInstanceOf(UnsupportedFunctionsError);
    expect(error).toBeInstanceOf(AppLoadError);
    const message = (error as Error).message;
    expect(message).toMatch(/cannot serve 5 functions of the app/);
    expect(message).toMatch(
      /Function 'fromQueue': trigger binding 'queueTrigger\w+' of type 'queueTrigger' is not supported/,
    );
    expect(message).toMatch(/Function 'counter': Durable entities are not supported/);
    expect(message).toMatch(/Function 'badRoute': Invalid route template 'items\/\{id:nosuch\}'/);
    expect(message).toMatch(
      /Function 'withQueueOutput': output binding 'queueOutput\w+' of type 'queue' is not supported/,
    );
    expect(message).toMatch(/Function 'withBlobInput': input binding 'blobInput\w+' of type 'blob' is not supported/);
    expect(message).not.toMatch(/'plain'/);
  });

  it('with skipUnsupported serves the other functions and reports those it does not serve', async () => {
    const appDir = await writeApp(await tempDir(), unservable);
    const host = await start({ appDir, skipUnsupported: true });
    expect(host.unsupported).toEqual([
      {
        functionName: 'fromQueue',
        triggerType: 'queueTrigger',
        reason: stringContaining("of type 'queueTrigger' is not supported"),
      },
      {
        functionName: 'counter',
        triggerType: 'entityTrigger',
        reason: 'Durable entities are not supported by this host',
      },
      {
        functionName: 'badRoute',
        triggerType: 'httpTrigger',
        reason: stringContaining("unknown constraint 'nosuch'"),
      },
      {
        functionName: 'withQueueOutput',
        triggerType: 'httpTrigger',
        reason: stringContaining("of type 'queue' is not supported"),
      },
      {
        functionName: 'withBlobInput',
        triggerType: 'httpTrigger',
        reason: stringContaining("of type 'blob' is not supported"),
      },
    ]);
    expect(host.unsupportedBindings).toEqual([
      expect.objectContaining({ functionName: 'withQueueOutput', bindingType: 'queue', direction: 'out' }),
      expect.objectContaining({ functionName: 'withBlobInput', bindingType: 'blob', direction: 'in' }),
    ]);
    expect(host.functions).toEqual([
      { name: 'plain', trigger: 'httpTrigger', route: '/api/plain', methods: ['GET'], authLevel: 'anonymous' },
    ]);
    expect((await call(`${host.url}/api/plain`)).text).toBe('served');
    expect((await call(`${host.url}/api/withQueueOutput`)).status).toBe(404);
  });

  it.each([
    ['a package.json without main', { 'package.json': '{}' }, 'needs a "main" entry'],
    ['a glob matching nothing', { 'package.json': JSON.stringify({ main: 'dist/*.js' }) }, 'Found zero files'],
    [
      'an entry file that throws',
      { 'package.json': JSON.stringify({ main: 'index.js' }), 'index.js': 'throw new Error("broken at load")' },
      'broken at load',
    ],
    [
      'two functions with one name',
      {
        'package.json': JSON.stringify({ main: 'index.js' }),
        'index.js': `const { app } = require({AZURE_FUNCTIONS});
          app.get('twice', () => ({})); app.get('TWICE', () => ({}));`,
      },
      "named 'TWICE' is already registered",
    ],
  ])('refuses to start an app with %s', async (_what, files, message) => {
    const appDir = await writeApp(await tempDir(), files);
    const starting = startHost({ appDir, port: 0, inMemory: true, log: quiet, durableExtension: false });
    await expect(starting).rejects.toThrow(AppLoadError);
    await expect(starting).rejects.toThrow(message);
  });

  it('refuses a missing app folder', async () => {
    await expect(startHost({ appDir: join(HTTP_APP, 'missing'), port: 0, inMemory: true, log: quiet })).rejects.toThrow(
      'does not exist',
    );
  });
});

describe('two hosts in one process', () => {
  it('each load the app afresh and keep their own state', async () => {
    const first = await start({ appDir: HTTP_APP });
    const second = await start({ appDir: HTTP_APP });
    for (let index = 0; index < 3; index++) await call(`${first.url}/api/plain`);
    const firstStats = (await call(`${first.url}/api/hooks`)).json() as { preInvocations: number };
    const secondStats = (await call(`${second.url}/api/hooks`)).json() as { preInvocations: number };
    expect([firstStats.preInvocations, secondStats.preInvocations]).toEqual([4, 1]);
  });
});
