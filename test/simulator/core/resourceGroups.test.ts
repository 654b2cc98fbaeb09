import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import type { Simulator } from '../../../simulator';
import { aadCredential, hybridOptions, modularOptions, startTrustedSimulator } from './harness';

describe('resource groups through both SDK generations', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({ seed: 'rg' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('creates, reads, tags, lists and deletes a group in Azure with @azure/arm-resources v8', async () => {
    const client = new ResourceManagementClient(
      aadCredential(sim),
      sim.azure.subscriptionId,
      modularOptions(sim.azure),
    );
    const created = await client.resourceGroups.createOrUpdate('rg-one', { location: 'East US', tags: { a: '1' } });
    expect(created).toMatchObject({
      name: 'rg-one',
      location: 'eastus',
      tags: { a: '1' },
      properties: { provisioningState: 'Succeeded' },
    });
    expect(created.id).toBe(`/subscriptions/${sim.azure.subscriptionId}/resourceGroups/rg-one`);
    expect((await client.resourceGroups.checkExistence('RG-ONE')).body).toBe(true);
    const updated = await client.resourceGroups.update('rg-one', { tags: { b: '2' } });
    expect(updated.tags).toEqual({ b: '2' });
    const names: string[] = [];
    for await (const group of client.resourceGroups.list()) names.push(group.name ?? '');
    expect(names).toEqual(['rg-one']);
    await client.resourceGroups.beginDeleteAndWait('rg-one', { updateIntervalInMs: 10 });
    expect((await client.resourceGroups.checkExistence('rg-one')).body).toBe(false);
    await expect(client.resourceGroups.get('rg-one')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
      message: "Resource group 'rg-one' could not be found.",
    });
  });

  it('does the same in Azure Stack Hub with the 2020-09-01-hybrid client', async () => {
    const client = new HybridResourceManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    const created = await client.resourceGroups.createOrUpdate('rg-stack', { location: 'local' });
    expect(created).toMatchObject({
      name: 'rg-stack',
      location: 'local',
      properties: { provisioningState: 'Succeeded' },
    });
    expect((await client.resourceGroups.checkExistence('rg-stack')).body).toBe(true);
    await client.resourceGroups.beginDeleteAndWait('rg-stack', { updateIntervalInMs: 10 });
    expect((await client.resourceGroups.checkExistence('rg-stack')).body).toBe(false);
    // The two clouds keep separate state: nothing of this reached Azure.
    expect(sim.inspect.resources('azure').filter((r) => r.name === 'rg-stack')).toEqual([]);
  });
});
