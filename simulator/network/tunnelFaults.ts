// Tunnel faults and the resets that clear them. A test can take a gateway down or leave a connection stuck (the
// inspection API, /_sim/tunnel-faults): network truth then reads that tunnel NotConnected, whatever its
// configuration, until a reset (the connection's `resetconnection`, or its gateway's `reset`, which resets every
// connection on it) or a heal clears it. A reset re-negotiates: the tunnel reads Connecting, then Connected if its
// configuration is sound (a reset does not fix a shared-key mismatch). Simulator-only state, never in an ARM body.
import type { ArmResource, ResourceRequest, ResourceStore, WriteOutcome } from '../arm/resourceType';
import { notSupportedOnAzureStack } from './errors';
import { internalOf, publicCopy, withInternal } from './internalState';
import { connectionsOfGateway } from './references';
import { isLegacyNetworkApi, setProvisioningState, updateStored } from './requestContext';
import { isIdOfType } from './resourceIds';
import type { TunnelReason } from './tunnel';
import { CONNECTIONS, VIRTUAL_NETWORK_GATEWAYS } from './typeNames';

export const TUNNEL_FAULTS = ['gatewayDown', 'connectionStuck', 'heal'] as const;
export type TunnelFault = (typeof TUNNEL_FAULTS)[number];

const DOWN = 'gatewayDown';
const STUCK = 'connectionStuck';

function flagged(resource: ArmResource | undefined, flag: string): boolean {
  return internalOf(resource)[flag] === true;
}

/** Why a tunnel between these ends is held down by a fault, if it is. */
export function faultReason(
  connection: ArmResource,
  gateway: ArmResource | undefined,
  remoteConnection?: ArmResource,
  remoteGateway?: ArmResource,
): TunnelReason | undefined {
  if (flagged(gateway, DOWN) || flagged(remoteGateway, DOWN)) return 'gateway-down';
  if (flagged(connection, STUCK) || flagged(remoteConnection, STUCK)) return 'connection-stuck';
  return undefined;
}

/** Applies a fault (or heals) one gateway or connection of `store`. Throws for an unknown id or a wrong type. */
export function applyTunnelFault(store: ResourceStore, id: string, fault: TunnelFault, now: number): ArmResource {
  const resource = store.get(id);
  if (!resource) throw new Error(`no resource ${id}`);
  const isGateway = isIdOfType(id, VIRTUAL_NETWORK_GATEWAYS);
  const isConnection = isIdOfType(id, CONNECTIONS);
  if (fault === 'gatewayDown' && !isGateway) throw new Error(`gatewayDown needs a virtual network gateway, not ${id}`);
  if (fault === 'connectionStuck' && !isConnection) throw new Error(`connectionStuck needs a connection, not ${id}`);
  if (!isGateway && !isConnection) throw new Error(`heal needs a gateway or a connection, not ${id}`);
  const patch =
    fault === 'heal'
      ? { [DOWN]: false, [STUCK]: false, readyAt: now }
      : { [fault === 'gatewayDown' ? DOWN : STUCK]: true };
  const next = withInternal(resource, patch);
  store.put(next);
  return next;
}

/** POST .../connections/{name}/resetconnection: an LRO; the connection re-negotiates when it ends. */
export function resetConnection(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  // The 2018-11-01 network api (Azure Stack Hub) has no connection reset; its gateways have `reset`.
  if (isLegacyNetworkApi(request.apiVersion))
    throw notSupportedOnAzureStack('Connection reset', 'resetconnection (use the gateway reset)');
  return {
    resource: setProvisioningState(existing, 'Updating'),
    durationMs: request.latency(`${CONNECTIONS}:action`),
    complete: () => {
      const now = request.clock.now();
      updateStored(
        request.store,
        existing.id,
        () => request.random(),
        (connection) => withInternal(setProvisioningState(connection, 'Succeeded'), { [STUCK]: false, readyAt: now }),
      );
    },
  };
}

/** POST .../virtualNetworkGateways/{name}/reset: an LRO; the gateway and every connection on it come back. */
export function resetGateway(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  return {
    resource: setProvisioningState(existing, 'Updating'),
    durationMs: request.latency(`${VIRTUAL_NETWORK_GATEWAYS}:action`),
    complete: () => {
      const now = request.clock.now();
      const random = (): number => request.random();
      updateStored(request.store, existing.id, random, (gateway) =>
        withInternal(setProvisioningState(gateway, 'Succeeded'), { [DOWN]: false, readyAt: now }),
      );
      for (const connection of connectionsOfGateway(request.store, existing.id)) {
        updateStored(request.store, connection.id, random, (stored) => withInternal(stored, { [STUCK]: false }));
      }
      const gateway = request.store.get(existing.id);
      return gateway ? publicCopy(gateway) : undefined;
    },
  };
}
