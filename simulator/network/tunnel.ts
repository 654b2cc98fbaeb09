// Network truth for site-to-site tunnels, computed from every cloud's resources (Azure and each stamp) at a moment of
// virtual time: whether a connection is Connected, Connecting or NotConnected, why, its byte counters, and what it
// connects. The far end is the gateway that owns the local network gateway's address, in whichever cloud that is.
// It reads stores only; nothing here writes, and the reason never appears in an ARM body.
import type { ArmResource, CloudName, CloudStore, ResourceStore } from '../arm/resourceType';
import { asRecord, asString, asStringArray, propertiesOf, refId } from './body';
import { cidrOf, coveredBy, type Cidr } from './cidr';
import { internalNumber, internalString } from './internalState';
import { policiesCompatible, storedPolicies } from './ipsecPolicy';
import { gatewayIpOf, localPrefixesOf } from './localNetworkGateways';
import { listAll, publicIpUser, publicIpsOf, vnetIdOfGateway } from './references';
import { sameId } from './resourceIds';
import { faultReason } from './tunnelFaults';
import { CONNECTIONS, PUBLIC_IP_ADDRESSES, VIRTUAL_NETWORK_GATEWAYS, VIRTUAL_NETWORKS } from './typeNames';

export type ConnectionStatus = 'Unknown' | 'Connecting' | 'Connected' | 'NotConnected';

export type TunnelReason =
  | 'connected'
  | 'provisioning'
  | 'gateway-missing'
  | 'local-network-gateway-missing'
  | 'no-gateway-at-remote-address'
  | 'remote-gateway-not-ready'
  | 'remote-connection-missing'
  | 'remote-connection-not-ready'
  | 'shared-key-mismatch'
  | 'local-address-space-does-not-cover-remote-vnet'
  | 'remote-address-space-does-not-cover-local-vnet'
  | 'ipsec-policy-mismatch'
  | 'protocol-mismatch'
  | 'unsupported-connection-type'
  | 'gateway-down'
  | 'connection-stuck';

export interface TunnelEnd {
  cloud: CloudName;
  store: ResourceStore;
  connection: ArmResource;
  gateway?: ArmResource;
  vnet?: ArmResource;
}

export interface TunnelState {
  status: ConnectionStatus;
  /** Simulator diagnosis; never part of an ARM body. */
  reason: TunnelReason;
  ingressBytes: number;
  egressBytes: number;
  /** Virtual time the tunnel came up (Connected only). */
  connectedAt?: number;
  /** The other end, once found. */
  remote?: TunnelEnd;
}

/** Virtual ms a connection keeps saying Connecting after the later change, before it gives up (NotConnected). */
export const DEFAULT_CONNECTING_WINDOW_MS = 60_000;
/** Virtual ms IKE needs to bring a matching tunnel up. */
export const DEFAULT_ESTABLISH_MS = 15_000;
/** Keepalive-level traffic per direction (bytes per virtual second) when a connection has no seeded rate. */
export const DEFAULT_TRAFFIC_RATE = 400;

interface Located {
  cloud: CloudName;
  store: ResourceStore;
  resource: ArmResource;
}

function succeeded(resource: ArmResource | undefined): boolean {
  return asString(propertiesOf(resource).provisioningState) === 'Succeeded';
}

function addressesOf(store: ResourceStore, gateway: ArmResource): string[] {
  return publicIpsOf(store, gateway)
    .map((pip) => asString(propertiesOf(pip).ipAddress))
    .filter((ip): ip is string => ip !== undefined);
}

/** The gateway that owns the public address `ip`, in any cloud. */
function gatewayAt(ip: string, clouds: readonly CloudStore[]): Located | undefined {
  for (const { cloud, store } of clouds) {
    const pip = listAll(store, PUBLIC_IP_ADDRESSES).find(
      (candidate) => asString(propertiesOf(candidate).ipAddress) === ip,
    );
    if (!pip) continue;
    const user = publicIpUser(store, pip.id);
    if (!user || user.ownerType.toLowerCase() !== VIRTUAL_NETWORK_GATEWAYS.toLowerCase()) continue;
    const gateway = store.get(user.ownerId);
    if (gateway) return { cloud, store, resource: gateway };
  }
  return undefined;
}

function vnetPrefixes(vnet: ArmResource | undefined): Cidr[] {
  return asStringArray(asRecord(propertiesOf(vnet).addressSpace).addressPrefixes)
    .map((text) => cidrOf(text))
    .filter((cidr): cidr is Cidr => cidr !== undefined);
}

function covers(localGateway: ArmResource | undefined, vnet: ArmResource | undefined): boolean {
  const prefixes = localPrefixesOf(localGateway)
    .map((text) => cidrOf(text))
    .filter((cidr): cidr is Cidr => cidr !== undefined);
  const space = vnetPrefixes(vnet);
  return space.length > 0 && space.every((prefix) => coveredBy(prefix, prefixes));
}

function protocolOf(connection: ArmResource): string {
  return asString(propertiesOf(connection).connectionProtocol) ?? 'IKEv2';
}

function latest(...times: (number | undefined)[]): number {
  return times.reduce<number>((max, t) => (t !== undefined && t > max ? t : max), 0);
}

function changeTime(connection: ArmResource, localGateway?: ArmResource, gateway?: ArmResource): number {
  return latest(
    internalNumber(connection, 'readyAt'),
    internalNumber(connection, 'keyChangedAt'),
    internalNumber(localGateway, 'changedAt'),
    internalNumber(gateway, 'readyAt'),
  );
}

function notUp(
  connection: ArmResource,
  since: number,
  now: number,
  reason: TunnelReason,
  remote?: TunnelEnd,
): TunnelState {
  const windowMs = internalNumber(connection, 'connectingWindowMs') ?? DEFAULT_CONNECTING_WINDOW_MS;
  return {
    status: now < since + windowMs ? 'Connecting' : 'NotConnected',
    reason,
    ingressBytes: 0,
    egressBytes: 0,
    remote,
  };
}

/** A tunnel a fault holds down (tunnelFaults.ts): NotConnected at once, until a reset or a heal. */
function down(reason: TunnelReason, remote?: TunnelEnd): TunnelState {
  return { status: 'NotConnected', reason, ingressBytes: 0, egressBytes: 0, remote };
}

/**
 * The state of `connection` (stored in `here`) at virtual time `now`. `world` is every cloud, `here` among them; a
 * tunnel between two gateways of the same cloud works too.
 */
export function evaluateTunnel(
  here: CloudStore,
  world: readonly CloudStore[],
  connection: ArmResource,
  now: number,
): TunnelState {
  const { cloud, store } = here;
  if (!succeeded(connection)) return { status: 'Unknown', reason: 'provisioning', ingressBytes: 0, egressBytes: 0 };
  const properties = propertiesOf(connection);
  const gateway = store.get(refId(properties.virtualNetworkGateway1) ?? '');
  const localGateway = store.get(refId(properties.localNetworkGateway2) ?? '');
  const ownSince = changeTime(connection, localGateway, gateway);
  if (asString(properties.connectionType) !== 'IPsec')
    return notUp(connection, ownSince, now, 'unsupported-connection-type');
  if (!gateway) return notUp(connection, ownSince, now, 'gateway-missing');
  if (!localGateway) return notUp(connection, ownSince, now, 'local-network-gateway-missing');
  const ownFault = faultReason(connection, gateway);
  if (ownFault) return down(ownFault);

  const ownVnet = store.get(vnetIdOfGateway(gateway) ?? '');
  const remoteIp = gatewayIpOf(localGateway);
  const remoteGateway = remoteIp ? gatewayAt(remoteIp, world) : undefined;
  if (!remoteGateway || sameId(remoteGateway.resource.id, gateway.id)) {
    return notUp(connection, ownSince, now, 'no-gateway-at-remote-address');
  }
  const remoteStore = remoteGateway.store;
  const remoteVnet = remoteStore.get(vnetIdOfGateway(remoteGateway.resource) ?? '');
  const remoteBase = {
    cloud: remoteGateway.cloud,
    store: remoteStore,
    gateway: remoteGateway.resource,
    vnet: remoteVnet,
  };
  if (!succeeded(remoteGateway.resource)) return notUp(connection, ownSince, now, 'remote-gateway-not-ready');

  const ownAddresses = addressesOf(store, gateway);
  const candidates = listAll(remoteStore, CONNECTIONS).filter((candidate) => {
    const candidateProperties = propertiesOf(candidate);
    if (!sameId(refId(candidateProperties.virtualNetworkGateway1), remoteGateway.resource.id)) return false;
    const ip = gatewayIpOf(remoteStore.get(refId(candidateProperties.localNetworkGateway2) ?? ''));
    return ip !== undefined && ownAddresses.includes(ip);
  });
  const remoteConnection = candidates.find(succeeded) ?? candidates[0];
  if (!remoteConnection) return notUp(connection, ownSince, now, 'remote-connection-missing');
  const remote: TunnelEnd = { ...remoteBase, connection: remoteConnection };
  const remoteLocalGateway = remoteStore.get(refId(propertiesOf(remoteConnection).localNetworkGateway2) ?? '');
  const since = latest(ownSince, changeTime(remoteConnection, remoteLocalGateway, remoteGateway.resource));
  if (!succeeded(remoteConnection)) return notUp(connection, since, now, 'remote-connection-not-ready', remote);
  const remoteFault = faultReason(connection, gateway, remoteConnection, remoteGateway.resource);
  if (remoteFault) return down(remoteFault, remote);

  const problem = mismatch(cloud, connection, localGateway, ownVnet, remote, remoteLocalGateway);
  if (problem) return notUp(connection, since, now, problem, remote);

  const establishMs = Math.max(
    internalNumber(connection, 'establishMs') ?? DEFAULT_ESTABLISH_MS,
    internalNumber(remoteConnection, 'establishMs') ?? DEFAULT_ESTABLISH_MS,
  );
  const connectedAt = since + establishMs;
  if (now < connectedAt) return { status: 'Connecting', reason: 'connected', ingressBytes: 0, egressBytes: 0, remote };
  const seconds = (now - connectedAt) / 1000;
  return {
    status: 'Connected',
    reason: 'connected',
    connectedAt,
    egressBytes: Math.floor(seconds * (internalNumber(connection, 'trafficRate') ?? DEFAULT_TRAFFIC_RATE)),
    ingressBytes: Math.floor(seconds * (internalNumber(remoteConnection, 'trafficRate') ?? DEFAULT_TRAFFIC_RATE)),
    remote,
  };
}

function mismatch(
  cloud: CloudName,
  connection: ArmResource,
  localGateway: ArmResource,
  ownVnet: ArmResource | undefined,
  remote: TunnelEnd,
  remoteLocalGateway: ArmResource | undefined,
): TunnelReason | undefined {
  const remoteProperties = propertiesOf(remote.connection);
  if (asString(remoteProperties.connectionType) !== 'IPsec') return 'unsupported-connection-type';
  if (internalString(connection, 'sharedKey') !== internalString(remote.connection, 'sharedKey'))
    return 'shared-key-mismatch';
  if (!covers(localGateway, remote.vnet)) return 'local-address-space-does-not-cover-remote-vnet';
  if (!covers(remoteLocalGateway, ownVnet)) return 'remote-address-space-does-not-cover-local-vnet';
  if (protocolOf(connection) !== protocolOf(remote.connection)) return 'protocol-mismatch';
  const compatible = policiesCompatible(
    { cloud, policies: storedPolicies(propertiesOf(connection).ipsecPolicies) },
    { cloud: remote.cloud, policies: storedPolicies(remoteProperties.ipsecPolicies) },
  );
  return compatible ? undefined : 'ipsec-policy-mismatch';
}

/** A Connected tunnel seen from one end: the local network gateway that routes into it, and the far end. */
export interface ConnectedTunnel {
  /** The connection's local network gateway here: the prefixes this end sends into the tunnel. */
  localGateway?: ArmResource;
  remote: TunnelEnd;
}

/** Connected tunnels that start at the gateway(s) of VNet `vnetId` of `here`, each with the VNet it reaches. */
export function connectedTunnels(
  here: CloudStore,
  world: readonly CloudStore[],
  vnetId: string,
  now: number,
): ConnectedTunnel[] {
  const { store } = here;
  const gateways = listAll(store, VIRTUAL_NETWORK_GATEWAYS).filter((gateway) =>
    sameId(vnetIdOfGateway(gateway), vnetId),
  );
  return gateways.flatMap((gateway) =>
    listAll(store, CONNECTIONS)
      .filter((connection) => sameId(refId(propertiesOf(connection).virtualNetworkGateway1), gateway.id))
      .flatMap((connection) => {
        const state = evaluateTunnel(here, world, connection, now);
        const remote = state.remote;
        if (state.status !== 'Connected' || remote?.vnet?.type.toLowerCase() !== VIRTUAL_NETWORKS.toLowerCase())
          return [];
        return [{ localGateway: store.get(refId(propertiesOf(connection).localNetworkGateway2) ?? ''), remote }];
      }),
  );
}

/** Seeded per-connection timing and traffic, fixed when the connection is created. */
export function tunnelTraits(random: () => number): Record<string, number> {
  return {
    connectingWindowMs: 30_000 + Math.floor(random() * 60_000),
    establishMs: 5_000 + Math.floor(random() * 20_000),
    trafficRate: 200 + Math.floor(random() * 1000),
  };
}
