// Who uses whom: the relations NRP keeps as back-references (a subnet's ipConfigurations, a public IP's
// ipConfiguration, a NIC's virtualMachine) and the dependency checks of deletes. Read-only over one cloud's store.
import type { ArmResource, ResourceStore } from '../arm/resourceType';
import { asArray, asRecord, propertiesOf, refId } from './body';
import { ALL_RESOURCES_PREFIX, parentIdOf, sameId } from './resourceIds';
import {
  CONNECTIONS,
  NETWORK_INTERFACES,
  PUBLIC_IP_ADDRESSES,
  SUBNETS,
  VIRTUAL_MACHINES,
  VIRTUAL_NETWORK_GATEWAYS,
} from './typeNames';

export interface IpConfigurationRef {
  /** Id of the ipConfiguration (NIC or gateway child). */
  id: string;
  /** Id of the resource that owns it. */
  ownerId: string;
  ownerType: string;
  subnetId?: string;
  publicIpId?: string;
  privateIp?: string;
}

export function listAll(store: ResourceStore, type: string): ArmResource[] {
  return store.list(ALL_RESOURCES_PREFIX, type);
}

export function ipConfigurationsOf(resource: ArmResource): IpConfigurationRef[] {
  return asArray(propertiesOf(resource).ipConfigurations).map((item) => {
    const config = asRecord(item);
    const properties = asRecord(config.properties);
    const name = typeof config.name === 'string' ? config.name : 'ipconfig';
    return {
      id: typeof config.id === 'string' ? config.id : `${resource.id}/ipConfigurations/${name}`,
      ownerId: resource.id,
      ownerType: resource.type,
      subnetId: refId(properties.subnet),
      publicIpId: refId(properties.publicIPAddress),
      privateIp: typeof properties.privateIPAddress === 'string' ? properties.privateIPAddress : undefined,
    };
  });
}

/** The cloud's NIC and gateway ipConfigurations, and those by public IP and by subnet (ids in sameId's form). */
interface ReferenceIndex {
  revision: number;
  ipConfigurations: readonly IpConfigurationRef[];
  byPublicIp: Map<string, IpConfigurationRef[]>;
  bySubnet: Map<string, IpConfigurationRef[]>;
}

/**
 * Built once per revision of a store and reused until its next write: rendering a public IP, a VNet or a tunnel
 * looks up who uses an address or a subnet, and a walk over every NIC and gateway on each lookup made every request
 * cost more as the cloud held more connections.
 */
const indexes = new WeakMap<ResourceStore, ReferenceIndex>();

function idKey(id: string): string {
  return id.replace(/\/+$/, '').toLowerCase();
}

function referenceIndex(store: ResourceStore): ReferenceIndex {
  const cached = indexes.get(store);
  if (cached?.revision === store.revision) return cached;
  const index: ReferenceIndex = {
    revision: store.revision,
    ipConfigurations: [...listAll(store, NETWORK_INTERFACES), ...listAll(store, VIRTUAL_NETWORK_GATEWAYS)].flatMap(
      ipConfigurationsOf,
    ),
    byPublicIp: new Map(),
    bySubnet: new Map(),
  };
  const add = (map: Map<string, IpConfigurationRef[]>, id: string | undefined, config: IpConfigurationRef): void => {
    if (id === undefined) return;
    const key = idKey(id);
    const users = map.get(key);
    if (users) users.push(config);
    else map.set(key, [config]);
  };
  for (const config of index.ipConfigurations) {
    add(index.byPublicIp, config.publicIpId, config);
    add(index.bySubnet, config.subnetId, config);
  }
  indexes.set(store, index);
  return index;
}

/** Every NIC and gateway ipConfiguration of the cloud (NICs first, each in the order the store lists them). */
export function allIpConfigurations(store: ResourceStore): readonly IpConfigurationRef[] {
  return referenceIndex(store).ipConfigurations;
}

export function subnetUsers(store: ResourceStore, subnetId: string): IpConfigurationRef[] {
  return [...(referenceIndex(store).bySubnet.get(idKey(subnetId)) ?? [])];
}

export function publicIpUser(
  store: ResourceStore,
  publicIpId: string,
  exceptOwnerId?: string,
): IpConfigurationRef | undefined {
  return referenceIndex(store)
    .byPublicIp.get(idKey(publicIpId))
    ?.find((config) => !sameId(config.ownerId, exceptOwnerId));
}

export function subnetsOfVnet(store: ResourceStore, vnetId: string): ArmResource[] {
  return store.list(`${vnetId}/subnets/`, SUBNETS).filter((subnet) => sameId(parentIdOf(subnet.id), vnetId));
}

/** Gateways with an ipConfiguration in the VNet. */
export function gatewaysInVnet(store: ResourceStore, vnetId: string): ArmResource[] {
  return listAll(store, VIRTUAL_NETWORK_GATEWAYS).filter((gateway) =>
    ipConfigurationsOf(gateway).some((config) => config.subnetId && sameId(parentIdOf(config.subnetId), vnetId)),
  );
}

/** The VNet a gateway sits in (through its first ipConfiguration's subnet). */
export function vnetIdOfGateway(gateway: ArmResource): string | undefined {
  const subnetId = ipConfigurationsOf(gateway).find((config) => config.subnetId)?.subnetId;
  return subnetId ? parentIdOf(subnetId) : undefined;
}

export function connectionsOfGateway(store: ResourceStore, gatewayId: string): ArmResource[] {
  return listAll(store, CONNECTIONS).filter((connection) => {
    const properties = propertiesOf(connection);
    return (
      sameId(refId(properties.virtualNetworkGateway1), gatewayId) ||
      sameId(refId(properties.virtualNetworkGateway2), gatewayId)
    );
  });
}

export function connectionsOfLocalGateway(store: ResourceStore, localGatewayId: string): ArmResource[] {
  return listAll(store, CONNECTIONS).filter((connection) =>
    sameId(refId(propertiesOf(connection).localNetworkGateway2), localGatewayId),
  );
}

export function vmUsingNic(store: ResourceStore, nicId: string, exceptVmId?: string): ArmResource | undefined {
  return listAll(store, VIRTUAL_MACHINES).find(
    (vm) =>
      !sameId(vm.id, exceptVmId) &&
      asArray(asRecord(propertiesOf(vm).networkProfile).networkInterfaces).some((nic) => sameId(refId(nic), nicId)),
  );
}

export function publicIpsOf(store: ResourceStore, owner: ArmResource): ArmResource[] {
  return ipConfigurationsOf(owner)
    .map((config) => (config.publicIpId ? store.get(config.publicIpId) : undefined))
    .filter(
      (pip): pip is ArmResource => pip !== undefined && pip.type.toLowerCase() === PUBLIC_IP_ADDRESSES.toLowerCase(),
    );
}
