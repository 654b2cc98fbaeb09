import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '../../..');
const BIN = join(ROOT, 'bin/hybrid-connection.js');

/** Reads the first stdout line of a child (the ready line), or fails if it exits first. */
function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`sim exited with ${code} before its ready line`)));
  });
}

function exitCode(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('hybrid-connection sim (built CLI as a child process)', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/cli/sim.js')))
      throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
  });

  it('prints one JSON ready line with every endpoint, serves them, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'sim', '--port', '0', '--time-scale', '500', '--seed', 'cli'], {
      cwd: ROOT,
      env: { ...process.env, NO_PROXY: '127.0.0.1,localhost' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const line = await firstLine(child);
      const ready = JSON.parse(line) as Record<string, unknown> & {
        url: string;
        azure: Record<string, string>;
        azureStack: Record<string, string>;
        identity: Record<string, string>;
        eventGrid: Record<string, string>;
        keyVaultUrl: string;
        caCertPath: string;
      };
      expect(Object.keys(ready)).toEqual([
        'ready',
        'url',
        'azure',
        'azureStack',
        'identity',
        'keyVaultUrl',
        'eventGrid',
        'caCertPath',
      ]);
      expect(ready.ready).toBe(true);
      expect(ready.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
      expect(Object.keys(ready.azure)).toEqual(['armEndpoint', 'subscriptionId']);
      expect(ready.azure.armEndpoint).toBe(`${ready.url}/azure`);
      expect(ready.azure.subscriptionId).toMatch(guid);
      expect(Object.keys(ready.azureStack)).toEqual(['armEndpoint', 'subscriptionId']);
      expect(ready.azureStack.armEndpoint).toBe(`${ready.url}/azurestack`);
      expect(ready.azureStack.subscriptionId).toMatch(guid);
      expect(ready.azureStack.subscriptionId).not.toBe(ready.azure.subscriptionId);
      expect(Object.keys(ready.identity)).toEqual(['authorityHost', 'tenantId', 'clientId', 'clientSecret']);
      expect(ready.identity.authorityHost).toBe(ready.url);
      expect(ready.identity.tenantId).toMatch(guid);
      expect(ready.identity.clientId).toMatch(guid);
      expect(ready.identity.clientSecret).toHaveLength(40);
      expect(ready.keyVaultUrl).toBe(`${ready.url}/`);
      expect(Object.keys(ready.eventGrid)).toEqual(['endpoint', 'key']);
      expect(ready.eventGrid.endpoint).toBe(`${ready.url}/eventgrid/api/events`);
      expect(Buffer.from(ready.eventGrid.key, 'base64')).toHaveLength(32);
      expect(existsSync(ready.caCertPath)).toBe(true);
      // The secret goes to the ready line only, never to the log.
      expect(stderr).not.toContain(ready.identity.clientSecret);

      // Another process trusts the simulator through NODE_EXTRA_CA_CERTS=ca-bundle.pem (our CA + the system trust).
      const probe = spawnSync(
        process.execPath,
        [
          '-e',
          `require('https').get(process.argv[1], (r) => { process.stdout.write(String(r.statusCode)); r.resume(); }).on('error', (e) => { process.stdout.write(e.code); })`,
          `${ready.url}/_sim/clock`,
        ],
        {
          env: { ...process.env, NODE_EXTRA_CA_CERTS: join(ready.caCertPath, '..', 'ca-bundle.pem') },
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      expect(probe.stdout).toBe('200');

      child.kill('SIGTERM');
      expect(await exitCode(child)).toBe(0);
      expect(stderr).toContain('SIGTERM: stopping the simulator');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits 2 on a bad option', () => {
    const result = spawnSync(process.execPath, [BIN, 'sim', '--time-scale', '0'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("option '--time-scale <x>' argument '0' is invalid");
  });
});
