import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceManagementClient } from '@azure/arm-resources';
import { startSimulator, SimulatorOptionsError } from '../../../simulator';
import { aadCredential, modularOptions, startTrustedSimulator } from './harness';

const AZURE_GUID = '8f2b7c1e-4a6d-4c3b-9e1f-2a5d7b9c0e14';

describe('simulator set-up', () => {
  it('reuses the CA and server certificate found in its data folder, and writes a CA bundle for children', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sim-core-tls-'));
    try {
      const first = await startTrustedSimulator({ dataDir, seed: 'tls' });
      const caPem = first.caPem;
      await first.stop();
      const second = await startTrustedSimulator({ dataDir, seed: 'tls' });
      try {
        expect(second.caPem).toBe(caPem);
        expect(second.caCertPath).toBe(join(dataDir, 'ca.pem'));
        const bundle = readFileSync(second.caBundlePath, 'utf8');
        expect(bundle.startsWith(caPem.trim())).toBe(true);
        expect(bundle.match(/BEGIN CERTIFICATE/g)?.length ?? 0).toBeGreaterThan(1);
        // The reused certificate still serves the real SDK.
        const client = new ResourceManagementClient(
          aadCredential(second),
          second.azure.subscriptionId,
          modularOptions(second.azure),
        );
        await expect(client.resourceGroups.createOrUpdate('rg-tls', { location: 'eastus' })).resolves.toMatchObject({
          name: 'rg-tls',
        });
      } finally {
        await second.stop();
      }
      // A data folder the caller chose is left in place.
      expect(readFileSync(join(dataDir, 'ca.pem'), 'utf8')).toBe(caPem);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('writes its CA into the bundle once, also when this process was started trusting that bundle', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sim-core-bundle-'));
    const inherited = process.env.NODE_EXTRA_CA_CERTS;
    try {
      const first = await startSimulator({ dataDir });
      await first.stop();
      const written = readFileSync(first.caBundlePath, 'utf8');
      // As after `NODE_EXTRA_CA_CERTS=<data>/ca-bundle.pem hybrid-connection sim --data <data>`, restarted.
      process.env.NODE_EXTRA_CA_CERTS = first.caBundlePath;
      for (let restart = 0; restart < 2; restart++) await (await startSimulator({ dataDir })).stop();
      const rewritten = readFileSync(first.caBundlePath, 'utf8');
      expect(rewritten.split(first.caPem.trim()).length - 1).toBe(1);
      expect(rewritten).toBe(written);
    } finally {
      if (inherited === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
      else process.env.NODE_EXTRA_CA_CERTS = inherited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('derives ids from the seed and draws latency jitter from it: same seed, same durations', async () => {
    const durations = async (seed: string): Promise<{ subscription: string; durations: number[] }> => {
      const sim = await startTrustedSimulator({ seed });
      try {
        const client = new ResourceManagementClient(
          aadCredential(sim),
          sim.azure.subscriptionId,
          modularOptions(sim.azure),
        );
        for (const name of ['rg-1', 'rg-2', 'rg-3']) {
          await client.resourceGroups.createOrUpdate(name, { location: 'eastus' });
          await client.resourceGroups.delete(name).submitted();
        }
        return {
          subscription: sim.azure.subscriptionId,
          durations: sim.inspect.operations('azure').map((op) => op.dueAt - op.startTime),
        };
      } finally {
        await sim.stop();
      }
    };
    const a = await durations('jitter');
    const b = await durations('jitter');
    const c = await durations('other-jitter');
    expect(b).toEqual(a);
    expect(new Set(a.durations).size).toBe(3);
    // Azure's resource-group delete takes 10-30 virtual seconds (an empty group adds nothing).
    for (const d of a.durations) {
      expect(d).toBeGreaterThanOrEqual(10_000);
      expect(d).toBeLessThanOrEqual(30_000);
    }
    expect(c.subscription).not.toBe(a.subscription);
    expect(c.durations).not.toEqual(a.durations);
  });

  it('refuses bad options before listening', async () => {
    await expect(startSimulator({ timeScale: 0 })).rejects.toBeInstanceOf(SimulatorOptionsError);
    await expect(startSimulator({ port: 70000 })).rejects.toThrow('port must be an integer 0-65535');
    const backwards = { latency: { azureStack: { 'Microsoft.Network/connections:create': [5000, 1000] as const } } };
    await expect(startSimulator(backwards)).rejects.toBeInstanceOf(SimulatorOptionsError);
    await expect(startSimulator(backwards)).rejects.toThrow('latency for Microsoft.Network/connections:create');
    await expect(startSimulator({ faults: { rules: [{ kind: 'nope' as never }] } })).rejects.toThrow(
      'fault plan: rules[0].kind',
    );
    for (const stamps of [0, 21, 1.5]) {
      await expect(startSimulator({ azureStackStamps: stamps })).rejects.toThrow(
        new SimulatorOptionsError(`azureStackStamps must be a whole number from 1 to 20, got ${stamps}`),
      );
    }
    await expect(startSimulator({ azureStackStamps: 2, subscriptions: { azureStack3: AZURE_GUID } })).rejects.toThrow(
      new SimulatorOptionsError('subscriptions names azureStack3, a cloud this simulator does not serve'),
    );
    await expect(startSimulator({ gatewayTunnelLimits: { VpnGw9: 3 } })).rejects.toThrow(
      'gatewayTunnelLimits names an unknown SKU VpnGw9',
    );
    await expect(startSimulator({ gatewayTunnelLimits: { VpnGw1AZ: -1 } })).rejects.toThrow(
      'gatewayTunnelLimits.VpnGw1AZ must be a whole number >= 0, got -1',
    );
  });
});
