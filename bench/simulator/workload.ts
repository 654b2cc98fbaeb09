// Names and bodies of the resources the simulator bench creates: one resource group per cloud, VNets with a
// GatewaySubnet, public IPs. Deterministic names so the request log can be read back per resource.

export const BENCH_GROUP = 'rg-hc-bench';
export const READ_VNET = 'vnet-bench-read';

/** VNet number `index` gets 10.<index>.0.0/16 (index 1-250) with a workload subnet and a /27 GatewaySubnet. */
export function vnetBody(location: string, index: number) {
  const prefix = `10.${index}`;
  return {
    location,
    addressSpace: { addressPrefixes: [`${prefix}.0.0/16`] },
    subnets: [
      { name: 'workload', addressPrefix: `${prefix}.1.0/24` },
      { name: 'GatewaySubnet', addressPrefix: `${prefix}.255.0/27` },
    ],
  };
}

/** Standard static public IPs in Azure (Basic is retired there); the hybrid profile's default (Basic) on Stack Hub. */
export function publicIpBody(cloud: 'azure' | 'azureStack', location: string) {
  return cloud === 'azure'
    ? // Zone-redundant, as an AZ gateway needs (VmssVpnGatewayPublicIpsMustHaveZonesConfigured).
      {
        location,
        publicIPAllocationMethod: 'Static' as const,
        sku: { name: 'Standard' as const },
        zones: ['1', '2', '3'],
      }
    : { location, publicIPAllocationMethod: 'Static' as const };
}
