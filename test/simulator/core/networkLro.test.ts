import { NetworkManagementClient } from '@azure/arm-network';
import { NetworkManagementClient as HybridNetworkManagementClient } from '@azure/arm-network-profile-2020-09-01-hybrid';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import type { Simulator } from '../../../simulator';
import {
  aadCredential,
  captureResponses,
  hybridOptions,
  modularOptions,
  startTrustedSimulator,
  type CapturedResponse,
} from './harness';

const MINUTE = 60_000;

function vnetBody(
  location: string,
  prefix: string,
): {
  location: string;
  addressSpace: { addressPrefixes: string[] };
  subnets: { name: string; addressPrefix: string }[];
} {
  return {
    location,
    addressSpace: { addressPrefixes: [`${prefix}.0.0/16`] },
    subnets: [
      { name: 'workload', addressPrefix: `${prefix}.1.0/24` },
      { name: 'GatewaySubnet', addressPrefix: `${prefix}.255.0/27` },
    ],
  };
}

describe('long-running network operations through both SDK generations', () => {
  let sim: Simulator;
  const captured: CapturedResponse[] = [];
  beforeAll(async () => {
    sim = await startTrustedSimulator({
      seed: 'network-lro',
      latency: {
        azure: {
          'Microsoft.Network/virtualNetworks:create': 10 * MINUTE,
          'Microsoft.Network/virtualNetworkGateways:create': 2 * MINUTE,
        },
      },
      faults: {
        rules: [
          {
            name: 'gateway-fails',
            kind: 'provisioningFailed',
            method: 'PUT',
            resourceType: 'Microsoft.Network/virtualNetworkGateways',
            nth: 1,
          },
        ],
      },
    });
    await new ResourceManagementClient(
      aadCredential(sim),
      sim.azure.subscriptionId,
      modularOptions(sim.azure),
    ).resourceGroups.createOrUpdate('rg-net', {
      location: 'eastus',
    });
    await new HybridResourceManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    ).resourceGroups.createOrUpdate('rg-net', { location: 'local' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('creates a VNet in Azure with arm-network v39: 201 + Azure-AsyncOperation, polls, then Succeeded', async () => {
    const client = new NetworkManagementClient(aadCredential(sim), sim.azure.subscriptionId, {
      ...modularOptions(sim.azure),
      additionalPolicies: [captureResponses(captured)],
    });
    const vnet = await client.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-net',
      'vnet-azure',
      vnetBody('eastus', '10.1'),
    );
    expect(vnet.provisioningState).toBe('Succeeded');
    expect(vnet.subnets?.map((s) => s.name)).toEqual(['workload', 'GatewaySubnet']);
    const put = captured.find((r) => r.method === 'PUT');
    expect(put?.status).toBe(201);
    expect(put?.headers['azure-asyncoperation']).toMatch(
      new RegExp(
        `^${sim.azure.armEndpoint}/subscriptions/${sim.azure.subscriptionId}/providers/Microsoft.Network/locations/eastus/operations/[0-9a-f-]{36}\\?api-version=2026-01-01$`,
      ),
    );
    const polls = captured.filter((r) => r.url.includes('/operations/'));
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(polls.every((p) => p.status === 200)).toBe(true);
    const [operation] = sim.inspect.operations('azure').filter((op) => op.resourceId.endsWith('vnet-azure'));
    expect(operation).toMatchObject({ status: 'Succeeded', kind: 'put' });
    expect(operation.dueAt - operation.startTime).toBe(10 * MINUTE);
  });

  it('creates a VNet in Azure Stack Hub with the 2020-09-01-hybrid client (2018-11-01)', async () => {
    const client = new HybridNetworkManagementClient(
      aadCredential(sim),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    const vnet = await client.virtualNetworks.beginCreateOrUpdateAndWait(
      'rg-net',
      'vnet-stack',
      vnetBody('local', '10.2'),
      {
        updateIntervalInMs: 50,
      },
    );
    expect(vnet.provisioningState).toBe('Succeeded');
    const puts = sim.inspect.requests({ service: 'azureStack', method: 'PUT', path: 'vnet-stack' });
    expect(puts.map((r) => [r.status, r.apiVersion])).toEqual([[201, '2018-11-01']]);
    expect(
      sim.inspect
        .requests({ service: 'azureStack', method: 'GET', path: '/operations/' })
        .every((r) => r.apiVersion === '2018-11-01'),
    ).toBe(true);
  });

  it('refuses a second write while the first runs: 409 AnotherOperationInProgress naming the running operation', async () => {
    const client = new NetworkManagementClient(aadCredential(sim), sim.azure.subscriptionId, modularOptions(sim.azure));
    const first = client.virtualNetworks.createOrUpdate('rg-net', 'vnet-busy', vnetBody('eastus', '10.3'));
    await first.submitted();
    const [running] = sim.inspect.operations('azure').filter((op) => op.resourceId.endsWith('vnet-busy'));
    const error: unknown = await client.virtualNetworks
      .createOrUpdate('rg-net', 'vnet-busy', vnetBody('eastus', '10.3'))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ statusCode: 409, code: 'AnotherOperationInProgress' });
    expect((error as Error).message).toBe(
      `Another operation on this or dependent resource is in progress. To retrieve status of the operation use uri: ${sim.azure.armEndpoint}/subscriptions/${sim.azure.subscriptionId}/providers/Microsoft.Network/locations/eastus/operations/${running.id}?api-version=2026-01-01.`,
    );
    await expect(first.pollUntilDone()).resolves.toMatchObject({ provisioningState: 'Succeeded' });
  });

  it('ends a gateway build Failed when the fault plan says so, and the gateway reads provisioningState Failed', async () => {
    const client = new NetworkManagementClient(aadCredential(sim), sim.azure.subscriptionId, modularOptions(sim.azure));
    const pip = await client.publicIPAddresses.beginCreateOrUpdateAndWait('rg-net', 'pip-gw', {
      location: 'eastus',
      sku: { name: 'Standard' },
      zones: ['1', '2', '3'],
      publicIPAllocationMethod: 'Static',
    });
    const vnet = await client.virtualNetworks.get('rg-net', 'vnet-azure');
    const gatewaySubnet = vnet.subnets?.find((s) => s.name === 'GatewaySubnet');
    const build = client.virtualNetworkGateways.beginCreateOrUpdateAndWait('rg-net', 'vgw-azure', {
      location: 'eastus',
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      sku: { name: 'VpnGw1AZ', tier: 'VpnGw1AZ' },
      ipConfigurations: [{ name: 'default', subnet: { id: gatewaySubnet?.id }, publicIPAddress: { id: pip.id } }],
    });
    await expect(build).rejects.toThrow(
      'The long-running operation has failed. InternalServerError. An error occurred.',
    );
    const gateway = await client.virtualNetworkGateways.get('rg-net', 'vgw-azure');
    expect(gateway.provisioningState).toBe('Failed');
    expect(sim.inspect.faults().injected).toMatchObject([
      { rule: 'gateway-fails', kind: 'provisioningFailed', occurrence: 1, method: 'PUT' },
    ]);
  });
});
