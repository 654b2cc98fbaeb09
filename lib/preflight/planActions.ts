// The ARM actions a run writes, per resource type in the order the run writes them, and the deletes teardown (or
// a rollback) needs. Writes missing from the identity's permissions fail the pre-flight; deletes only warn: the
// run itself never deletes. Operation names as ARM registers them
// (https://learn.microsoft.com/azure/role-based-access-control/resource-provider-operations).

export interface PlannedAction {
  action: string;
  /** The resource the run writes it for (for messages). */
  for: string;
}

const W = (action: string, what: string): PlannedAction => ({ action, for: what });

/** Everything provisioning writes (joins included: putting a NIC in a subnet is a join on the subnet). */
export const PROVISION_ACTIONS: readonly PlannedAction[] = [
  W('Microsoft.Resources/subscriptions/resourceGroups/write', 'resource group'),
  W('Microsoft.Network/virtualNetworks/write', 'virtual network'),
  W('Microsoft.Network/virtualNetworks/subnets/write', 'subnets'),
  W('Microsoft.Network/publicIPAddresses/write', 'gateway public IP'),
  W('Microsoft.Network/virtualNetworkGateways/write', 'VPN gateway'),
  W('Microsoft.Network/virtualNetworks/subnets/join/action', 'gateway and NIC in their subnets'),
  W('Microsoft.Network/publicIPAddresses/join/action', 'gateway public IP'),
  W('Microsoft.Network/networkInterfaces/write', 'VM network interface'),
  W('Microsoft.Network/networkInterfaces/join/action', 'VM network interface'),
  W('Microsoft.Compute/virtualMachines/write', 'virtual machine'),
  W('Microsoft.Network/localNetworkGateways/write', 'local network gateway'),
  W('Microsoft.Network/connections/write', 'IPsec connection'),
  W('Microsoft.Network/connections/sharedKey/write', 'IPsec connection shared key'),
];

/** The connectivity check runs `ping` on the Azure VM through Run Command (orchestrations/verifyConnectivity.ts). */
export const VERIFY_ACTIONS: readonly PlannedAction[] = [
  W('Microsoft.Compute/virtualMachines/runCommand/action', 'connectivity ping'),
];

/** What a run writes on `cloud`: everything, plus Run Command on Azure when connectivity is verified. */
export function provisionActions(cloud: 'azure' | 'azureStack', verifyConnectivity: boolean): PlannedAction[] {
  return [...PROVISION_ACTIONS, ...(cloud === 'azure' && verifyConnectivity ? VERIFY_ACTIONS : [])];
}

/** What teardown and rollback delete (the OS disk is claimed by tagging it first). */
export const TEARDOWN_ACTIONS: readonly PlannedAction[] = [
  W('Microsoft.Network/connections/delete', 'IPsec connection'),
  W('Microsoft.Network/localNetworkGateways/delete', 'local network gateway'),
  W('Microsoft.Compute/virtualMachines/delete', 'virtual machine'),
  W('Microsoft.Compute/disks/write', 'VM OS disk (tagged before delete)'),
  W('Microsoft.Compute/disks/delete', 'VM OS disk'),
  W('Microsoft.Network/networkInterfaces/delete', 'VM network interface'),
  W('Microsoft.Network/virtualNetworkGateways/delete', 'VPN gateway'),
  W('Microsoft.Network/publicIPAddresses/delete', 'gateway public IP'),
  W('Microsoft.Network/virtualNetworks/delete', 'virtual network'),
  W('Microsoft.Resources/subscriptions/resourceGroups/delete', 'resource group'),
];
