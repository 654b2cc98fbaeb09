// Which virtual network gateway SKUs each cloud builds
// (https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus,
// https://learn.microsoft.com/azure-stack/user/azure-stack-vpn-gateway-settings). Pure decisions; the gateway type
// decides when the answer is given (NRP reports an invalid size when the operation ends).
import type { ArmError, CloudName } from '../arm/resourceType';
import { invalidGatewaySize, legacyGatewaySkuRetired } from './errors';

/** The model enum (VirtualNetworkGatewaySkuName) as far as VPN and ExpressRoute gateways go. */
export const MODEL_SKUS = [
  'Basic',
  'HighPerformance',
  'Standard',
  'UltraPerformance',
  'VpnGw1',
  'VpnGw2',
  'VpnGw3',
  'VpnGw4',
  'VpnGw5',
  'VpnGw1AZ',
  'VpnGw2AZ',
  'VpnGw3AZ',
  'VpnGw4AZ',
  'VpnGw5AZ',
  'ErGw1AZ',
  'ErGw2AZ',
  'ErGw3AZ',
  'ErGwScale',
];

const AZURE_VPN_SKUS = [
  'Basic',
  'VpnGw1',
  'VpnGw2',
  'VpnGw3',
  'VpnGw4',
  'VpnGw5',
  'VpnGw1AZ',
  'VpnGw2AZ',
  'VpnGw3AZ',
  'VpnGw4AZ',
  'VpnGw5AZ',
];
const AZURE_EXPRESSROUTE_SKUS = ['ErGw1AZ', 'ErGw2AZ', 'ErGw3AZ', 'ErGwScale'];
/** Legacy SKUs Azure no longer creates (since 2023-12-01), though existing ones still exist. */
const RETIRED_ON_AZURE = ['Standard', 'HighPerformance'];
/** Stack Hub: the legacy three, and VpnGw1-3 where the operator enabled VPN Fast Path. */
export const AZURE_STACK_SKUS = ['Basic', 'Standard', 'HighPerformance', 'VpnGw1', 'VpnGw2', 'VpnGw3'];

/** The error NRP ends the create with, or undefined when the SKU can be built. */
export function gatewaySkuProblem(
  cloud: CloudName,
  gatewayType: string,
  sku: string,
  creating: boolean,
): ArmError | undefined {
  if (cloud === 'azureStack') return AZURE_STACK_SKUS.includes(sku) ? undefined : invalidGatewaySize(AZURE_STACK_SKUS);
  if (RETIRED_ON_AZURE.includes(sku)) return creating ? legacyGatewaySkuRetired() : undefined;
  const allowed = gatewayType === 'ExpressRoute' ? AZURE_EXPRESSROUTE_SKUS : AZURE_VPN_SKUS;
  return allowed.includes(sku) ? undefined : invalidGatewaySize(allowed);
}

/** vpnGatewayGeneration NRP reports for a SKU when the request leaves it out. */
export function defaultGeneration(sku: string): string {
  if (sku === 'Basic' || sku === 'Standard' || sku === 'HighPerformance') return 'None';
  return /^VpnGw[45]/.test(sku) ? 'Generation2' : 'Generation1';
}
