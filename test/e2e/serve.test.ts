// `hybrid-connection serve --simulate` as users start it: one JSON ready line (app url, keys, the simulator's own
// ready object), server.json while it runs, both servers reachable, the app's functions served, a clean stop on
// SIGTERM; bad usage exits 2; with --stamps, every stamp in the ready object and in the app's settings, trusted. Also:
// `host` writes and removes server.json the same way.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, runCli, startCliProcess, type CliProcess } from '../support/cliProcess';
import type { PreviewBody } from '../../lib/api/preview';
import type { LoggedRequest } from '../../simulator';
import { planFor, startServe, type Serve } from './harness';

describe('hybrid-connection serve --simulate', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe({ timeScale: 500, seed: 'serve-smoke' });
  });

  afterAll(async () => {
    await serve?.dispose();
  });

  it('prints exactly one JSON ready line: url, keys (as in keys.json), and the simulator ready object', () => {
    const { ready } = serve;
    expect(Object.keys(ready)).toEqual(['ready', 'url', 'keys', 'simulator']);
    expect(ready.ready).toBe(true);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Object.keys(ready.keys)).toEqual(['master', 'function']);
    const stored = JSON.parse(readFileSync(join(serve.dataDir, 'keys.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(stored)).toContain(ready.keys.master);
    expect(JSON.stringify(stored)).toContain(ready.keys.function);
    // Exactly the object `hybrid-connection sim` prints, keys in that order.
    expect(Object.keys(ready.simulator)).toEqual([
      'ready',
      'url',
      'azure',
      'azureStack',
      'azureStackStamps',
      'identity',
      'keyVaultUrl',
      'eventGrid',
      'caCertPath',
    ]);
    expect(ready.simulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.simulator.azureStack.armEndpoint).toBe(`${ready.simulator.url}/azurestack`);
    expect(ready.simulator.caCertPath).toBe(join(serve.dataDir, 'ca.pem'));
    expect(existsSync(join(serve.dataDir, 'ca-bundle.pem'))).toBe(true);
    expect(
      serve
        .stdout()
        .split('\n')
        .filter((line) => line !== ''),
    ).toEqual([serve.readyText]);
  });

  it('writes <data>/server.json with its url and pid', () => {
    const file = JSON.parse(readFileSync(join(serve.dataDir, 'server.json'), 'utf8')) as unknown;
    expect(file).toEqual({ url: serve.ready.url, pid: serve.child.pid });
  });

  it('serves the simulator inspection API on the shared clock', async () => {
    // The data folder's clock.json is the host's persistent clock: the simulator runs on that same clock. Read before
    // the simulator's time: the host saves its time every second, so a save landing between the two would be ahead.
    const saved = JSON.parse(readFileSync(join(serve.dataDir, 'clock.json'), 'utf8')) as { virtualNow: number };
    const clock = await serve.sim<{ now: number; scale: number }>('GET', 'clock');
    expect(clock.scale).toBe(500);
    expect(clock.now).toBeGreaterThanOrEqual(saved.virtualNow);
    const { requests } = await serve.sim<{ requests: unknown[] }>('GET', 'requests');
    expect(requests).toEqual([]);
  });

  it('serves the app: every function is listed at start and the connections API wants a function key', async () => {
    for (const fn of ['startConnection', 'listConnections', 'getConnection', 'deleteConnection']) {
      expect(serve.stderr()).toMatch(new RegExp(`${fn}: \\[[A-Z]+\\] ${serve.ready.url}/api/connections`));
    }
    for (const fn of ['provisionHybridConnection', 'provisionSite', 'teardownHybridConnection', 'ticketStart']) {
      expect(serve.stderr()).toContain(`${fn}: `);
    }
    expect(serve.stderr()).toMatch(/Host started at .* \(\d+ functions, 0 not served\)/);
    const list = await serve.api('GET', '/api/connections');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], now: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown });
    const anonymous = await fetch(`${serve.ready.url}/api/connections`);
    expect(anonymous.status).toBe(401);
  });

  it('stops both servers on SIGTERM with exit code 0 and removes server.json', async () => {
    const simUrl = serve.ready.simulator.url;
    expect(await serve.stop('SIGTERM')).toBe(0);
    expect(existsSync(join(serve.dataDir, 'server.json'))).toBe(false);
    await expect(fetch(`${serve.ready.url}/api/connections`)).rejects.toThrow();
    await expect(fetch(`${simUrl}/_sim/clock`)).rejects.toThrow();
  });
});

describe('hybrid-connection serve --simulate --stamps 3', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe({ timeScale: 500, seed: 'serve-stamps', extraArgs: ['--stamps', '3'] });
  });

  afterAll(async () => {
    await serve?.dispose();
  });

  it('lists every stamp in the simulator ready object, the first also under azureStack', () => {
    const { simulator } = serve.ready;
    expect(simulator.azureStackStamps.map((stamp) => stamp.armEndpoint)).toEqual([
      `${simulator.url}/azurestack`,
      `${simulator.url}/azurestack2`,
      `${simulator.url}/azurestack3`,
    ]);
    expect(simulator.azureStackStamps[0]).toEqual(simulator.azureStack);
    // The first stamp keeps the example's subscription, so examples/plan.json runs unchanged on it.
    expect(simulator.azureStack.subscriptionId).toBe('3c9d1e7a-5b2f-4e8c-a1d6-7f0b2c4e6a93');
  });

  it('configures the app with every stamp (local3 here) and trusts it: a preview for stamp 3 passes its checks there', async () => {
    const third = serve.ready.simulator.azureStackStamps[2];
    const plan = planFor(serve.ready, 'stamp3', (p) => {
      p.azureStack.stamp = 'local3';
      p.azureStack.subscriptionId = third.subscriptionId;
      delete p.azureStack.armEndpoint;
    });
    const { status, body, text } = await serve.api('POST', '/api/connections?preview=true', plan);
    expect([status, status === 200 ? '' : text]).toEqual([200, '']);
    const preview = body as PreviewBody;
    expect(preview.preflight.filter((check) => check.status === 'failed')).toEqual([]);
    expect(preview.changes.azureStack.length).toBeGreaterThan(0);
    // The stamp's checks went to stamp 3's ARM (its metadata, its subscription), and to no other stamp's.
    const { requests } = await serve.sim<{ requests: LoggedRequest[] }>('GET', 'requests');
    expect(requests.some((r) => r.service === 'azureStack3' && r.path.startsWith('/metadata/endpoints'))).toBe(true);
    expect(requests.filter((r) => r.service === 'azureStack' || r.service === 'azureStack2')).toEqual([]);
  });
});

describe('hybrid-connection serve: usage', () => {
  it.each([
    [['serve', '--simulate', '--port', 'eighty']],
    [['serve', '--simulate', '--time-scale', '0']],
    [['serve', '--seed', '7']],
    [['serve', '--stamps', '2']],
    [['serve', '--simulate', '--stamps', '0']],
    [['serve', '--simulate', '--stamps', '21']],
    [['serve', '--simulate', '--no-such-option']],
    [['serve', '--simulate', '--app', join(PROJECT_ROOT, 'no-such-folder')]],
  ])('exits 2 on bad usage: %j', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/error/i);
  });
});

describe('hybrid-connection serve without --simulate', () => {
  it('is `host` for the app folder: a ready line without simulator, server.json, exit 0 on SIGINT', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hc-e2e-serve-real-'));
    const app = join(PROJECT_ROOT, 'test', 'fixtures', 'http-app');
    let serve: CliProcess<{ url: string; keys: Record<string, string> }> | undefined;
    try {
      serve = await startCliProcess(['serve', '--app', app, '--port', '0', '--data', dataDir]);
      const { ready } = serve;
      expect(Object.keys(ready)).toEqual(['ready', 'url', 'keys']);
      expect(readFileSync(join(dataDir, 'server.json'), 'utf8')).toContain(ready.url);
      // No local.settings.json there: the settings can only come from the environment, and serve says so.
      expect(serve.stderr()).toContain('No local.settings.json');
      expect(await serve.stop('SIGINT')).toBe(0);
      expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    } finally {
      await serve?.stop('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('hybrid-connection host: server.json', () => {
  it('is written when the host is ready and removed on a clean stop', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hc-e2e-host-'));
    const app = join(PROJECT_ROOT, 'test', 'fixtures', 'http-app');
    let host: CliProcess<{ url: string }> | undefined;
    try {
      host = await startCliProcess(['host', '--app', app, '--port', '0', '--data', dataDir]);
      expect(JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8'))).toEqual({
        url: host.ready.url,
        pid: host.child.pid,
      });
      expect(await host.stop('SIGTERM')).toBe(0);
      expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    } finally {
      await host?.stop('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
