// Whether an ICMP echo from a VM reaches a private address: inside its own VNet, or across a Connected
// site-to-site tunnel to a VNet in the other cloud (or another VNet of the same cloud). Read-only; no NSGs or UDRs.
import type { ArmResource, CloudName, ResourceStore } from '../arm/resourceType';
import { asArray, asRecord, asString, asStringArray, propertiesOf, refId } from '../network/body';
import { addressInCidr, cidrOf } from '../network/cidr';
import { ipConfigurationsOf, listAll, vmUsingNic } from '../network/references';
import { parentIdOf, sameId } from '../network/resourceIds';
import { connectedPeers } from '../network/tunnel';
import { NETWORK_INTERFACES } from '../network/typeNames';

export interface PingPath {
  reachable: boolean;
  /** Gateways on the way (each decrements TTL). */
  hops: number;
  /** Same VNet, or across a tunnel (latency differs). */
  kind: 'self' | 'vnet' | 'tunnel' | 'none';
}

export interface NetworkWorld {
  cloud: CloudName;
  store: ResourceStore;
  peerCloud: CloudName;
  peerStore: ResourceStore;
  now: number;
}

function vnetIdsOfVm(store: ResourceStore, vm: ArmResource): { vnetIds: string[]; addresses: string[] } {
  const vnetIds: string[] = [];
  const addresses: string[] = [];
  for (const nicRef of asArray(asRecord(propertiesOf(vm).networkProfile).networkInterfaces)) {
    const nic = store.get(refId(nicRef) ?? '');
    if (!nic) continue;
    for (const config of ipConfigurationsOf(nic)) {
      if (config.subnetId) vnetIds.push(parentIdOf(config.subnetId) ?? '');
      if (config.privateIp) addresses.push(config.privateIp.split('/')[0]);
    }
  }
  return { vnetIds, addresses };
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

export function pingPath(world: NetworkWorld, vm: ArmResource, targetIp: string): PingPath {
  const { vnetIds, addresses } = vnetIdsOfVm(world.store, vm);
  if (addresses.includes(targetIp) || targetIp.startsWith('127.')) return { reachable: true, hops: 0, kind: 'self' };
  for (const vnetId of vnetIds) {
    const vnet = world.store.get(vnetId);
    if (vnetContains(vnet, targetIp))
      return { reachable: answersIn(world.store, vnetId, targetIp), hops: 0, kind: 'vnet' };
    for (const remote of connectedPeers(
      world.cloud,
      world.store,
      world.peerCloud,
      world.peerStore,
      vnetId,
      world.now,
    )) {
      if (!remote.vnet || !vnetContains(remote.vnet, targetIp)) continue;
      if (answersIn(remote.store, remote.vnet.id, targetIp)) return { reachable: true, hops: 2, kind: 'tunnel' };
    }
  }
  return { reachable: false, hops: 0, kind: 'none' };
}
