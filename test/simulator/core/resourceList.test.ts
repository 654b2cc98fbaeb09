import { NetworkManagementClient as HybridNetworkManagementClient } from '@azure/arm-network-profile-2020-09-01-hybrid';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import type { Simulator } from '../../../simulator';
import { aadCredential, hybridOptions, modularOptions, startTrustedSimulator } from './harness';

describe("a resource group's generic resource list (resources.listByResourceGroup)", () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({ seed: 'resource-list', timeScale: 10_000 });
    const resources = new HybridResourceManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    await resources.resourceGroups.createOrUpdate('rg-list', { location: 'local' });
    const network = new HybridNetworkManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    const poll = { updateIntervalInMs: 10 };
    await network.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-list',
      'vnet-a',
      {
        location: 'local',
        tags: { 'managed-by': 'hybrid-connection' },
        addressSpace: { addressPrefixes: ['10.9.0.0/16'] },
        subnets: [{ name: 'default', addressPrefix: '10.9.1.0/24' }],
      },
      poll,
    );
    await network.publicIPAddresses.beginCreateOrUpdateAndWait('rg-list', 'pip-a', { location: 'local' }, poll);
  });
  afterAll(async () => {
    await sim.stop();
  });

  const list = async (filter?: string): Promise<string[]> => {
    const client = new HybridResourceManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    const names: string[] = [];
    for await (const r of client.resources.listByResourceGroup('rg-list', filter ? { filter } : {})) {
      names.push(`${r.type}/${r.name}`);
    }
    return names.sort();
  };

  it('lists the top-level resources, not child subnets and not the group itself', async () => {
    expect(await list()).toEqual([
      'Microsoft.Network/publicIPAddresses/pip-a',
      'Microsoft.Network/virtualNetworks/vnet-a',
    ]);
  });

  it('filters by tag and by resource type', async () => {
    expect(await list("tagName eq 'managed-by' and tagValue eq 'hybrid-connection'")).toEqual([
      'Microsoft.Network/virtualNetworks/vnet-a',
    ]);
    expect(await list("resourceType eq 'Microsoft.Network/publicIPAddresses'")).toEqual([
      'Microsoft.Network/publicIPAddresses/pip-a',
    ]);
  });

  it('refuses a filter it cannot read, and a missing group, as ARM does', async () => {
    const client = new ResourceManagementClient(
      aadCredential(sim),
      sim.azure.subscriptionId,
      modularOptions(sim.azure),
    );
    const drain = async (group: string, filter?: string): Promise<void> => {
      for await (const _ of client.resources.listByResourceGroup(group, filter ? { filter } : {})) void _;
    };
    await expect(drain('rg-missing')).rejects.toMatchObject({ statusCode: 404, code: 'ResourceGroupNotFound' });
    await client.resourceGroups.createOrUpdate('rg-az', { location: 'eastus' });
    await expect(drain('rg-az', 'substringof(name, x)')).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidFilterInQueryString',
    });
  });
});
