import { ResourceManagementClient } from '@azure/arm-resources';
import type { FaultPlan, InjectedFault, Simulator } from '../../../simulator';
import { aadCredential, modularOptions, startTrustedSimulator } from './harness';

const FLAKY_READS: FaultPlan = {
  rules: [
    { name: 'busy', kind: 'anotherOperationInProgress', method: 'GET', path: '/resourcegroups/rg-flaky$', rate: 0.4 },
  ],
};

/** Twelve reads in a row; returns which ones failed and what the simulator says it injected. */
async function flakyRun(seed: string, plan: FaultPlan): Promise<{ outcomes: string[]; injected: InjectedFault[] }> {
  const sim = await startTrustedSimulator({ seed, faults: plan });
  try {
    const client = new ResourceManagementClient(
      aadCredential(sim),
      sim.azure.subscriptionId,
      modularOptions(sim.azure),
    );
    await client.resourceGroups.createOrUpdate('rg-flaky', { location: 'eastus' });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      outcomes.push(
        await client.resourceGroups.get('rg-flaky').then(
          () => 'ok',
          (e: unknown) => (e as { code?: string }).code ?? 'error',
        ),
      );
    }
    return { outcomes, injected: sim.inspect.faults().injected };
  } finally {
    await sim.stop();
  }
}

describe('fault plan', () => {
  it('reproduces exactly with the same seed, and differs with another', async () => {
    const first = await flakyRun('faults-a', FLAKY_READS);
    const second = await flakyRun('faults-a', FLAKY_READS);
    expect(second).toEqual(first);
    expect(first.outcomes).toContain('ok');
    expect(first.outcomes).toContain('AnotherOperationInProgress');
    expect(first.injected.map((f) => f.occurrence)).toEqual(
      first.outcomes.flatMap((o, i) => (o === 'AnotherOperationInProgress' ? [i + 1] : [])),
    );
    const other = await flakyRun('faults-a', { ...FLAKY_READS, seed: 'another-seed' });
    expect(other.outcomes).not.toEqual(first.outcomes);
  });

  describe('transient faults the SDK retries', () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startTrustedSimulator({
        seed: 'faults-transient',
        faults: {
          rules: [
            {
              name: 'throttled',
              kind: 'throttle',
              method: 'GET',
              path: '/resourcegroups/rg-429$',
              nth: 1,
              retryAfterSeconds: 1,
            },
            { name: 'reset', kind: 'connectionReset', method: 'GET', path: '/resourcegroups/rg-reset$', nth: 1 },
            { name: 'boom', kind: 'internalServerError', method: 'GET', path: '/resourcegroups/rg-reset$', nth: 2 },
          ],
        },
      });
    });
    afterAll(async () => {
      await sim.stop();
    });

    it('retries an injected 429 after its Retry-After', async () => {
      const client = new ResourceManagementClient(
        aadCredential(sim),
        sim.azure.subscriptionId,
        modularOptions(sim.azure),
      );
      await client.resourceGroups.createOrUpdate('rg-429', { location: 'eastus' });
      await expect(client.resourceGroups.get('rg-429')).resolves.toMatchObject({ name: 'rg-429' });
      const reads = sim.inspect.requests({ service: 'azure', method: 'GET', path: 'rg-429' });
      expect(reads.map((r) => [r.status, r.fault])).toEqual([
        [429, 'throttle'],
        [200, undefined],
      ]);
    });

    it('retries through a connection reset and a 500', async () => {
      const client = new ResourceManagementClient(
        aadCredential(sim),
        sim.azure.subscriptionId,
        modularOptions(sim.azure),
      );
      await client.resourceGroups.createOrUpdate('rg-reset', { location: 'eastus' });
      await expect(client.resourceGroups.get('rg-reset')).resolves.toMatchObject({ name: 'rg-reset' });
      const reads = sim.inspect.requests({ service: 'azure', method: 'GET', path: 'rg-reset' });
      expect(reads.map((r) => [r.status, r.fault])).toEqual([
        [0, 'connectionReset'],
        [500, 'internalServerError'],
        [200, undefined],
      ]);
    });
  });
});
