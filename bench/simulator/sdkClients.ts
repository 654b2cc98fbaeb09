// The real SDK clients the simulator bench drives, built as the product builds them: the current arm-network 39 /
// arm-resources 8 for Azure, the 2020-09-01-hybrid profile for Azure Stack Hub. Nothing is mocked; the client secret
// stays inside the credential and is never printed.
import { NetworkManagementClient } from '@azure/arm-network';
import { NetworkManagementClient as HybridNetworkManagementClient } from '@azure/arm-network-profile-2020-09-01-hybrid';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import { ClientSecretCredential } from '@azure/identity';
import type { CloudEndpoints, Simulator } from '../../simulator';

export type BenchCloud = 'azure' | 'azureStack';

/** The calls the bench makes, common to both SDK generations (their method names and shapes agree here). */
export interface BenchNetworkClient {
  virtualNetworks: {
    get(group: string, name: string): Promise<unknown>;
    beginCreateOrUpdateAndWait(group: string, name: string, body: VirtualNetworkBody): Promise<{ subnets?: Subnet[] }>;
  };
  publicIPAddresses: {
    beginCreateOrUpdateAndWait(group: string, name: string, body: PublicIpBody): Promise<{ id?: string }>;
  };
}

export interface Subnet {
  id?: string;
  name?: string;
}

export interface VirtualNetworkBody {
  location: string;
  addressSpace: { addressPrefixes: string[] };
  subnets: { name: string; addressPrefix: string }[];
}

export interface PublicIpBody {
  location: string;
  publicIPAllocationMethod: 'Static' | 'Dynamic';
  sku?: { name: 'Standard' | 'Basic' };
}

export interface CloudClients {
  cloud: BenchCloud;
  /** Which SDK package talks to this cloud, for the tables. */
  sdk: string;
  location: string;
  network: BenchNetworkClient;
  createResourceGroup(name: string): Promise<void>;
}

export interface BenchClients {
  /** Azure also exposes its full arm-network 39 client, for the gateway scenario (typed by the SDK itself). */
  azure: CloudClients & { azureNetwork: NetworkManagementClient };
  azureStack: CloudClients;
}

function scopeOf(audience: string): string {
  return `${audience.replace(/\/+$/, '')}/.default`;
}

export function benchClients(sim: Simulator): BenchClients {
  const credential = new ClientSecretCredential(
    sim.identity.tenantId,
    sim.identity.clientId,
    sim.identity.clientSecret,
    { authorityHost: sim.identity.authorityHost, disableInstanceDiscovery: true },
  );
  const current = (cloud: CloudEndpoints) => ({
    endpoint: cloud.armEndpoint,
    credentials: { scopes: [scopeOf(cloud.audience)] },
  });
  const hybrid = (cloud: CloudEndpoints) => ({
    endpoint: cloud.armEndpoint,
    credentialScopes: scopeOf(cloud.audience),
  });

  const azureNetwork = new NetworkManagementClient(credential, sim.azure.subscriptionId, current(sim.azure));
  const azureResources = new ResourceManagementClient(credential, sim.azure.subscriptionId, current(sim.azure));
  const stackNetwork = new HybridNetworkManagementClient(
    credential,
    sim.azureStack.subscriptionId,
    hybrid(sim.azureStack),
  );
  const stackResources = new HybridResourceManagementClient(
    credential,
    sim.azureStack.subscriptionId,
    hybrid(sim.azureStack),
  );
  return {
    azure: {
      cloud: 'azure',
      sdk: '@azure/arm-network 39',
      location: sim.azure.location,
      network: azureNetwork,
      azureNetwork,
      createResourceGroup: async (name) => {
        await azureResources.resourceGroups.createOrUpdate(name, { location: sim.azure.location });
      },
    },
    azureStack: {
      cloud: 'azureStack',
      sdk: 'arm-network-profile-2020-09-01-hybrid',
      location: sim.azureStack.location,
      network: stackNetwork,
      createResourceGroup: async (name) => {
        await stackResources.resourceGroups.createOrUpdate(name, { location: sim.azureStack.location });
      },
    },
  };
}
