// How teardown handles each resource kind (lib/resourceKinds.ts): how to read one (state and tags), start deleting
// it and list them in a resource group, each through its own cloud's typed client (so every call uses that cloud's
// api-version). The order they go in is the kinds list's DELETE_ORDER (dependents first).
import type { ArmClients, ParsedResourceId } from '../../lib/clouds';
import { DELETE_ORDER, kindOfArmType, type ResourceKindKey } from '../../lib/resourceKinds';

export interface ResourceView {
  provisioningState?: string;
  tags?: Record<string, string>;
}

export interface ListedResource {
  id?: string;
  tags?: Record<string, string>;
  /** VMs: where their OS disk is (claimed by teardown, see osDisks.ts). */
  storageProfile?: { osDisk?: { managedDisk?: { id?: string } } };
}

interface KindOps {
  get(clients: ArmClients, id: ParsedResourceId): Promise<ResourceView>;
  beginDelete(clients: ArmClients, id: ParsedResourceId): Promise<unknown>;
  /** Every resource of this type in a resource group (absent for the resource group itself). */
  list?(clients: ArmClients, resourceGroupName: string): AsyncIterable<ListedResource>;
}

const view = (resource: { provisioningState?: string; tags?: Record<string, string> }): ResourceView => ({
  ...(resource.provisioningState !== undefined ? { provisioningState: resource.provisioningState } : {}),
  ...(resource.tags !== undefined ? { tags: resource.tags } : {}),
});

/** The network collections teardown handles: each reads, deletes and lists the same way through its own client. */
type NetworkCollection = keyof Pick<
  ArmClients['network'],
  | 'virtualNetworkGatewayConnections'
  | 'localNetworkGateways'
  | 'networkInterfaces'
  | 'virtualNetworkGateways'
  | 'publicIPAddresses'
  | 'virtualNetworks'
>;

function networkKind(collection: NetworkCollection): KindOps {
  return {
    get: async (c, id) => view(await c.network[collection].get(id.resourceGroup, id.name)),
    beginDelete: (c, id) => c.network[collection].beginDelete(id.resourceGroup, id.name),
    list: (c, rg) => c.network[collection].list(rg),
  };
}

/**
 * How teardown reads, deletes and lists each kind: a kind added to lib/resourceKinds.ts does not compile until it has
 * its entry here.
 */
const TEARDOWN: Readonly<Record<ResourceKindKey, KindOps>> = {
  resourceGroup: {
    get: async (c, id) => {
      const group = await c.resourceManager.resourceGroups.get(id.resourceGroup);
      return view({
        ...(group.properties?.provisioningState !== undefined
          ? { provisioningState: group.properties.provisioningState }
          : {}),
        ...(group.tags ? { tags: group.tags } : {}),
      });
    },
    beginDelete: (c, id) => c.resourceManager.resourceGroups.beginDelete(id.resourceGroup),
  },
  virtualNetwork: networkKind('virtualNetworks'),
  publicIp: networkKind('publicIPAddresses'),
  gateway: networkKind('virtualNetworkGateways'),
  networkInterface: networkKind('networkInterfaces'),
  virtualMachine: {
    get: async (c, id) => view(await c.compute.virtualMachines.get(id.resourceGroup, id.name)),
    beginDelete: (c, id) => c.compute.virtualMachines.beginDelete(id.resourceGroup, id.name),
    list: (c, rg) => c.compute.virtualMachines.list(rg),
  },
  osDisk: {
    get: async (c, id) => view(await c.compute.disks.get(id.resourceGroup, id.name)),
    beginDelete: (c, id) => c.compute.disks.beginDelete(id.resourceGroup, id.name),
    list: (c, rg) => c.compute.disks.listByResourceGroup(rg),
  },
  localNetworkGateway: networkKind('localNetworkGateways'),
  connection: networkKind('virtualNetworkGatewayConnections'),
};

/** Every kind with its handler, in delete order (dependents first; the resource group, which lists nothing, last). */
export function deletableKinds(): { key: ResourceKindKey; ops: KindOps }[] {
  return DELETE_ORDER.map((key) => ({ key, ops: TEARDOWN[key] }));
}

/** The teardown handler of an ARM type's kind; undefined for a type no kind has. */
export function kindOf(type: string): KindOps | undefined {
  const key = kindOfArmType(type);
  return key === undefined ? undefined : TEARDOWN[key];
}
