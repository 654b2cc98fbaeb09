// `hybrid-connection sim` from the built CLI as a child process: its one JSON ready line, the endpoints it serves, the
// CA bundle another process can trust, a clean SIGTERM (exit 0), and exit 2 on a bad option.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trustCertificateInProcess } from '../../../simulator';
import { assertBuilt, runCli, startCliProcess, type CliProcess } from '../../support/cliProcess';

interface SimReady {
  ready: true;
  url: string;
  azure: Record<string, string>;
  azureStack: Record<string, string>;
  azureStackStamps: Record<string, string>[];
  identity: Record<string, string>;
  eventGrid: Record<string, string>;
  keyVaultUrl: string;
  caCertPath: string;
}

describe('hybrid-connection sim (built CLI as a child process)', () => {
  beforeAll(() => assertBuilt(['dist/cli/sim.js']));

  it('prints one JSON ready line with every endpoint, serves them, and exits 0 on SIGTERM', async () => {
    let sim: CliProcess<SimReady> | undefined;
    try {
      sim = await startCliProcess<SimReady>(['sim', '--port', '0', '--time-scale', '500', '--seed', 'cli'], {
        env: { NO_PROXY: '127.0.0.1,localhost' },
      });
      const { ready } = sim;
      // azureStackStamps was added after the others (additive: they keep their order).
      expect(Object.keys(ready)).toEqual([
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
      expect(ready.azureStackStamps).toEqual([ready.azureStack]);
      // clientCertificatePath was added after the first four (additive: the others keep their order).
      expect(Object.keys(ready.identity)).toEqual([
        'authorityHost',
        'tenantId',
        'clientId',
        'clientSecret',
        'clientCertificatePath',
      ]);
      expect(ready.identity.clientCertificatePath).toBe(join(ready.caCertPath, '..', 'principal-cert.pem'));
      expect(statSync(ready.identity.clientCertificatePath).mode & 0o777).toBe(0o600);
      expect(ready.identity.authorityHost).toBe(ready.url);
      expect(ready.identity.tenantId).toMatch(guid);
      expect(ready.identity.clientId).toMatch(guid);
      expect(ready.identity.clientSecret).toHaveLength(40);
      expect(ready.keyVaultUrl).toBe(`${ready.url}/`);
      expect(Object.keys(ready.eventGrid)).toEqual(['endpoint', 'key']);
      expect(ready.eventGrid.endpoint).toBe(`${ready.url}/eventgrid/api/events`);
      expect(Buffer.from(ready.eventGrid.key, 'base64')).toHaveLength(32);
      expect(existsSync(ready.caCertPath)).toBe(true);

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

      // The certificate's key stays in its file (read now: the simulator removes its temporary folder when it stops):
      // neither the ready line nor the log carries any of it.
      const keyLines = readFileSync(ready.identity.clientCertificatePath, 'utf8')
        .split('-----BEGIN PRIVATE KEY-----')[1]
        ?.split('\n')
        .filter((line) => line.length > 20 && !line.startsWith('-----'));
      expect(keyLines?.length).toBeGreaterThan(0);
      expect(await sim.stop('SIGTERM')).toBe(0);
      expect(sim.stderr()).toContain('SIGTERM: stopping the simulator');
      // The secret goes to the ready line only, never to the log: checked on the whole log, once the process ended
      // and its pipes closed, not on whatever part of it had been read so far.
      expect(sim.stderr()).toContain('simulator: listening on');
      expect(sim.stderr()).not.toContain(ready.identity.clientSecret);
      for (const line of keyLines ?? []) expect(`${sim.stdout()}${sim.stderr()}`).not.toContain(line);
    } finally {
      await sim?.stop('SIGKILL');
    }
  });

  it('with --stamps 3 lists every stamp in azureStackStamps, the first also under azureStack, and serves each', async () => {
    let sim: CliProcess<SimReady> | undefined;
    try {
      sim = await startCliProcess<SimReady>(['sim', '--port', '0', '--time-scale', '500', '--stamps', '3'], {
        env: { NO_PROXY: '127.0.0.1,localhost' },
      });
      const { ready } = sim;
      expect(ready.azureStackStamps.map((stamp) => Object.keys(stamp))).toEqual(
        Array(3).fill(['armEndpoint', 'subscriptionId']),
      );
      expect(ready.azureStackStamps.map((stamp) => stamp.armEndpoint)).toEqual([
        `${ready.url}/azurestack`,
        `${ready.url}/azurestack2`,
        `${ready.url}/azurestack3`,
      ]);
      expect(ready.azureStackStamps[0]).toEqual(ready.azureStack);
      const subscriptions = [ready.azure, ...ready.azureStackStamps].map((cloud) => cloud.subscriptionId);
      expect(new Set(subscriptions).size).toBe(4);
      // Stamp 3 answers its own metadata endpoint (anonymous), over the simulator's CA.
      trustCertificateInProcess(readFileSync(ready.caCertPath, 'utf8'));
      const response = await fetch(
        `${ready.azureStackStamps[2].armEndpoint}/metadata/endpoints?api-version=2019-10-01`,
      );
      const [metadata] = (await response.json()) as { resourceManager: string }[];
      expect(metadata.resourceManager).toBe(`${ready.url}/azurestack3/`);
      expect(await sim.stop('SIGTERM')).toBe(0);
    } finally {
      await sim?.stop('SIGKILL');
    }
  });

  it.each(['0', '21', '2.5', 'three'])('exits 2 naming the range for --stamps %s, starting nothing', async (stamps) => {
    const run = await runCli(['sim', '--stamps', stamps], { timeoutMs: 20_000 });
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr.split('\n')[0]).toBe(
      `error: option '--stamps <n>' argument '${stamps}' is invalid. must be a whole number of Azure Stack Hub stamps from 1 to 20.`,
    );
  });

  it('serves the subscription ids it is given, and refuses a request for any other', async () => {
    const azure = '8f2b7c1e-4a6d-4c3b-9e1f-2a5d7b9c0e14';
    const azureStack = '3c9d1e7a-5b2f-4e8c-a1d6-7f0b2c4e6a93';
    let sim: CliProcess<SimReady> | undefined;
    try {
      sim = await startCliProcess<SimReady>(
        ['sim', '--port', '0', '--azure-subscription', azure, '--azurestack-subscription', azureStack],
        { env: { NO_PROXY: '127.0.0.1,localhost' } },
      );
      expect(sim.ready.azure.subscriptionId).toBe(azure);
      expect(sim.ready.azureStack.subscriptionId).toBe(azureStack);
    } finally {
      await sim?.stop('SIGKILL');
    }
  });

  it('with --data, comes back on the same URL after SIGKILL, and exits 1 naming port and folder when that port is taken', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sim-cli-data-'));
    const args = ['sim', '--data', dataDir, '--time-scale', '500', '--seed', 'cli-data'];
    const env = { NO_PROXY: '127.0.0.1,localhost' };
    let sim: CliProcess<SimReady> | undefined;
    const squatter = createServer();
    try {
      sim = await startCliProcess<SimReady>(args, { env });
      const { url } = sim.ready;
      expect(await sim.stop('SIGKILL')).toBeNull();
      sim = await startCliProcess<SimReady>(args, { env });
      expect(sim.ready.url).toBe(url);
      await sim.stop('SIGTERM');
      const port = Number(new URL(url).port);
      await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
      const taken = await runCli(args, { timeoutMs: 20_000 });
      expect([taken.code, taken.stdout]).toEqual([1, '']);
      expect(taken.stderr).toContain(`error: port ${port} on 127.0.0.1 is in use by another process`);
      expect(taken.stderr).toContain(dataDir);
      const otherPort = await runCli([...args, '--port', String(port + 1)], { timeoutMs: 20_000 });
      expect(otherPort.code).toBe(2);
      expect(otherPort.stderr).toContain(`is served on port ${port}`);
    } finally {
      await sim?.stop('SIGKILL');
      await new Promise((resolve) => squatter.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a bad option', async () => {
    const result = await runCli(['sim', '--time-scale', '0'], { timeoutMs: 20_000 });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("option '--time-scale <x>' argument '0' is invalid");
    const subscription = await runCli(['sim', '--azure-subscription', 'my-subscription'], { timeoutMs: 20_000 });
    expect(subscription.code).toBe(2);
    expect(subscription.stdout).toBe('');
    expect(subscription.stderr).toContain('must be a subscription id (a GUID)');
  });
});
