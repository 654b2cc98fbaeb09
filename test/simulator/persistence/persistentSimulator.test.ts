// A simulator given persistState keeps its state in its data folder: stopped (or killed) and started again on that
// folder, it serves the same URL with the same resources, the same operation still running until its virtual due
// time, the same Key Vault secret versions, and accepts the tokens clients cached before.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import { SecretClient } from '@azure/keyvault-secrets';
import {
  SimulatorOptionsError,
  SimulatorStateError,
  STATE_FILE,
  type OperationSummary,
  type SimulatorOptions,
} from '../../../simulator';
import { StateDatabase } from '../../../simulator/persistence/stateDatabase';
import { aadCredential, hybridOptions, modularOptions, startTrustedSimulator } from '../core/harness';

const MINUTE = 60_000;
const OPTIONS: SimulatorOptions = {
  persistState: true,
  seed: 'persist',
  // A slow clock and a long VNet: the operation is still running across the restart, whatever the machine's load.
  timeScale: 1,
  latency: { azure: { 'Microsoft.Network/virtualNetworks:create': 30 * MINUTE } },
};
const VNET = {
  location: 'eastus',
  addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
  subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.1.255.0/27' }],
};

describe('a simulator with persistState', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sim-persist-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('comes back on the same URL with its resources, running operations, secrets and issued tokens', async () => {
    const first = await startTrustedSimulator({ ...OPTIONS, dataDir });
    const credential = aadCredential(first);
    const vaultOptions = { disableChallengeResourceVerification: true };
    let version: string | undefined;
    let running: OperationSummary[] | undefined;
    try {
      await new ResourceManagementClient(
        credential,
        first.azure.subscriptionId,
        modularOptions(first.azure),
      ).resourceGroups.createOrUpdate('rg-persist', { location: 'eastus' });
      const network = new NetworkManagementClient(credential, first.azure.subscriptionId, modularOptions(first.azure));
      await network.virtualNetworks.beginCreateOrUpdate('rg-persist', 'vnet-persist', VNET);
      const secret = await new SecretClient(first.keyVaultUrl, credential, vaultOptions).setSecret('kept', 'v1');
      version = secret.properties.version;
      running = first.inspect.operations('azure');
    } finally {
      await first.stop();
    }
    const second = await startTrustedSimulator({ ...OPTIONS, dataDir });
    try {
      expect(second.url).toBe(first.url);
      const [vnet] = second.inspect.resources('azure').filter((r) => r.name === 'vnet-persist');
      expect(vnet?.properties?.provisioningState).toBe('Updating');
      // The same operation, started at the same virtual time and due at the same time.
      expect(second.inspect.operations('azure')).toEqual(running);
      expect(running.map((o) => o.status)).toEqual(['InProgress']);
      // The same credential: its cached token, issued by the first start, is still good.
      const network = new NetworkManagementClient(
        credential,
        second.azure.subscriptionId,
        modularOptions(second.azure),
      );
      await expect(network.virtualNetworks.get('rg-persist', 'vnet-persist')).resolves.toMatchObject({
        provisioningState: 'Updating',
      });
      // The operation ends at the virtual time it was due, not earlier.
      second.inspect.advanceClock(20 * MINUTE);
      expect(second.inspect.operations('azure').map((o) => o.status)).toEqual(['InProgress']);
      second.inspect.advanceClock(10 * MINUTE);
      await expect(network.virtualNetworks.get('rg-persist', 'vnet-persist')).resolves.toMatchObject({
        provisioningState: 'Succeeded',
      });
      expect(second.inspect.operations('azure').map((o) => o.status)).toEqual(['Succeeded']);
      expect(second.inspect.resources('azure').filter((r) => r.name === 'vnet-persist')).toHaveLength(1);
      const secret = await new SecretClient(second.keyVaultUrl, credential, vaultOptions).getSecret('kept');
      expect(secret).toMatchObject({ value: 'v1', properties: { version } });
    } finally {
      await second.stop();
    }
  });

  it('refuses to start when the port its runs point at is taken, naming the port and the folder', async () => {
    const first = await startTrustedSimulator({ ...OPTIONS, dataDir });
    await first.stop();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(first.port, '127.0.0.1', resolve));
    try {
      const started = startTrustedSimulator({ ...OPTIONS, dataDir });
      await expect(started).rejects.toThrow(SimulatorStateError);
      await expect(started).rejects.toThrow(`port ${first.port} on 127.0.0.1 is in use by another process`);
      await expect(started).rejects.toThrow(dataDir);
      await expect(startTrustedSimulator({ ...OPTIONS, dataDir, port: first.port + 1 })).rejects.toThrow(
        SimulatorOptionsError,
      );
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('refuses a start with another seed or latencies than the state was recorded with, naming them', async () => {
    await (await startTrustedSimulator({ ...OPTIONS, dataDir })).stop();
    const other = startTrustedSimulator({ ...OPTIONS, dataDir, seed: 'another' });
    await expect(other).rejects.toThrow(SimulatorOptionsError);
    await expect(other).rejects.toThrow('seed "another" (recorded: "persist")');
    await expect(startTrustedSimulator({ ...OPTIONS, dataDir, latency: {} })).rejects.toThrow(/latency \{\}/);
    // The time scale is free: replay runs on the recorded virtual times.
    await (await startTrustedSimulator({ ...OPTIONS, dataDir, timeScale: 1000 })).stop();
  });

  it('restores every stamp on its own path, and refuses a start with another number of stamps', async () => {
    const stamps = { ...OPTIONS, dataDir, azureStackStamps: 2 };
    const first = await startTrustedSimulator(stamps);
    const credential = aadCredential(first);
    const [, second] = first.azureStackStamps;
    try {
      await new HybridResourceManagementClient(
        credential,
        second.subscriptionId,
        hybridOptions(second),
      ).resourceGroups.createOrUpdate('rg-stamp2', { location: 'local' });
    } finally {
      await first.stop();
    }
    const again = await startTrustedSimulator(stamps);
    try {
      expect(again.url).toBe(first.url);
      expect(again.azureStackStamps).toEqual(first.azureStackStamps);
      expect(again.inspect.resources('azureStack2').map((r) => r.name)).toEqual(['rg-stamp2']);
      expect(again.inspect.resources('azureStack')).toEqual([]);
      // The client configured before the restart, with its cached token, reads it where it left it.
      const client = new HybridResourceManagementClient(credential, second.subscriptionId, hybridOptions(second));
      await expect(client.resourceGroups.get('rg-stamp2')).resolves.toMatchObject({ name: 'rg-stamp2' });
    } finally {
      await again.stop();
    }
    const fewer = startTrustedSimulator({ ...stamps, azureStackStamps: 1 });
    await expect(fewer).rejects.toThrow(SimulatorOptionsError);
    await expect(fewer).rejects.toThrow('azureStackStamps 1 (recorded: 2)');
  });

  it('opens a state file recorded before stamps and tunnel limits were options as one stamp, no overrides', async () => {
    await (await startTrustedSimulator({ ...OPTIONS, dataDir })).stop();
    const database = StateDatabase.open(dataDir);
    try {
      const recorded = JSON.parse(database.meta('options') ?? '{}') as Record<string, unknown>;
      expect(recorded).toMatchObject({ azureStackStamps: 1, gatewayTunnelLimits: {} });
      delete recorded.azureStackStamps;
      delete recorded.gatewayTunnelLimits;
      database.setMeta('options', JSON.stringify(recorded));
    } finally {
      database.close();
    }
    await (await startTrustedSimulator({ ...OPTIONS, dataDir })).stop();
    await expect(startTrustedSimulator({ ...OPTIONS, dataDir, azureStackStamps: 2 })).rejects.toThrow(
      'azureStackStamps 2 (recorded: 1)',
    );
  });

  it('keeps nothing on disk without persistState', async () => {
    const sim = await startTrustedSimulator({ dataDir, seed: 'memory' });
    await sim.stop();
    expect(existsSync(join(dataDir, STATE_FILE))).toBe(false);
  });
});
