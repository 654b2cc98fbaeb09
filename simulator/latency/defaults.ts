// Default virtual durations of ARM operations per cloud, resource type and operation, in virtual milliseconds, and the
// poll interval each resource provider announces in Retry-After. Sources: real traffic recorded by the Azure SDK test
// suites (the Date headers of a PUT and of the poll that saw it end), and
// https://learn.microsoft.com/azure/vpn-gateway/tutorial-create-gateway-portal and
// https://learn.microsoft.com/azure/azure-resource-manager/management/async-operations. Azure Stack Hub figures are
// PLAUSIBLE GUESSES (no public measurement exists); they are marked as such below.
import type { CloudName } from '../arm/resourceType';

export type LatencyRange = readonly [min: number, max: number];

const S = 1000;
const MIN = 60 * S;

/** Azure (global). */
const AZURE: Record<string, LatencyRange> = {
  // Resource group delete: ARM's own job, on top of deleting what the group holds (added by the core).
  'Microsoft.Resources/resourceGroups:delete': [10 * S, 30 * S],
  // A VNet create ends 1-4 s after its PUT: Azure/azure-sdk-for-js recording_virtualnetworks_create_test.json (PUT
  // 07:34:31, Succeeded 07:34:32), Azure/azure-sdk-for-python test_virtual_network_gateway_operations.yaml (10:45:45,
  // 10:45:49); a subnet's within 1-2 s (recording_subnets_create_test.json). Terraform's 10-20 s for a VNet include its
  // own polling. A VNet delete answered Retry-After 10 and was over at the first poll. Public IP ~2 s.
  'Microsoft.Network/virtualNetworks:create': [1 * S, 4 * S],
  'Microsoft.Network/virtualNetworks:update': [1 * S, 4 * S],
  'Microsoft.Network/virtualNetworks:delete': [2 * S, 10 * S],
  'Microsoft.Network/virtualNetworks/subnets:create': [1 * S, 4 * S],
  'Microsoft.Network/virtualNetworks/subnets:update': [1 * S, 4 * S],
  'Microsoft.Network/virtualNetworks/subnets:delete': [2 * S, 10 * S],
  'Microsoft.Network/publicIPAddresses:create': [2 * S, 4 * S],
  'Microsoft.Network/publicIPAddresses:update': [2 * S, 4 * S],
  'Microsoft.Network/publicIPAddresses:delete': [2 * S, 6 * S],
  // VPN gateway: "typically 30-45 minutes, 45 minutes or more" (learn.microsoft.com); the Python recording's gateway
  // took 30.7 minutes (PUT 10:46:16, Succeeded 11:16:56). Deletes and updates take long too.
  'Microsoft.Network/virtualNetworkGateways:create': [30 * MIN, 45 * MIN],
  'Microsoft.Network/virtualNetworkGateways:update': [10 * MIN, 25 * MIN],
  'Microsoft.Network/virtualNetworkGateways:delete': [10 * MIN, 20 * MIN],
  'Microsoft.Network/virtualNetworkGateways:action': [3 * MIN, 10 * MIN],
  'Microsoft.Network/localNetworkGateways:create': [10 * S, 60 * S],
  'Microsoft.Network/localNetworkGateways:update': [10 * S, 60 * S],
  'Microsoft.Network/localNetworkGateways:delete': [10 * S, 30 * S],
  'Microsoft.Network/connections:create': [1 * MIN, 3 * MIN],
  'Microsoft.Network/connections:update': [1 * MIN, 2 * MIN],
  'Microsoft.Network/connections:delete': [1 * MIN, 2 * MIN],
  'Microsoft.Network/connections:action': [30 * S, 90 * S],
  'Microsoft.Network/networkInterfaces:create': [2 * S, 5 * S],
  'Microsoft.Network/networkInterfaces:update': [2 * S, 5 * S],
  'Microsoft.Network/networkInterfaces:delete': [2 * S, 5 * S],
  // VMs: 1-several minutes until CRP reports Succeeded (recorded: 62 s, recording_virtualmachines_create_test.json
  // startTime 12:28:18, endTime 12:29:21); Run Command ~30 s.
  'Microsoft.Compute/virtualMachines:create': [1 * MIN, 4 * MIN],
  'Microsoft.Compute/virtualMachines:update': [30 * S, 90 * S],
  'Microsoft.Compute/virtualMachines:delete': [1 * MIN, 3 * MIN],
  'Microsoft.Compute/virtualMachines:action': [20 * S, 60 * S],
};

/**
 * Azure Stack Hub: PLAUSIBLE, UNVERIFIED. Gateways are tenants on the stamp's pre-existing multi-tenant gateway VMs,
 * so they are taken to be faster than Azure's (10-20 min); everything else a little slower (smaller control plane).
 */
const AZURE_STACK: Record<string, LatencyRange> = {
  'Microsoft.Resources/resourceGroups:delete': [15 * S, 45 * S],
  // Azure's recorded VNet/subnet times, a little slower.
  'Microsoft.Network/virtualNetworks:create': [2 * S, 8 * S],
  'Microsoft.Network/virtualNetworks:update': [2 * S, 8 * S],
  'Microsoft.Network/virtualNetworks:delete': [5 * S, 15 * S],
  'Microsoft.Network/virtualNetworks/subnets:create': [2 * S, 8 * S],
  'Microsoft.Network/virtualNetworks/subnets:update': [2 * S, 8 * S],
  'Microsoft.Network/virtualNetworks/subnets:delete': [5 * S, 15 * S],
  'Microsoft.Network/publicIPAddresses:create': [5 * S, 10 * S],
  'Microsoft.Network/publicIPAddresses:update': [5 * S, 10 * S],
  'Microsoft.Network/publicIPAddresses:delete': [5 * S, 10 * S],
  'Microsoft.Network/virtualNetworkGateways:create': [10 * MIN, 20 * MIN],
  'Microsoft.Network/virtualNetworkGateways:update': [5 * MIN, 10 * MIN],
  'Microsoft.Network/virtualNetworkGateways:delete': [5 * MIN, 10 * MIN],
  'Microsoft.Network/virtualNetworkGateways:action': [2 * MIN, 5 * MIN],
  'Microsoft.Network/localNetworkGateways:create': [15 * S, 60 * S],
  'Microsoft.Network/localNetworkGateways:update': [15 * S, 60 * S],
  'Microsoft.Network/localNetworkGateways:delete': [15 * S, 45 * S],
  'Microsoft.Network/connections:create': [1 * MIN, 3 * MIN],
  'Microsoft.Network/connections:update': [1 * MIN, 2 * MIN],
  'Microsoft.Network/connections:delete': [1 * MIN, 2 * MIN],
  'Microsoft.Network/connections:action': [30 * S, 90 * S],
  'Microsoft.Network/networkInterfaces:create': [5 * S, 10 * S],
  'Microsoft.Network/networkInterfaces:update': [5 * S, 10 * S],
  'Microsoft.Network/networkInterfaces:delete': [5 * S, 10 * S],
  'Microsoft.Compute/virtualMachines:create': [3 * MIN, 8 * MIN],
  'Microsoft.Compute/virtualMachines:update': [1 * MIN, 3 * MIN],
  'Microsoft.Compute/virtualMachines:delete': [2 * MIN, 5 * MIN],
  'Microsoft.Compute/virtualMachines:action': [30 * S, 90 * S],
};

/** For keys no table names: a short generic operation. */
export const FALLBACK: Record<'create' | 'update' | 'delete' | 'action', LatencyRange> = {
  create: [1 * S, 3 * S],
  update: [1 * S, 3 * S],
  delete: [1 * S, 3 * S],
  action: [1 * S, 5 * S],
};

export const DEFAULT_LATENCIES: Record<CloudName, Record<string, LatencyRange>> = {
  azure: AZURE,
  azureStack: AZURE_STACK,
};

/**
 * Retry-After the resource provider announces on polls (virtual ms). NRP sends 10 s; 100-160 s was seen on gateway
 * operations (azure-powershell#20530); ARM answers resource-group deletes with 15 s.
 */
export function nominalPollIntervalMs(type: string): number {
  const t = type.toLowerCase();
  if (t === 'microsoft.network/virtualnetworkgateways') return 100 * S;
  if (t === 'microsoft.resources/resourcegroups') return 15 * S;
  return 10 * S;
}
