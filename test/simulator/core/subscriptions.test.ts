// The subscription each simulated cloud serves can be chosen (startSimulator's `subscriptions`): the chosen id is served
// through the real SDKs, the seed's own id is then unknown like any other, and an id that is not a GUID is refused.
import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import { startSimulator, SimulatorOptionsError, type Simulator } from '../../../simulator';
import { aadCredential, hybridOptions, modularOptions, startTrustedSimulator } from './harness';

const AZURE = '8f2b7c1e-4a6d-4c3b-9e1f-2a5d7b9c0e14';
const AZURE_STACK = '3c9d1e7a-5b2f-4e8c-a1d6-7f0b2c4e6a93';

describe('chosen subscription ids', () => {
  let sim: Simulator;
  let seeded: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({
      seed: 'subscriptions',
      subscriptions: { azure: AZURE, azureStack: AZURE_STACK },
    });
    seeded = await startTrustedSimulator({ seed: 'subscriptions' });
  });
  afterAll(async () => {
    await sim?.stop();
    await seeded?.stop();
  });

  it('serves the chosen ids in both clouds', async () => {
    expect(sim.azure.subscriptionId).toBe(AZURE);
    expect(sim.azureStack.subscriptionId).toBe(AZURE_STACK);
    const azure = new ResourceManagementClient(aadCredential(sim), AZURE, modularOptions(sim.azure));
    await expect(azure.resourceGroups.createOrUpdate('rg-chosen', { location: 'westeurope' })).resolves.toMatchObject({
      id: `/subscriptions/${AZURE}/resourceGroups/rg-chosen`,
    });
    const stack = new HybridResourceManagementClient(aadCredential(sim), AZURE_STACK, hybridOptions(sim.azureStack));
    await expect(stack.resourceGroups.createOrUpdate('rg-chosen', { location: 'local' })).resolves.toMatchObject({
      id: `/subscriptions/${AZURE_STACK}/resourceGroups/rg-chosen`,
    });
  });

  it('answers the id the seed would have given with SubscriptionNotFound, like any other id it does not serve', async () => {
    expect(seeded.azure.subscriptionId).not.toBe(AZURE);
    const client = new ResourceManagementClient(
      aadCredential(sim),
      seeded.azure.subscriptionId,
      modularOptions(sim.azure),
    );
    await expect(client.resourceGroups.get('rg-chosen')).rejects.toMatchObject({
      statusCode: 404,
      code: 'SubscriptionNotFound',
    });
  });

  it("keeps the first stamp's seeded subscription and audience with more stamps, and serves a chosen id on another", async () => {
    const STAMP_2 = '5d0c2b7e-9a41-4f3e-8b6d-1e2f3a4b5c6d';
    const three = await startSimulator({
      seed: 'subscriptions',
      azureStackStamps: 3,
      subscriptions: { azureStack2: STAMP_2 },
    });
    try {
      expect(three.azureStack).toEqual({
        ...seeded.azureStack,
        armEndpoint: `${three.url}/azurestack`,
        authorityHost: three.url,
      });
      expect(three.azure.subscriptionId).toBe(seeded.azure.subscriptionId);
      expect(three.azureStackStamps.map((s) => s.subscriptionId)).toEqual([
        seeded.azureStack.subscriptionId,
        STAMP_2,
        expect.stringMatching(/^[0-9a-f-]{36}$/),
      ]);
      expect(three.azureStackStamps[2].subscriptionId).not.toBe(seeded.azureStack.subscriptionId);
    } finally {
      await three.stop();
    }
  });

  it('refuses an id that is not a GUID before starting', async () => {
    await expect(startSimulator({ subscriptions: { azureStack: 'my-subscription' } })).rejects.toThrow(
      new SimulatorOptionsError('the azureStack subscription id must be a GUID, got "my-subscription"'),
    );
  });
});
