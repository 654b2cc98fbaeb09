import { ResourceManagementClient } from '@azure/arm-resources';
import { SecretClient } from '@azure/keyvault-secrets';
import type { FaultPlan, InjectedFault, Simulator } from '../../../simulator';
import { FaultPlanError, parseFaultPlan } from '../../../simulator/faults/plan';
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

describe('fault plan on Key Vault', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({
      seed: 'faults-keyvault',
      faults: {
        rules: [
          // No service: ARM only, whatever it matches; Key Vault never meets it.
          { name: 'arm-500', kind: 'internalServerError', path: 'secrets' },
          {
            name: 'vault-503',
            service: 'keyVault',
            kind: 'serviceUnavailable',
            method: 'GET',
            path: '^/secrets/flaky',
            nth: [1, 2],
            retryAfterSeconds: 1,
          },
        ],
      },
    });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('answers the chosen Key Vault requests 503 with Retry-After, which SecretClient waits out before it retries', async () => {
    const client = new SecretClient(sim.keyVaultUrl, aadCredential(sim), {
      disableChallengeResourceVerification: true,
    });
    await client.setSecret('flaky', 'value');
    await expect(client.getSecret('flaky')).resolves.toMatchObject({ name: 'flaky', value: 'value' });

    const reads = sim.inspect.requests({ service: 'keyVault', method: 'GET' });
    expect(reads.map((r) => [r.status, r.fault, r.retryAfterSeconds])).toEqual([
      [503, 'serviceUnavailable', 1],
      [503, 'serviceUnavailable', 1],
      [200, undefined, undefined],
    ]);
    // Each retry came after the second the answer named (virtual time runs 1000 times faster).
    expect(reads[1].virtualTime - reads[0].virtualTime).toBeGreaterThanOrEqual(0.99 * 1000 * 1000);
    expect(sim.inspect.faults().injected).toEqual([
      {
        rule: 'vault-503',
        kind: 'serviceUnavailable',
        occurrence: 1,
        service: 'keyVault',
        method: 'GET',
        path: '/secrets/flaky/',
      },
      {
        rule: 'vault-503',
        kind: 'serviceUnavailable',
        occurrence: 2,
        service: 'keyVault',
        method: 'GET',
        path: '/secrets/flaky/',
      },
    ]);
  });

  it('refuses a Key Vault rule of a kind only ARM has, or with ARM-only fields', () => {
    expect(() => parseFaultPlan({ rules: [{ service: 'keyVault', kind: 'provisioningFailed' }] })).toThrow(
      /rules\[0\]\.kind for keyVault must be one of throttle, internalServerError, serviceUnavailable, connectionReset/,
    );
    expect(() => parseFaultPlan({ rules: [{ service: 'keyVault', kind: 'throttle', cloud: 'azure' }] })).toThrow(
      FaultPlanError,
    );
    expect(() => parseFaultPlan({ rules: [{ service: 'queue', kind: 'throttle' }] })).toThrow(
      /service must be arm or keyVault/,
    );
  });
});
