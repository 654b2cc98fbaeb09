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
  stackNetwork: HybridNetworkManagementClient;
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
  const metadata = (await (
    await fetch(`${sim.azureStack.armEndpoint}/metadata/endpoints?api-version=2015-01-01`)
  ).json()) as { authentication: { audiences: string[] } };
  const stackAudience = (metadata.authentication.audiences[0] ?? '').replace(/\/+$/, '');
  const azureOptions = {
    endpoint: sim.azure.armEndpoint,
    credentials: { scopes: ['https://management.azure.com/.default'] },
  };
  return {
    azureNetwork: new NetworkManagementClient(credential, sim.azure.subscriptionId, azureOptions),
    azureResources: new ResourceManagementClient(credential, sim.azure.subscriptionId, azureOptions),
    stackNetwork: new HybridNetworkManagementClient(credential, sim.azureStack.subscriptionId, {
      endpoint: sim.azureStack.armEndpoint,
      credentialScopes: `${stackAudience}/.default`,
    }),
    secrets: new SecretClient(sim.keyVaultUrl, credential, { disableChallengeResourceVerification: true }),
  };
}
