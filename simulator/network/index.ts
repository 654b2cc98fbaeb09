// The Microsoft.Network resource types the simulator serves, and the tunnel diagnosis tests and the inspection API
// may read. Importing this module has no side effects.
import type { ArmResource, CloudName, CloudStore, ResourceStore, ResourceType } from '../arm/resourceType';
import { connectionsType } from './connections';
import { localNetworkGatewaysType } from './localNetworkGateways';
import { networkInterfacesType } from './networkInterfaces';
import { publicIpAddressesType } from './publicIpAddresses';
import { subnetsType } from './subnets';
import { evaluateTunnel, type TunnelState } from './tunnel';
import { virtualNetworkGatewaysType } from './virtualNetworkGateways';
import { virtualNetworksType } from './virtualNetworks';

export interface NetworkTypeOptions {
  /** Site-to-site tunnels per Azure gateway SKU, overriding the documented limits (gatewaySkus.ts). */
  gatewayTunnelLimits?: Readonly<Record<string, number>>;
}

export function networkResourceTypes(options: NetworkTypeOptions = {}): ResourceType[] {
  // NRP's CloudErrors always carry `details` (an empty array when it has none; see nrpError in errors.ts).
  return [
    virtualNetworksType(),
    subnetsType(),
    publicIpAddressesType(),
    virtualNetworkGatewaysType(),
    localNetworkGatewaysType(),
    connectionsType(options.gatewayTunnelLimits),
    networkInterfacesType(),
  ].map((type) => ({ ...type, errorsCarryDetails: true }));
}

/**
 * Why a connection is (not) Connected at virtual time `now`: the simulator's diagnosis, for tests and the
 * inspection API only (real ARM has no such field).
 */
export function diagnoseConnection(
  cloud: CloudName,
  store: ResourceStore,
  /** Every cloud's store, this one included. */
  world: readonly CloudStore[],
  connection: ArmResource,
  now: number,
): Pick<TunnelState, 'status' | 'reason' | 'connectedAt'> {
  const state = evaluateTunnel({ cloud, store }, world, connection, now);
  return { status: state.status, reason: state.reason, connectedAt: state.connectedAt };
}

export type { TunnelReason } from './tunnel';
