// The resource types a hybrid connection makes on each site, in one list: each kind's ARM type, the stage that
// creates it, what people call it, the names it owns and what it depends on. What else is per type either derives
// from here (ARM types, site names and their length limits, the teardown order) or is a table keyed by
// ResourceKindKey that does not compile while a kind lacks its entry: the teardown handler
// (activities/shared/resourceKinds.ts), the preview (lib/preflight/diff.ts), the ARM permissions
// (lib/preflight/planActions.ts). Pure constants and functions only: orchestrations import it.
import type { ProgressStage } from './stages';

/** What a site's names are made of: the connection's name, and the peer site's slug for what points at the peer. */
interface NameParts {
  name: string;
  peer: string;
}

export interface NameRule {
  of: (parts: NameParts) => string;
  /** ARM's length limit for it (Microsoft.Network and Microsoft.Compute naming rules). */
  maxLength: number;
}

interface ResourceKind<Key extends string = ResourceKindKey> {
  /** The type as ARM ids spell it (`Microsoft.Network/virtualNetworks`). */
  armType: string;
  /** The stage that creates it. */
  stage: ProgressStage;
  /** What people call it in messages. */
  title: string;
  /** The names it owns in a site's names: its own, and its parts' (subnets, the VM's host name). */
  names: Readonly<Record<string, NameRule>>;
  /** What it needs to exist and holds while it exists: teardown deletes it before every one of these. */
  dependsOn: readonly Key[];
}

/** Azure requires this exact subnet name for a virtual network gateway. */
const GATEWAY_SUBNET_NAME = 'GatewaySubnet';

/** The list's shape: every kind complete, and each depending only on kinds the list has. */
function kindList<T extends { [Key in keyof T]: ResourceKind<keyof T & string> }>(kinds: T): T {
  return kinds;
}

/** Every kind, in the order a run writes them (their stages' order; the OS disk comes with its VM). */
export const RESOURCE_KINDS = kindList({
  resourceGroup: {
    armType: 'Microsoft.Resources/resourceGroups',
    stage: 'resourceGroup',
    title: 'resource group',
    // The plan names the group (lib/naming gives the default), so it is no name of the site's.
    names: {},
    dependsOn: [],
  },
  virtualNetwork: {
    armType: 'Microsoft.Network/virtualNetworks',
    stage: 'virtualNetwork',
    title: 'virtual network',
    names: {
      virtualNetwork: { of: ({ name }) => `vnet-${name}`, maxLength: 64 },
      workloadSubnet: { of: ({ name }) => `snet-${name}-workload`, maxLength: 80 },
      gatewaySubnet: { of: () => GATEWAY_SUBNET_NAME, maxLength: 80 },
    },
    dependsOn: ['resourceGroup'],
  },
  publicIp: {
    armType: 'Microsoft.Network/publicIPAddresses',
    stage: 'publicIp',
    title: 'gateway public IP',
    names: { gatewayPublicIp: { of: ({ name }) => `pip-${name}-vgw`, maxLength: 80 } },
    dependsOn: ['resourceGroup'],
  },
  gateway: {
    armType: 'Microsoft.Network/virtualNetworkGateways',
    stage: 'gateway',
    title: 'VPN gateway',
    names: { virtualNetworkGateway: { of: ({ name }) => `vgw-${name}`, maxLength: 80 } },
    dependsOn: ['virtualNetwork', 'publicIp'],
  },
  networkInterface: {
    armType: 'Microsoft.Network/networkInterfaces',
    stage: 'networkInterface',
    title: 'VM network interface',
    names: { networkInterface: { of: ({ name }) => `nic-${name}-vm`, maxLength: 80 } },
    dependsOn: ['virtualNetwork'],
  },
  virtualMachine: {
    armType: 'Microsoft.Compute/virtualMachines',
    stage: 'virtualMachine',
    title: 'virtual machine',
    names: {
      virtualMachine: { of: ({ name }) => `vm-${name}`, maxLength: 64 },
      // The VM's host name (Linux: up to 64 characters).
      computerName: { of: ({ name }) => `vm-${name}`, maxLength: 64 },
    },
    // Its OS disk is made with it, and can only go once the VM has released it.
    dependsOn: ['networkInterface', 'osDisk'],
  },
  osDisk: {
    armType: 'Microsoft.Compute/disks',
    // CRP creates it with the VM: no stage of ours writes it or records its id.
    stage: 'virtualMachine',
    title: 'VM OS disk',
    names: { osDisk: { of: ({ name }) => `osdisk-${name}-vm`, maxLength: 80 } },
    dependsOn: ['resourceGroup'],
  },
  localNetworkGateway: {
    armType: 'Microsoft.Network/localNetworkGateways',
    stage: 'localNetworkGateway',
    title: 'local network gateway',
    names: { localNetworkGateway: { of: ({ name, peer }) => `lgw-${name}-to-${peer}`, maxLength: 80 } },
    dependsOn: ['resourceGroup'],
  },
  connection: {
    armType: 'Microsoft.Network/connections',
    stage: 'connection',
    title: 'IPsec connection',
    names: { connection: { of: ({ name, peer }) => `cn-${name}-to-${peer}`, maxLength: 80 } },
    dependsOn: ['gateway', 'localNetworkGateway'],
  },
});

export type ResourceKindKey = keyof typeof RESOURCE_KINDS;

/** The kinds' keys, in the list's order (the order a run writes them). */
export const RESOURCE_KIND_KEYS = Object.keys(RESOURCE_KINDS) as readonly ResourceKindKey[];

/** The list read through the common shape (the literal one above keeps each kind's name keys for the types). */
const KINDS: Readonly<Record<ResourceKindKey, ResourceKind>> = RESOURCE_KINDS;

/** Every name a site has: the names each kind owns, together. */
export type SiteNameKey = { [K in ResourceKindKey]: keyof (typeof RESOURCE_KINDS)[K]['names'] }[ResourceKindKey];

/** Each site name's rule, in the order a run writes what owns it. */
export const SITE_NAME_RULES = Object.fromEntries(
  RESOURCE_KIND_KEYS.flatMap((key) => Object.entries(KINDS[key].names)),
) as Readonly<Record<SiteNameKey, NameRule>>;

/** Each kind's ARM type. */
export const ARM_TYPES = Object.fromEntries(RESOURCE_KIND_KEYS.map((key) => [key, KINDS[key].armType])) as Readonly<
  Record<ResourceKindKey, string>
>;

/** The kind an ARM type (as an id spells it, in any case) belongs to; undefined for a type no kind has. */
export function kindOfArmType(type: string): ResourceKindKey | undefined {
  return RESOURCE_KIND_KEYS.find((key) => KINDS[key].armType.toLowerCase() === type.toLowerCase());
}

/**
 * The teardown order, dependents first: a kind goes only once nothing still standing depends on it, and of the kinds
 * free to go the one a run writes last goes first. The resource group, which everything needs, comes last.
 */
export const DELETE_ORDER: readonly ResourceKindKey[] = deleteOrder();

function deleteOrder(): ResourceKindKey[] {
  const standing: ResourceKindKey[] = [...RESOURCE_KIND_KEYS].reverse();
  const order: ResourceKindKey[] = [];
  while (standing.length > 0) {
    const free = standing.find((key) => !standing.some((other) => KINDS[other].dependsOn.includes(key)));
    // A cycle would leave nothing free: refuse the list at load rather than tear down in an arbitrary order.
    if (free === undefined) throw new Error(`resource kinds depend on each other in a cycle: ${standing.join(', ')}`);
    order.push(free);
    standing.splice(standing.indexOf(free), 1);
  }
  return order;
}
