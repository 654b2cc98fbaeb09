// Real SDK clients for the simulator's read APIs, built as the product builds them: arm-authorization 9 and
// arm-resources-subscriptions 3 for Azure; the 2020-09-01-hybrid authorization package, subscriptions at
// 2016-06-01, and arm-network 39 / arm-compute 25 pinned to 2018-11-01 / 2020-06-01 for Azure Stack Hub. Test-only.
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { AuthorizationManagementClient as HybridAuthorizationManagementClient } from '@azure/arm-authorization-profile-2020-09-01-hybrid';
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { ClientSecretCredential } from '@azure/identity';
import type { Simulator } from '../../../simulator';
import { pinApiVersion } from '../network/sdkWorld';

export interface ReadClients {
  authorization: AuthorizationManagementClient | HybridAuthorizationManagementClient;
  subscriptions: SubscriptionClient;
  network: NetworkManagementClient;
  compute: ComputeManagementClient;
}

const scopeOf = (audience: string): string => `${audience.replace(/\/+$/, '')}/.default`;

export function credentialOf(sim: Simulator): ClientSecretCredential {
  return new ClientSecretCredential(sim.identity.tenantId, sim.identity.clientId, sim.identity.clientSecret, {
    authorityHost: sim.identity.authorityHost,
    disableInstanceDiscovery: true,
  });
}

export function readClients(sim: Simulator, cloud: 'azure' | 'azureStack'): ReadClients {
  const credential = credentialOf(sim);
  const site = sim[cloud];
  const current = { endpoint: site.armEndpoint, credentials: { scopes: [scopeOf(site.audience)] } };
  const legacy = { endpoint: site.armEndpoint, credentialScopes: [scopeOf(site.audience)] };
  if (cloud === 'azure') {
    return {
      authorization: new AuthorizationManagementClient(credential, site.subscriptionId, legacy),
      subscriptions: new SubscriptionClient(credential, current),
      network: new NetworkManagementClient(credential, site.subscriptionId, current),
      compute: new ComputeManagementClient(credential, site.subscriptionId, current),
    };
  }
  return {
    authorization: new HybridAuthorizationManagementClient(credential, site.subscriptionId, legacy),
    subscriptions: new SubscriptionClient(credential, { ...current, apiVersion: '2016-06-01' }),
    network: new NetworkManagementClient(credential, site.subscriptionId, {
      ...current,
      additionalPolicies: [pinApiVersion('2018-11-01')],
    }),
    compute: new ComputeManagementClient(credential, site.subscriptionId, {
      ...current,
      additionalPolicies: [pinApiVersion('2020-06-01')],
    }),
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
