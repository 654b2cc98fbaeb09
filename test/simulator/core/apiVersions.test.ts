import { NetworkManagementClient } from '@azure/arm-network';
import { NetworkManagementClient as HybridNetworkManagementClient } from '@azure/arm-network-profile-2020-09-01-hybrid';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { Simulator } from '../../../simulator';
import { aadCredential, hybridOptions, modularOptions, scopeOf, startTrustedSimulator } from './harness';

describe('api-versions per cloud', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({ seed: 'api-versions' });
    const stack = new HybridResourceManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    await stack.resourceGroups.createOrUpdate('rg-versions', { location: 'local' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('Azure Stack Hub refuses the current network api-version with 400 NoRegisteredProviderFound', async () => {
    const client = new NetworkManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      modularOptions(sim.azureStack),
    );
    const error: unknown = await client.virtualNetworks.get('rg-versions', 'vnet-a').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'NoRegisteredProviderFound' });
    expect((error as Error).message).toBe(
      "No registered resource provider found for location 'local' and API version '2026-01-01' for type 'virtualNetworks'. " +
        "The supported api-versions are '2018-11-01, 2018-10-01, 2018-08-01, 2018-07-01, 2018-06-01, 2018-05-01, 2018-04-01, " +
        "2018-03-01, 2018-02-01, 2018-01-01, 2017-11-01, 2017-10-01'. The supported locations are 'local'.",
    );
  });

  it('Azure Stack Hub accepts the hybrid profile network client (2018-11-01): a missing VNet is a plain 404', async () => {
    const client = new HybridNetworkManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    await expect(client.virtualNetworks.get('rg-versions', 'vnet-a')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
      message:
        "The Resource 'Microsoft.Network/virtualNetworks/vnet-a' under resource group 'rg-versions' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    });
  });

  it('Azure refuses the hybrid profile network api-version (2018-11-01) the same way', async () => {
    const client = new HybridNetworkManagementClient(
      aadCredential(sim),
      sim.azure.subscriptionId,
      hybridOptions(sim.azure),
    );
    await expect(client.virtualNetworks.get('rg-versions', 'vnet-a')).rejects.toMatchObject({
      statusCode: 400,
      code: 'NoRegisteredProviderFound',
      message: expect.stringContaining("API version '2018-11-01' for type 'virtualNetworks'") as unknown,
    });
  });

  it('Azure Stack Hub refuses arm-resources v8 (2025-04-01) for resource groups while the hybrid client works', async () => {
    const current = new ResourceManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      modularOptions(sim.azureStack),
    );
    await expect(current.resourceGroups.get('rg-versions')).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidApiVersionParameter',
      message: expect.stringContaining(
        "The api-version '2025-04-01' is invalid. The supported versions are '2019-10-01'.",
      ) as unknown,
    });
    const hybrid = new HybridResourceManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    await expect(hybrid.resourceGroups.get('rg-versions')).resolves.toMatchObject({
      name: 'rg-versions',
      location: 'local',
    });
  });

  it('answers an unknown subscription with 404 SubscriptionNotFound', async () => {
    const client = new ResourceManagementClient(
      aadCredential(sim),
      '00000000-0000-0000-0000-000000000001',
      modularOptions(sim.azure),
    );
    await expect(client.resourceGroups.get('rg')).rejects.toMatchObject({
      statusCode: 404,
      code: 'SubscriptionNotFound',
      message: "The subscription '00000000-0000-0000-0000-000000000001' could not be found.",
    });
  });

  it('answers a request without api-version with 400 MissingApiVersionParameter', async () => {
    const token = await aadCredential(sim).getToken(scopeOf(sim.azure.audience));
    const response = await createDefaultHttpClient().sendRequest(
      createPipelineRequest({
        url: `${sim.azure.armEndpoint}/subscriptions/${sim.azure.subscriptionId}/resourcegroups`,
        method: 'GET',
        headers: createHttpHeaders({ authorization: `Bearer ${token.token}` }),
      }),
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.bodyAsText ?? '')).toEqual({
      error: {
        code: 'MissingApiVersionParameter',
        message: 'The api-version query parameter (?api-version=) is required for all requests.',
      },
    });
  });

  it('answers a missing resource group with 404 ResourceGroupNotFound before anything else', async () => {
    const client = new HybridNetworkManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    await expect(client.virtualNetworks.get('rg-missing', 'vnet-a')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
      message: "Resource group 'rg-missing' could not be found.",
    });
  });
});
