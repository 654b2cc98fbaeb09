// The enums of NRP's models that the specs mark `x-ms-enum: { modelAsString: true }` (all of the gateway, public IP,
// NIC, subnet and connection enums the simulator reads, in 2018-11-01 and 2026-01-01 alike). NRP matches their values
// case-insensitively and stores the model's own casing: real ARM answered `"gatewayType": "VPN"` with `"Vpn"`
// (Azure/azure-sdk-for-python, sdk/network/azure-mgmt-network/tests/recordings/
// test_mgmt_network.test_virtual_network_gateway_operations.yaml). A value outside the enum stays refused.
import { invalidRequestFormat } from './errors';

/**
 * The canonical spelling of a modelAsString enum value; undefined when the request leaves it out. Throws 400
 * InvalidRequestFormat for a value that is no member of the enum (in any casing) or not a string.
 */
export function modelEnum(
  value: unknown,
  allowed: readonly string[],
  path: string,
  enumName: string,
): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const found = allowed.find((member) => member.toLowerCase() === text.toLowerCase());
  if (found === undefined || typeof value !== 'string') {
    throw invalidRequestFormat(path, `Error converting value "${text}" to type '${enumName}'.`);
  }
  return found;
}

/** The model enums the network types read (values as in the 2026-01-01 spec; 2018-11-01's are subsets). */
export const NETWORK_ENUMS = {
  gatewayType: { values: ['Vpn', 'ExpressRoute', 'LocalGateway'], name: 'VirtualNetworkGatewayType' },
  vpnType: { values: ['RouteBased', 'PolicyBased'], name: 'VpnType' },
  vpnGatewayGeneration: { values: ['None', 'Generation1', 'Generation2'], name: 'VpnGatewayGeneration' },
  ipAllocationMethod: { values: ['Static', 'Dynamic'], name: 'IPAllocationMethod' },
  ipVersion: { values: ['IPv4', 'IPv6'], name: 'IPVersion' },
  publicIpSku: { values: ['Basic', 'Standard', 'StandardV2'], name: 'PublicIPAddressSkuName' },
  publicIpSkuTier: { values: ['Regional', 'Global'], name: 'PublicIPAddressSkuTier' },
  nicType: { values: ['Standard', 'Elastic'], name: 'NetworkInterfaceNicType' },
  connectionType: {
    values: ['IPsec', 'Vnet2Vnet', 'ExpressRoute', 'VPNClient'],
    name: 'VirtualNetworkGatewayConnectionType',
  },
  connectionProtocol: { values: ['IKEv2', 'IKEv1'], name: 'VirtualNetworkGatewayConnectionProtocol' },
  privateEndpointNetworkPolicies: {
    values: ['Enabled', 'Disabled', 'NetworkSecurityGroupEnabled', 'RouteTableEnabled'],
    name: 'VirtualNetworkPrivateEndpointNetworkPolicies',
  },
  privateLinkServiceNetworkPolicies: {
    values: ['Enabled', 'Disabled'],
    name: 'VirtualNetworkPrivateLinkServiceNetworkPolicies',
  },
} as const;

export type NetworkEnum = keyof typeof NETWORK_ENUMS;

/** `modelEnum` for one of NETWORK_ENUMS. */
export function networkEnum(value: unknown, which: NetworkEnum, path: string): string | undefined {
  const { values, name } = NETWORK_ENUMS[which];
  return modelEnum(value, values, path, name);
}
