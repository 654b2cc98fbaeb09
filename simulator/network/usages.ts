// `GET /subscriptions/{sub}/providers/Microsoft.Network/locations/{location}/usages`: NRP's per-region counters, as
// the official UsageList example shapes them (id, name {value, localizedValue}, currentValue, limit, unit Count):
// https://github.com/Azure/azure-rest-api-specs/blob/main/specification/network/resource-manager/Microsoft.Network/stable/2025-05-01/examples/UsageList.json
// Current values are counted from the store; limits come from the account. VPN gateways are no Azure usage row
// (Azure caps them per virtual network, not per region); Stack Hub's quota plan adds gateway and connection rows.
import type { ArmCall, ArmResult } from '../arm/armCall';
import { normalizeLocation } from '../arm/locations';
import { requireLocation, routeIs, type ProviderRoute, type ReadApi } from '../arm/readApi';
import type { ArmResource } from '../arm/resourceType';
import { asRecord } from './body';
import {
  CONNECTIONS,
  NETWORK_INTERFACES,
  PUBLIC_IP_ADDRESSES,
  VIRTUAL_NETWORK_GATEWAYS,
  VIRTUAL_NETWORKS,
} from './typeNames';

const TYPE = 'Microsoft.Network/locations/usages';

/** How each counted row finds its resources; rows not listed (NSGs, load balancers …) count 0: none are served. */
const COUNTED: Readonly<Record<string, { type: string; where?: (r: ArmResource) => boolean }>> = {
  VirtualNetworks: { type: VIRTUAL_NETWORKS },
  PublicIPAddresses: { type: PUBLIC_IP_ADDRESSES },
  StaticPublicIPAddresses: {
    type: PUBLIC_IP_ADDRESSES,
    where: (r) => asRecord(r.properties).publicIPAllocationMethod === 'Static',
  },
  NetworkInterfaces: { type: NETWORK_INTERFACES },
  VirtualNetworkGateways: { type: VIRTUAL_NETWORK_GATEWAYS },
  VirtualNetworkGatewayConnections: { type: CONNECTIONS },
};

const DISPLAY: Readonly<Record<string, string>> = {
  VirtualNetworks: 'Virtual Networks',
  StaticPublicIPAddresses: 'Static Public IP Addresses',
  NetworkSecurityGroups: 'Network Security Groups',
  PublicIPAddresses: 'Public IP Addresses',
  NetworkInterfaces: 'Network Interfaces',
  LoadBalancers: 'Load Balancers',
  ApplicationGateways: 'Application Gateways',
  RouteTables: 'Route Tables',
  RouteFilters: 'Route Filters',
  NetworkWatchers: 'Network Watchers',
  PacketCaptures: 'Packet Captures',
  VirtualNetworkGateways: 'Virtual Network Gateways',
  VirtualNetworkGatewayConnections: 'Virtual Network Gateway Connections',
};

export const networkUsagesApi: ReadApi = {
  type: TYPE,
  matches: (route) => routeIs(route, 'Microsoft.Network', ['locations', '*', 'usages']),
  get: (call, route) => listUsages(call, route),
};

function listUsages(call: ArmCall, route: ProviderRoute): ArmResult {
  const { ctx } = call;
  const location = requireLocation(call, route.rest[1] ?? '', TYPE);
  const inLocation = ctx.store
    .all()
    .filter((r) => r.location !== undefined && normalizeLocation(r.location) === location);
  const value = Object.entries(ctx.account.quotaLimits.network).map(([name, limit]) => {
    const counted = COUNTED[name];
    const currentValue = counted
      ? inLocation.filter((r) => r.type.toLowerCase() === counted.type.toLowerCase() && (counted.where?.(r) ?? true))
          .length
      : 0;
    return {
      id: `/subscriptions/${ctx.subscriptionId}/providers/Microsoft.Network/locations/${location}/usages/${name}`,
      name: { value: name, localizedValue: DISPLAY[name] ?? name },
      currentValue,
      limit,
      unit: 'Count',
    };
  });
  return { status: 200, body: { value } };
}
