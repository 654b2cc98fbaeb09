// The CLI's client side: where the URL and key come from, what it makes of the API's answers, the duration history
// it keeps, and how following rides out a failing server. Servers here are tiny scripted ones on loopback.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiUnreachableError, ConnectionsClient } from '../../cli/client/apiClient';
import { ApiStatusError } from '../../cli/client/apiStatusError';
import { hasFailed, parseConnectionView, parseListPage } from '../../cli/client/apiTypes';
import { allFailureLines } from '../../cli/render/failures';
import { exitCodeFor, jsonFor, messageFor } from '../../cli/client/commandErrors';
import { DurationHistory, HISTORY_FILE, SAMPLES_KEPT } from '../../cli/client/durationHistory';
import { follow } from '../../cli/client/follow';
import { resolveTarget, TargetResolutionError } from '../../cli/client/resolveTarget';
import { completedStatus, failedStatus, MIN, runningStatus } from './statusFixtures';
import { startScriptedServer, type ScriptedServer } from './scriptedServer';

let dir: string;
const alive = (): boolean => true;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hc-client-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeDataFolder(folder: string, url: string, pid = 4242): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'server.json'), JSON.stringify({ url, pid }));
  writeFileSync(
    join(folder, 'keys.json'),
    JSON.stringify({ master: 'm'.repeat(32), function: 'f'.repeat(32), system: {} }),
  );
}

describe('resolving the URL and key', () => {
  it('takes flags first, then the environment', async () => {
    const env = { HYBRID_CONNECTION_URL: 'http://env.example:7071/', HYBRID_CONNECTION_KEY: 'env-key' };
    await expect(resolveTarget({ url: 'http://flag:1', key: 'flag-key' }, env, dir, alive)).resolves.toMatchObject({
      url: 'http://flag:1',
      key: 'flag-key',
      source: { url: '--url', key: '--key' },
    });
    await expect(resolveTarget({}, env, dir, alive)).resolves.toMatchObject({
      url: 'http://env.example:7071',
      key: 'env-key',
      source: { url: 'HYBRID_CONNECTION_URL', key: 'HYBRID_CONNECTION_KEY' },
    });
  });

  it('falls back to the local server in .hybrid-connection, with its function key (never the master key)', async () => {
    writeDataFolder(join(dir, '.hybrid-connection'), 'http://127.0.0.1:7071');
    const target = await resolveTarget({}, {}, dir, alive);
    expect(target).toMatchObject({ url: 'http://127.0.0.1:7071', key: 'f'.repeat(32) });
    expect(target.dataDir).toBe(join(dir, '.hybrid-connection'));
  });

  it('lets an explicit --data win over the environment', async () => {
    writeDataFolder(join(dir, 'other'), 'http://127.0.0.1:9999');
    const env = { HYBRID_CONNECTION_URL: 'http://env.example', HYBRID_CONNECTION_KEY: 'env-key' };
    await expect(resolveTarget({ data: 'other' }, env, dir, alive)).resolves.toMatchObject({
      url: 'http://127.0.0.1:9999',
      key: 'f'.repeat(32),
    });
  });

  it('never sends the local key to a URL that came from elsewhere', async () => {
    writeDataFolder(join(dir, '.hybrid-connection'), 'http://127.0.0.1:7071');
    await expect(resolveTarget({ url: 'https://prod.example' }, {}, dir, alive)).rejects.toThrow(
      /no function key for https:\/\/prod\.example/,
    );
    // The same server under its own URL may use it.
    await expect(resolveTarget({ url: 'http://127.0.0.1:7071/' }, {}, dir, alive)).resolves.toMatchObject({
      key: 'f'.repeat(32),
    });
  });

  it('refuses a stale server.json, a URL with a query, and no URL at all, as usage errors', async () => {
    writeDataFolder(join(dir, '.hybrid-connection'), 'http://127.0.0.1:7071');
    await expect(resolveTarget({}, {}, dir, () => false)).rejects.toThrow(/pid 4242\) that is no longer running/);
    await expect(resolveTarget({ url: 'http://x/?code=abc', key: 'k' }, {}, dir, alive)).rejects.toThrow(
      /base URL only/,
    );
    const error = await resolveTarget({}, {}, join(dir, 'empty'), alive).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetResolutionError);
    expect((error as Error).message).toMatch(/no app URL: pass --url, set HYBRID_CONNECTION_URL/);
    expect(exitCodeFor(error)).toBe(2);
  });
});

describe('reading the API', () => {
  it('normalises a status and strips control characters from everything it will print', () => {
    const raw = runningStatus();
    (raw.stages as Record<string, Record<string, Record<string, unknown>>>).azure.gateway.detail = 'Upd\u001b[2Jating';
    const view = parseConnectionView({ ...raw, connection: undefined, events: ['a', 7] });
    expect(view.stages.azure.gateway.detail).toBe('Upd?[2Jating');
    expect(view.connection).toEqual({ state: 'pending', connectionStatus: {}, verify: { state: 'pending' } });
    expect(view.events).toEqual(['a']);
    expect(() => parseConnectionView({ items: [] })).toThrow(/not a connection status/);
  });

  it("keeps every failure of a run and of its teardown, so both clouds' errors reach the screen", () => {
    const failure = (cloud: string, code: string) => ({
      code,
      message: `${code} in ${cloud}`,
      cloud,
      stage: 'gateway',
    });
    const view = parseConnectionView({
      ...runningStatus(),
      runtimeStatus: 'Failed',
      error: failure('azure', 'GatewayFailed'),
      errors: [failure('azure', 'GatewayFailed'), failure('azureStack', 'QuotaExceeded'), 7],
    });
    expect(view.errors?.map((error) => [error.cloud, error.code])).toEqual([
      ['azure', 'GatewayFailed'],
      ['azureStack', 'QuotaExceeded'],
    ]);
    expect(allFailureLines(view).join('\n')).toMatch(/Also failed at Azure Stack Hub \/ VPN gateway/);
    expect(parseConnectionView(runningStatus())).not.toHaveProperty('errors');
  });

  it('knows a failed run from a running or connected one', () => {
    expect(hasFailed(parseConnectionView(runningStatus()))).toBe(false);
    expect(hasFailed(parseConnectionView(completedStatus()))).toBe(false);
    expect(hasFailed(parseConnectionView(failedStatus()))).toBe(true);
    expect(hasFailed(parseConnectionView({ ...runningStatus(), runtimeStatus: 'Terminated' }))).toBe(true);
  });

  it('reads list pages and their continuation token', () => {
    expect(parseListPage({ items: [{ name: 'a', runtimeStatus: 'Running' }], continuationToken: 'a' })).toEqual({
      items: [
        { name: 'a', instanceId: '', runtimeStatus: 'Running', phase: null, createdTime: '', lastUpdatedTime: '' },
      ],
      continuationToken: 'a',
    });
  });

  it('maps answers to exit codes: 400/401 are bad input (2), 404/409/5xx and unreachable are failures (1)', () => {
    const error = (status: number, body: unknown = {}): ApiStatusError => new ApiStatusError({ status, body }, 'x');
    expect(exitCodeFor(error(400, { errors: [{ path: 'name', message: 'bad' }] }))).toBe(2);
    expect(exitCodeFor(error(401))).toBe(2);
    expect(exitCodeFor(error(404))).toBe(1);
    expect(exitCodeFor(error(409))).toBe(1);
    expect(exitCodeFor(error(503))).toBe(1);
    expect(exitCodeFor(new ApiUnreachableError('http://x', 'ECONNREFUSED'))).toBe(1);
    expect(jsonFor(error(400, { errors: [{ path: 'name', message: 'bad' }] }))).toEqual({
      error: { code: 'HTTP400', message: 'x: name: bad', httpStatus: 400 },
      errors: [{ path: 'name', message: 'bad' }],
    });
    expect(error(409, { error: { code: 'ConnectionInProgress', message: 'busy' } }).code).toBe('ConnectionInProgress');
  });
});

describe('messages for an app that is out of reach or refuses the key', () => {
  const target = { url: 'https://hc.example.net', source: { url: '--url', key: 'HYBRID_CONNECTION_KEY' } };
  const unreachable = (code: string): string =>
    messageFor(new ApiUnreachableError('https://hc.example.net', `${code} (detail)`, code), target);

  it('names the cause and what to do, one line each, with where the URL came from', () => {
    expect(unreachable('ENOTFOUND')).toBe(
      'cannot reach https://hc.example.net: host name hc.example.net not found (ENOTFOUND): check the URL ' +
        '(the URL came from --url)',
    );
    expect(unreachable('ECONNREFUSED')).toBe(
      'cannot reach https://hc.example.net: nothing is listening there (ECONNREFUSED): is hybrid-connection serve ' +
        '(or host) running? (the URL came from --url)',
    );
    for (const code of [
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'ERR_TLS_CERT_ALTNAME_INVALID',
    ]) {
      expect(unreachable(code)).toBe(
        `cannot reach https://hc.example.net: its TLS certificate is not trusted here (${code}): trust its CA with ` +
          'HC_CA_CERT_FILE=<its PEM file>, or NODE_EXTRA_CA_CERTS=<a bundle of the system CAs plus it>',
      );
    }
    expect(unreachable('ETIMEDOUT')).toBe(
      'cannot reach https://hc.example.net: no answer from hc.example.net (ETIMEDOUT): check the URL (the URL came ' +
        'from --url) and that no firewall drops it',
    );
    expect(unreachable('ECONNRESET')).toBe('cannot reach https://hc.example.net: ECONNRESET (detail)');
    for (const code of ['ENOTFOUND', 'ECONNREFUSED', 'SELF_SIGNED_CERT_IN_CHAIN', 'ETIMEDOUT']) {
      expect(unreachable(code)).not.toContain('\n');
    }
  });

  it('says a refused key is refused, naming where the key came from (never the key), and exits 2', () => {
    const refused = new ApiStatusError({ status: 403, body: { error: { code: 'Forbidden', message: 'no' } } }, 'x');
    const message =
      'refused (HTTP 403): https://hc.example.net did not accept the function key from HYBRID_CONNECTION_KEY (no): ' +
      'pass one of its keys with --key or HYBRID_CONNECTION_KEY, or --data of its local server';
    expect(messageFor(refused, target)).toBe(message);
    expect(jsonFor(refused, target)).toEqual({ error: { code: 'Forbidden', message, httpStatus: 403 } });
    expect(exitCodeFor(refused)).toBe(2);
  });
});

describe('duration history', () => {
  it('records each succeeded stage once per run, keeps the last few, and survives a reopen', async () => {
    const history = await DurationHistory.open(dir, 'http://app');
    const done = parseConnectionView(completedStatus());
    expect(history.record(done)).toBe(true);
    expect(history.record(done)).toBe(false);
    expect(history.samples('azure', 'gateway')).toEqual([37.4 * MIN]);
    for (let run = 0; run < SAMPLES_KEPT + 2; run++) {
      history.record({ ...done, createdTime: `2031-01-0${run + 1}T00:00:00.000Z` });
    }
    expect(history.samples('azure', 'gateway')).toHaveLength(SAMPLES_KEPT);
    await history.save();
    const reopened = await DurationHistory.open(dir, 'http://app');
    expect(reopened.samples('azureStack', 'gateway')).toHaveLength(SAMPLES_KEPT);
    // Per server: another app's stages are not this one's.
    expect((await DurationHistory.open(dir, 'http://other')).samples('azure', 'gateway')).toEqual([]);
    // Durations only: no names, ids or keys in the file.
    expect(readFileSync(join(dir, HISTORY_FILE), 'utf8')).not.toMatch(/contoso|subscriptions/);
  });

  it('starts over from a damaged file and keeps memory-only history without a data folder', async () => {
    writeFileSync(join(dir, HISTORY_FILE), '{not json');
    expect((await DurationHistory.open(dir, 'http://app')).samples('azure', 'gateway')).toEqual([]);
    const memory = await DurationHistory.open(undefined, 'http://app');
    memory.record(parseConnectionView(completedStatus()));
    await memory.save();
    expect(memory.samples('azure', 'gateway')).toHaveLength(1);
  });
});

describe('following a run', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('polls until the run ends, riding out 503s and sending the key in x-functions-key', async () => {
    const script = [503, 200, 503, 503, 200];
    server = await startScriptedServer((_request, index) => {
      const status = script[index] ?? 200;
      if (status !== 200) return { status, body: { error: { code: 'Busy', message: 'try again' } } };
      return { status, body: index < 4 ? runningStatus() : completedStatus() };
    });
    const client = new ConnectionsClient({ url: server.url, key: 'secret-key' });
    const seen: string[] = [];
    const retries: number[] = [];
    const followed = await follow(client, 'contoso', {
      intervalMs: 1,
      until: (view) => view.runtimeStatus === 'Completed',
      onView: (view) => seen.push(view.runtimeStatus),
      onRetry: (_error, attempt) => retries.push(attempt),
      sleep: () => Promise.resolve(),
    });
    expect(followed.view.runtimeStatus).toBe('Completed');
    expect(seen).toEqual(['Running', 'Completed']);
    expect(retries).toEqual([1, 1, 2]);
    expect(server.requests.every((r) => r.key === 'secret-key' && r.url === '/api/connections/contoso')).toBe(true);
  });

  it('gives up after a run of failures, and at once on a 404', async () => {
    server = await startScriptedServer(() => ({ status: 500, body: {} }));
    const client = new ConnectionsClient({ url: server.url, key: 'k' });
    const options = {
      intervalMs: 1,
      until: () => false,
      onView: () => undefined,
      maxConsecutiveFailures: 3,
      sleep: () => Promise.resolve(),
    };
    await expect(follow(client, 'contoso', options)).rejects.toThrow(/HTTP 500/);
    expect(server.requests).toHaveLength(3);
    await server.close();
    server = await startScriptedServer(() => ({
      status: 404,
      body: { error: { code: 'ConnectionNotFound', message: 'no connection named contoso' } },
    }));
    const notFound = await follow(new ConnectionsClient({ url: server.url, key: 'k' }), 'contoso', options).catch(
      (e: unknown) => e,
    );
    expect(notFound).toBeInstanceOf(ApiStatusError);
    expect((notFound as Error).message).toBe('status of contoso: no connection named contoso');
    expect(server.requests).toHaveLength(1);
  });

  it('sends a plan as application/json, the only type the API takes', async () => {
    server = await startScriptedServer(() => ({ status: 202, body: {} }));
    await new ConnectionsClient({ url: server.url, key: 'k' }).start('{"name":"contoso"}');
    expect(server.requests).toEqual([
      {
        method: 'POST',
        url: '/api/connections',
        key: 'k',
        contentType: 'application/json',
        body: '{"name":"contoso"}',
      },
    ]);
  });

  it('reports an unreachable app with the reason', async () => {
    server = await startScriptedServer(() => ({ status: 200 }));
    const url = server.url;
    await server.close();
    server = undefined;
    const error = await new ConnectionsClient({ url, key: 'k' }).get('contoso').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect((error as Error).message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect((error as Error).message).not.toContain('k@');
  });
});
