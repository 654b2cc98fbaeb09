// The ARM actions a run writes, per resource kind in the order the run writes them, and the deletes teardown (or
// a rollback) needs, in the order it deletes. Writes missing from the identity's permissions fail the pre-flight;
// deletes only warn: the run itself never deletes. Operation names as ARM registers them
// (https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations).
import { ARM_TYPES, DELETE_ORDER, RESOURCE_KIND_KEYS, RESOURCE_KINDS, type ResourceKindKey } from '../resourceKinds';

export interface PlannedAction {
  action: string;
  /** The resource the run writes it for (for messages). */
  for: string;
}

const W = (action: string, what: string): PlannedAction => ({ action, for: what });

/** `<kind's ARM type>/<operation>`, for the kind (by its title unless said otherwise). */
const own = (kind: ResourceKindKey, operation: string, what: string = RESOURCE_KINDS[kind].title): PlannedAction =>
  W(`${ARM_TYPES[kind]}/${operation}`, what);

/**
 * What each resource kind (lib/resourceKinds.ts) needs: to create it, joins on what it uses included (putting a NIC
 * in a subnet is a join on the subnet), and to tear it down. A kind added there does not compile until it has its
 * entry here.
 */
const KIND_ACTIONS: Readonly<
  Record<ResourceKindKey, { provision: readonly PlannedAction[]; teardown: readonly PlannedAction[] }>
> = {
  resourceGroup: {
    // Role definitions spell a group's operations under its subscription.
    provision: [W('Microsoft.Resources/subscriptions/resourceGroups/write', RESOURCE_KINDS.resourceGroup.title)],
    teardown: [W('Microsoft.Resources/subscriptions/resourceGroups/delete', RESOURCE_KINDS.resourceGroup.title)],
  },
  virtualNetwork: {
    provision: [own('virtualNetwork', 'write'), own('virtualNetwork', 'subnets/write', 'subnets')],
    teardown: [own('virtualNetwork', 'delete')],
  },
  publicIp: { provision: [own('publicIp', 'write')], teardown: [own('publicIp', 'delete')] },
  gateway: {
    provision: [
      own('gateway', 'write'),
      own('virtualNetwork', 'subnets/join/action', 'gateway and NIC in their subnets'),
      own('publicIp', 'join/action'),
    ],
    teardown: [own('gateway', 'delete')],
  },
  networkInterface: {
    provision: [own('networkInterface', 'write'), own('networkInterface', 'join/action')],
    teardown: [own('networkInterface', 'delete')],
  },
  virtualMachine: { provision: [own('virtualMachine', 'write')], teardown: [own('virtualMachine', 'delete')] },
  osDisk: {
    // CRP creates it within the VM's write; teardown claims it by tagging it first (activities/shared/osDisks.ts).
    provision: [],
    teardown: [own('osDisk', 'write', 'VM OS disk (tagged before delete)'), own('osDisk', 'delete')],
  },
  localNetworkGateway: {
    provision: [own('localNetworkGateway', 'write')],
    teardown: [own('localNetworkGateway', 'delete')],
  },
  connection: {
    provision: [own('connection', 'write'), own('connection', 'sharedKey/write', 'IPsec connection shared key')],
    teardown: [own('connection', 'delete')],
  },
};

/** Everything provisioning writes, kind by kind in the order the run writes them. */
export const PROVISION_ACTIONS: readonly PlannedAction[] = RESOURCE_KIND_KEYS.flatMap(
  (kind) => KIND_ACTIONS[kind].provision,
);

/** The connectivity check runs `ping` on the Azure VM through Run Command (orchestrations/verifyConnectivity.ts). */
export const VERIFY_ACTIONS: readonly PlannedAction[] = [
  own('virtualMachine', 'runCommand/action', 'connectivity ping'),
];

/** What a run writes on `cloud`: everything, plus Run Command on Azure when connectivity is verified. */
export function provisionActions(cloud: 'azure' | 'azureStack', verifyConnectivity: boolean): PlannedAction[] {
  return [...PROVISION_ACTIONS, ...(cloud === 'azure' && verifyConnectivity ? VERIFY_ACTIONS : [])];
}

/** What teardown and rollback delete, kind by kind in delete order (the OS disk is claimed by tagging it first). */
export const TEARDOWN_ACTIONS: readonly PlannedAction[] = DELETE_ORDER.flatMap((kind) => KIND_ACTIONS[kind].teardown);
