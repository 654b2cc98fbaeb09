// Default quota limits per cloud, by usage name (the `name.value` of the usages APIs). Azure: today's defaults for a
// pay-as-you-go subscription (https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits).
// Azure Stack Hub: the default quota plan (https://learn.microsoft.com/azure-stack/operator/azure-stack-quota-types).
import type { CloudName } from '../arm/resourceType';
import { vmFamilies } from './vmSizes';

export interface QuotaLimits {
  network: Record<string, number>;
  compute: Record<string, number>;
}

const AZURE_NETWORK: Record<string, number> = {
  VirtualNetworks: 1000,
  StaticPublicIPAddresses: 1000,
  NetworkSecurityGroups: 5000,
  PublicIPAddresses: 1000,
  NetworkInterfaces: 65536,
  LoadBalancers: 1000,
  ApplicationGateways: 1000,
  RouteTables: 200,
  RouteFilters: 1000,
  NetworkWatchers: 1,
  PacketCaptures: 10000,
};

/**
 * Stack Hub's network quota also caps gateways and connections (a default quota allows 1 and 2; the simulated stamp is
 * configured as an operator running several connections per subscription would: 10 and 20). Tests lower them with
 * the account API. The usage names it reports for them are UNVERIFIED (no public sample); these follow NRP's naming
 * of the other rows.
 */
const AZURE_STACK_NETWORK: Record<string, number> = {
  VirtualNetworks: 50,
  StaticPublicIPAddresses: 50,
  NetworkSecurityGroups: 50,
  PublicIPAddresses: 50,
  NetworkInterfaces: 100,
  LoadBalancers: 50,
  VirtualNetworkGateways: 10,
  VirtualNetworkGatewayConnections: 20,
};

export function defaultQuotaLimits(cloud: CloudName): QuotaLimits {
  // Family limits equal the regional one by default, so only the regional limit binds until a test lowers one.
  const family = 100;
  const compute: Record<string, number> =
    cloud === 'azure'
      ? { availabilitySets: 2500, cores: 100, virtualMachines: 25000, virtualMachineScaleSets: 2500 }
      : { availabilitySets: 10, cores: 100, virtualMachines: 50, virtualMachineScaleSets: 100 };
  for (const name of vmFamilies(cloud)) compute[name] = family;
  return { network: { ...(cloud === 'azure' ? AZURE_NETWORK : AZURE_STACK_NETWORK) }, compute };
}
