// host.json, local.settings.json, the keys file and the persistent clock: defaults, validation, and what survives a
// restart of the host.
import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostConfigError } from '../../../runtime/host/errors';
import { DEFAULT_HUB_NAME, readHostSettings } from '../../../runtime/host/hostSettings';
import { applySettings, readLocalSettings } from '../../../runtime/host/localSettings';
import { loadOrCreateKeys } from '../../../runtime/host/hostKeys';
import { openPersistentClock } from '../../../runtime/host/persistentClock';
import { makeTempDir, removeDir } from './hostTestKit';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('config');
});
afterEach(async () => {
  await removeDir(dir);
});

describe('host.json', () => {
  it('defaults to the api prefix, the local hub name and 10 functions per core', async () => {
    const settings = await readHostSettings(dir, {});
    expect(settings).toMatchObject({ routePrefix: 'api', hubName: DEFAULT_HUB_NAME, fromFile: false });
    expect(settings.maxConcurrentActivityFunctions % 10).toBe(0);
  });

  it('reads the hub (resolving %AppSetting%), the limits and the prefix without its slashes', async () => {
    await writeFile(
      join(dir, 'host.json'),
      '\uFEFF' +
        JSON.stringify({
          version: '2.0',
          extensions: {
            http: { routePrefix: '/v1/' },
            durableTask: { hubName: '%HUB%', maxConcurrentActivityFunctions: 3, maxConcurrentOrchestratorFunctions: 5 },
          },
        }),
    );
    expect(await readHostSettings(dir, { HUB: 'OrdersHub' })).toEqual({
      hubName: 'OrdersHub',
      routePrefix: 'v1',
      maxConcurrentActivityFunctions: 3,
      maxConcurrentOrchestratorFunctions: 5,
      fromFile: true,
    });
  });

  it.each([
    ['{ not json', 'not valid JSON'],
    ['[]', 'must hold a JSON object'],
    ['{"extensions":{"durableTask":{"maxConcurrentActivityFunctions":0}}}', 'positive integer'],
    ['{"extensions":{"http":{"routePrefix":7}}}', "'routePrefix' must be a string"],
    ['{"extensions":{"durableTask":{"hubName":"%MISSING%"}}}', "'MISSING'"],
  ])('refuses %s', async (text, message) => {
    await writeFile(join(dir, 'host.json'), text);
    const reading = readHostSettings(dir, {});
    await expect(reading).rejects.toThrow(HostConfigError);
    await expect(readHostSettings(dir, {})).rejects.toThrow(message);
  });
});

describe('local.settings.json', () => {
  it('turns Values into environment variables without overriding variables already set', async () => {
    await writeFile(
      join(dir, 'local.settings.json'),
      JSON.stringify({
        IsEncrypted: false,
        Values: { A: 'from file', B: 'from file', N: 3 },
        Host: { LocalHttpPort: 7123 },
      }),
    );
    const settings = await readLocalSettings(dir);
    expect(settings).toEqual({ values: { A: 'from file', B: 'from file', N: '3' }, localHttpPort: 7123 });
    const env: NodeJS.ProcessEnv = { B: 'already set' };
    expect(applySettings(settings.values, env)).toEqual(['A', 'N']);
    expect(env).toEqual({ A: 'from file', B: 'already set', N: '3' });
  });

  it('is optional, and refuses encrypted files and non-object Values', async () => {
    expect(await readLocalSettings(dir)).toEqual({ values: {}, localHttpPort: undefined });
    await writeFile(join(dir, 'local.settings.json'), JSON.stringify({ IsEncrypted: true, Values: {} }));
    await expect(readLocalSettings(dir)).rejects.toThrow('encrypted');
    await writeFile(join(dir, 'local.settings.json'), JSON.stringify({ Values: ['x'] }));
    await expect(readLocalSettings(dir)).rejects.toThrow(HostConfigError);
  });
});

describe('keys', () => {
  it('are generated once, owner-only, and the same after a restart', async () => {
    const first = await loadOrCreateKeys(dir);
    const all = [first.master, first.function, first.system.durabletask_extension, first.system.eventgrid_extension];
    expect(new Set(all).size).toBe(4);
    for (const key of all) expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(join(dir, 'keys.json'))).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateKeys(dir)).toEqual(first);
  });

  it('narrows a keys file that was copied in readable by others to owner-only', async () => {
    const first = await loadOrCreateKeys(dir);
    await chmod(join(dir, 'keys.json'), 0o644);
    expect(await loadOrCreateKeys(dir)).toEqual(first);
    expect((await stat(join(dir, 'keys.json'))).mode & 0o777).toBe(0o600);
  });

  it('adds a missing system key and keeps the others', async () => {
    const first = await loadOrCreateKeys(dir);
    const stored = JSON.parse(await readFile(join(dir, 'keys.json'), 'utf8')) as { system: Record<string, string> };
    delete stored.system.eventgrid_extension;
    await writeFile(join(dir, 'keys.json'), JSON.stringify(stored));
    const second = await loadOrCreateKeys(dir);
    expect(second.master).toBe(first.master);
    expect(second.system.durabletask_extension).toBe(first.system.durabletask_extension);
    expect(second.system.eventgrid_extension).not.toBe(first.system.eventgrid_extension);
  });

  it('refuses a damaged keys file instead of silently replacing the keys', async () => {
    await writeFile(join(dir, 'keys.json'), JSON.stringify({ master: 'short' }));
    await expect(loadOrCreateKeys(dir)).rejects.toThrow(HostConfigError);
  });

  it('are fresh and not written anywhere without a data folder', async () => {
    const [a, b] = [await loadOrCreateKeys(undefined), await loadOrCreateKeys(undefined)];
    expect(a.master).not.toBe(b.master);
  });
});

describe('the persistent clock', () => {
  it('restarts no earlier than the virtual time it had reached', async () => {
    const first = await openPersistentClock(dir, 1000);
    first.clock.advance(30 * 24 * 60 * 60 * 1000);
    const reached = first.clock.now();
    first.close();
    const second = await openPersistentClock(dir, 1);
    try {
      expect(second.clock.now()).toBeGreaterThanOrEqual(reached);
      expect(second.clock.scale).toBe(1);
    } finally {
      second.close();
    }
  });
});
