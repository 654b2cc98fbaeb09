// The resource types teardown knows, by ARM type: how to read one (state and tags) and how to start deleting it,
// each through its own cloud's typed client (so every call uses that cloud's api-version), and the order in which
// they must go (dependents first).
import type { ArmClients, ParsedResourceId } from '../../lib/clouds';
import { RESOURCE_GROUP_TYPE } from '../../lib/clouds';
import { DISKS, NETWORK, VIRTUAL_MACHINES } from './site';

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

const KINDS: ReadonlyMap<string, KindOps> = new Map<string, KindOps>([
  [NETWORK.connections, networkKind('virtualNetworkGatewayConnections')],
  [NETWORK.localNetworkGateways, networkKind('localNetworkGateways')],
  [
    VIRTUAL_MACHINES,
    {
      get: async (c, id) => view(await c.compute.virtualMachines.get(id.resourceGroup, id.name)),
      beginDelete: (c, id) => c.compute.virtualMachines.beginDelete(id.resourceGroup, id.name),
      list: (c, rg) => c.compute.virtualMachines.list(rg),
    },
  ],
  [
    DISKS,
    {
      get: async (c, id) => view(await c.compute.disks.get(id.resourceGroup, id.name)),
      beginDelete: (c, id) => c.compute.disks.beginDelete(id.resourceGroup, id.name),
      list: (c, rg) => c.compute.disks.listByResourceGroup(rg),
    },
  ],
  [NETWORK.networkInterfaces, networkKind('networkInterfaces')],
  [NETWORK.virtualNetworkGateways, networkKind('virtualNetworkGateways')],
  [NETWORK.publicIPAddresses, networkKind('publicIPAddresses')],
  [NETWORK.virtualNetworks, networkKind('virtualNetworks')],
  [
    RESOURCE_GROUP_TYPE,
    {
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
  ],
]);

/** Delete order: the position in this list (dependents first); the resource group always goes last. */
export const DELETE_ORDER: readonly string[] = [
  NETWORK.connections,
  NETWORK.localNetworkGateways,
  VIRTUAL_MACHINES,
  // A VM's OS disk can only go once the VM has released it.
  DISKS,
  NETWORK.networkInterfaces,
  NETWORK.virtualNetworkGateways,
  NETWORK.publicIPAddresses,
  NETWORK.virtualNetworks,
];

/** The types teardown lists and deletes, in delete order. */
export function deletableKinds(): { type: string; ops: KindOps }[] {
  return DELETE_ORDER.map((type) => ({ type, ops: kindOf(type) as KindOps }));
}

export function kindOf(type: string): KindOps | undefined {
  for (const [known, ops] of KINDS) if (known.toLowerCase() === type.toLowerCase()) return ops;
  return undefined;
}
