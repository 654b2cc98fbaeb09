// Whether an ICMP echo from a VM reaches a private address: inside its own VNet, across a Connected site-to-site
// tunnel to a VNet in another cloud (or another VNet of the same cloud), or in transit through an Azure gateway
// between two of its tunnels (Azure routes between the site-to-site connections of one gateway when each side's local
// network gateway lists the other's prefixes). Read-only; no NSGs or UDRs.
import type { ArmResource, CloudStore, ResourceStore } from '../arm/resourceType';
import { asArray, asRecord, asString, asStringArray, propertiesOf, refId } from '../network/body';
import { addressInCidr, cidrOf } from '../network/cidr';
import { localPrefixesOf } from '../network/localNetworkGateways';
import { ipConfigurationsOf, listAll, vmUsingNic } from '../network/references';
import { parentIdOf, sameId } from '../network/resourceIds';
import { connectedTunnels, type TunnelEnd } from '../network/tunnel';
import { NETWORK_INTERFACES } from '../network/typeNames';

export interface PingPath {
  reachable: boolean;
  /** Gateways on the way (each decrements TTL). */
  hops: number;
  /** Same VNet, across a tunnel, or across two tunnels through a hub gateway (latency differs). */
  kind: 'self' | 'vnet' | 'tunnel' | 'transit' | 'none';
}

export interface NetworkWorld {
  /** The VM's cloud. */
  here: CloudStore;
  /** Every cloud of the simulator, `here` included. */
  world: readonly CloudStore[];
  now: number;
}

interface VmAttachment {
  vnetId: string;
  /** The VM's private address in that VNet (where replies come back to). */
  address?: string;
}

function attachmentsOfVm(store: ResourceStore, vm: ArmResource): VmAttachment[] {
  const attachments: VmAttachment[] = [];
  for (const nicRef of asArray(asRecord(propertiesOf(vm).networkProfile).networkInterfaces)) {
    const nic = store.get(refId(nicRef) ?? '');
    if (!nic) continue;
    for (const config of ipConfigurationsOf(nic)) {
      const address = config.privateIp?.split('/')[0];
      if (config.subnetId) attachments.push({ vnetId: parentIdOf(config.subnetId) ?? '', address });
      else if (address) attachments.push({ vnetId: '', address });
    }
  }
  return attachments;
}

/** A VM answers pings once provisioned (Updating = an extension such as Run Command is running on it). */
function running(vm: ArmResource | undefined): boolean {
  const state = asString(propertiesOf(vm).provisioningState);
  return vm !== undefined && (state === 'Succeeded' || state === 'Updating');
}

/** Whether a running VM answers on `ip` inside the VNet `vnetId` of `store`. */
function answersIn(store: ResourceStore, vnetId: string, ip: string): boolean {
  return listAll(store, NETWORK_INTERFACES).some((nic) =>
    ipConfigurationsOf(nic).some((config) => {
      if (!config.subnetId || !sameId(parentIdOf(config.subnetId), vnetId) || !config.privateIp) return false;
      const block = config.privateIp.includes('/') ? cidrOf(config.privateIp) : undefined;
      const matches = block ? addressInCidr(ip, block) : config.privateIp === ip;
      return matches && running(vmUsingNic(store, nic.id));
    }),
  );
}

function vnetContains(vnet: ArmResource | undefined, ip: string): boolean {
  return asStringArray(asRecord(propertiesOf(vnet).addressSpace).addressPrefixes).some((text) => {
    const cidr = cidrOf(text);
    return cidr !== undefined && addressInCidr(ip, cidr);
  });
}

/** Whether a local network gateway lists a prefix holding `ip` (it routes that address into its tunnel). */
function routes(localGateway: ArmResource | undefined, ip: string): boolean {
  return localPrefixesOf(localGateway).some((text) => {
    const cidr = cidrOf(text);
    return cidr !== undefined && addressInCidr(ip, cidr);
  });
}

/** The local network gateway the far end's connection uses: what that end sends back into the tunnel. */
function remoteLocalGateway(remote: TunnelEnd): ArmResource | undefined {
  return remote.store.get(refId(propertiesOf(remote.connection).localNetworkGateway2) ?? '');
}

/**
 * Across two Connected tunnels through an Azure gateway (the hub): the source routes the target into its tunnel, the
 * hub has a tunnel to the VNet holding the target, and that VNet's end routes the source's address back to the hub.
 */
function throughHub(world: NetworkWorld, source: VmAttachment, hub: TunnelEnd, targetIp: string): boolean {
  if (hub.cloud !== 'azure' || !hub.vnet || source.address === undefined) return false;
  const sourceAddress = source.address;
  return connectedTunnels({ cloud: hub.cloud, store: hub.store }, world.world, hub.vnet.id, world.now).some(
    ({ localGateway, remote }) =>
      remote.vnet !== undefined &&
      !(remote.store === world.here.store && sameId(remote.vnet.id, source.vnetId)) &&
      vnetContains(remote.vnet, targetIp) &&
      routes(localGateway, targetIp) &&
      routes(remoteLocalGateway(remote), sourceAddress) &&
      answersIn(remote.store, remote.vnet.id, targetIp),
  );
}

export function pingPath(world: NetworkWorld, vm: ArmResource, targetIp: string): PingPath {
  const attachments = attachmentsOfVm(world.here.store, vm);
  if (attachments.some((a) => a.address === targetIp) || targetIp.startsWith('127.'))
    return { reachable: true, hops: 0, kind: 'self' };
  for (const attachment of attachments) {
    const { vnetId } = attachment;
    if (vnetId === '') continue;
    const vnet = world.here.store.get(vnetId);
    if (vnetContains(vnet, targetIp))
      return { reachable: answersIn(world.here.store, vnetId, targetIp), hops: 0, kind: 'vnet' };
    const tunnels = connectedTunnels(world.here, world.world, vnetId, world.now);
    for (const { remote } of tunnels) {
      if (!remote.vnet || !vnetContains(remote.vnet, targetIp)) continue;
      if (answersIn(remote.store, remote.vnet.id, targetIp)) return { reachable: true, hops: 2, kind: 'tunnel' };
    }
    for (const { localGateway, remote } of tunnels) {
      if (!routes(localGateway, targetIp)) continue;
      if (throughHub(world, attachment, remote, targetIp)) return { reachable: true, hops: 3, kind: 'transit' };
    }
  }
  return { reachable: false, hops: 0, kind: 'none' };
}
