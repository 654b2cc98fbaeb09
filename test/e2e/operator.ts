// The tests' own Azure SDK clients against the simulator, acting as an operator outside the workflow: reading the
// shared key from Key Vault, creating resources the workflow must leave alone, changing a connection out of band.
// Built from the serve ready line exactly as simulator/README.md says; never used by the app.
import { NetworkManagementClient } from '@azure/arm-network';
import { NetworkManagementClient as HybridNetworkManagementClient } from '@azure/arm-network-profile-2020-09-01-hybrid';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import type { ServeReady } from './harness';

export interface Operator {
  azureNetwork: NetworkManagementClient;
  azureResources: ResourceManagementClient;
  /** The first stamp's network (`stampNetworks[0]`). */
  stackNetwork: HybridNetworkManagementClient;
  /** Every stamp's network, in the ready line's order (`azureStackStamps`). */
  stampNetworks: HybridNetworkManagementClient[];
  secrets: SecretClient;
}

export async function operatorFor(ready: ServeReady): Promise<Operator> {
  const sim = ready.simulator;
  const credential = new ClientSecretCredential(
    sim.identity.tenantId,
    sim.identity.clientId,
    sim.identity.clientSecret,
    {
      authorityHost: sim.identity.authorityHost,
      disableInstanceDiscovery: true,
    },
  );
  // Each stamp has an audience of its own, which its metadata endpoint names (as for a real stamp).
  const stampNetwork = async (stamp: { armEndpoint: string; subscriptionId: string }) => {
    const metadata = (await (await fetch(`${stamp.armEndpoint}/metadata/endpoints?api-version=2015-01-01`)).json()) as {
      authentication: { audiences: string[] };
    };
    const audience = (metadata.authentication.audiences[0] ?? '').replace(/\/+$/, '');
    return new HybridNetworkManagementClient(credential, stamp.subscriptionId, {
      endpoint: stamp.armEndpoint,
      credentialScopes: `${audience}/.default`,
    });
  };
  const stampNetworks = await Promise.all(sim.azureStackStamps.map(stampNetwork));
  const azureOptions = {
    endpoint: sim.azure.armEndpoint,
    credentials: { scopes: ['https://management.azure.com/.default'] },
  };
  return {
    azureNetwork: new NetworkManagementClient(credential, sim.azure.subscriptionId, azureOptions),
    azureResources: new ResourceManagementClient(credential, sim.azure.subscriptionId, azureOptions),
    stackNetwork: stampNetworks[0] ?? (await stampNetwork(sim.azureStack)),
    stampNetworks,
    secrets: new SecretClient(sim.keyVaultUrl, credential, { disableChallengeResourceVerification: true }),
  };
}
