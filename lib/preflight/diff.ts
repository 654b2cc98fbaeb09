// The preview of a run, per resource in the order the run writes them: create, update, no-change or conflict,
// with the fields that would change. It compares exactly what the activities set (address space, subnets, SKUs,
// gateway type, LGW address and prefixes, whether a shared key is set, the IPsec policy, VM size and image) and
// decides as they do: what an activity adopts as it is but differs from the plan is a conflict (the run would end
// with something else than planned), what an activity rewrites is an update. Pure: the reads happen elsewhere.
import type {
  ConnectionModel,
  LocalNetworkGatewayModel,
  NetworkInterfaceModel,
  PublicIpAddressModel,
  ResourceGroupModel,
  VirtualNetworkGatewayModel,
  VirtualNetworkModel,
} from '../clouds/armOperations';
import { ipsecPoliciesEqual, type IpsecPolicy } from '../ipsec';
import { isManagedBy, type SiteResourceNames } from '../naming';
import { ARM_TYPES, RESOURCE_KIND_KEYS, type ResourceKindKey } from '../resourceKinds';

import type { FieldChange, ResourceDiff } from './report';

export type { DiffAction, FieldChange, ResourceDiff } from './report';

/** The VM fields the preview reads (both compute generations). */
export interface VirtualMachineView {
  tags?: Record<string, string>;
  provisioningState?: string;
  hardwareProfile?: { vmSize?: string };
  storageProfile?: { imageReference?: { publisher?: string; offer?: string; sku?: string; version?: string } };
}

/** What the run would write on one site (names come from lib/naming). */
export interface PlannedSite {
  connectionName: string;
  location: string;
  resourceGroup: string;
  names: SiteResourceNames;
  addressSpace: readonly string[];
  workloadSubnet: string;
  gatewaySubnet: string;
  publicIp: { sku: string; allocation: string; zones: readonly string[] };
  gatewaySku: string;
  vm: { size: string; image: { publisher: string; offer: string; sku: string; version: string } };
  /** The peer side as far as known before the run: its address space, and its gateway's IP once it has one. */
  peer: { addressSpace: readonly string[]; gatewayIpAddress?: string };
  /** Undefined = the cloud's default offer (no explicit policy on the connection). */
  ipsecPolicy?: IpsecPolicy;
  /** Adopt same-named resources that lack this connection's tags instead of refusing them. */
  adopt: boolean;
}

/** What exists now, as read (undefined = 404). `sharedKeySet` is whether the connection has a key, never the key. */
export interface LiveSite {
  resourceGroup?: ResourceGroupModel;
  virtualNetwork?: VirtualNetworkModel;
  publicIp?: PublicIpAddressModel;
  gateway?: VirtualNetworkGatewayModel;
  networkInterface?: NetworkInterfaceModel;
  virtualMachine?: VirtualMachineView;
  localNetworkGateway?: LocalNetworkGatewayModel;
  connection?: ConnectionModel;
  connectionSharedKeySet?: boolean;
}

const PEER_IP_UNKNOWN = '(the peer gateway IP, once it has one)';

type Preview = (plan: PlannedSite, live: LiveSite) => ResourceDiff;

/**
 * How the preview compares each resource kind (lib/resourceKinds.ts), or null for one it does not compare: a kind
 * added there does not compile until it has its entry here.
 */
const PREVIEWS: Readonly<Record<ResourceKindKey, Preview | null>> = {
  resourceGroup: (plan, live) => resourceGroupDiff(plan, live.resourceGroup),
  virtualNetwork: (plan, live) => virtualNetworkDiff(plan, live.virtualNetwork),
  publicIp: (plan, live) => publicIpDiff(plan, live.publicIp),
  gateway: (plan, live) => gatewayDiff(plan, live.gateway),
  networkInterface: (plan, live) => networkInterfaceDiff(plan, live.networkInterface, live.virtualNetwork),
  virtualMachine: (plan, live) => virtualMachineDiff(plan, live.virtualMachine),
  // CRP makes it with the VM from the VM's image, which the VM's entry compares.
  osDisk: null,
  localNetworkGateway: (plan, live) => localNetworkGatewayDiff(plan, live.localNetworkGateway),
  connection: (plan, live) => connectionDiff(plan, live.connection, live.connectionSharedKeySet),
};

/** One entry per compared kind, in the order the run writes them. */
export function diffSite(plan: PlannedSite, live: LiveSite): ResourceDiff[] {
  return RESOURCE_KIND_KEYS.flatMap((kind) => {
    const preview = PREVIEWS[kind];
    return preview ? [preview(plan, live)] : [];
  });
}

function resourceGroupDiff(plan: PlannedSite, group: ResourceGroupModel | undefined): ResourceDiff {
  const base = { resourceType: ARM_TYPES.resourceGroup, name: plan.resourceGroup };
  if (!group) return { ...base, action: 'create' };
  // A group may hold other things: it is adopted whoever made it, but never moved.
  if (normal(group.location) !== normal(plan.location)) {
    return {
      ...base,
      action: 'conflict',
      fields: [{ field: 'location', old: group.location, new: plan.location }],
      reason: 'a resource group cannot move: use its location in the plan, or another resourceGroup',
    };
  }
  return { ...base, action: 'no-change' };
}

function virtualNetworkDiff(plan: PlannedSite, vnet: VirtualNetworkModel | undefined): ResourceDiff {
  const base = { resourceType: ARM_TYPES.virtualNetwork, name: plan.names.virtualNetwork };
  if (!vnet) return { ...base, action: 'create' };
  const foreign = notOurs(plan, vnet.tags);
  if (foreign) return { ...base, ...foreign };
  if (isFailed(vnet.provisioningState)) return { ...base, action: 'update', reason: 'it ended Failed: put again' };
  const space = vnet.addressSpace?.addressPrefixes ?? [];
  if (!sameSet(space, plan.addressSpace)) {
    return {
      ...base,
      action: 'conflict',
      fields: [{ field: 'addressSpace', old: list(space), new: list(plan.addressSpace) }],
      reason: 'the run never changes an existing address space: make the plan match, or delete the VNet',
    };
  }
  const fields: FieldChange[] = [];
  const conflicts: FieldChange[] = [];
  for (const [name, prefix] of [
    [plan.names.workloadSubnet, plan.workloadSubnet],
    [plan.names.gatewaySubnet, plan.gatewaySubnet],
  ] as const) {
    const subnet = (vnet.subnets ?? []).find((s) => normal(s.name) === normal(name));
    const field = `subnets.${name}`;
    if (!subnet) fields.push({ field, old: '(none)', new: prefix });
    else {
      const prefixes = subnet.addressPrefixes ?? (subnet.addressPrefix !== undefined ? [subnet.addressPrefix] : []);
      if (!sameSet(prefixes, [prefix])) conflicts.push({ field, old: list(prefixes), new: prefix });
    }
  }
  if (conflicts.length > 0) {
    return {
      ...base,
      action: 'conflict',
      fields: conflicts,
      reason: 'the run never changes an existing subnet: make the plan match, or delete the subnet',
    };
  }
  return fields.length > 0 ? { ...base, action: 'update', fields } : { ...base, action: 'no-change' };
}

function publicIpDiff(plan: PlannedSite, ip: PublicIpAddressModel | undefined): ResourceDiff {
  const base = { resourceType: ARM_TYPES.publicIp, name: plan.names.gatewayPublicIp };
  if (!ip) return { ...base, action: 'create' };
  const foreign = notOurs(plan, ip.tags);
  if (foreign) return { ...base, ...foreign };
  if (isFailed(ip.provisioningState)) return { ...base, action: 'update', reason: 'it ended Failed: put again' };
  // Adopted as it is (its address must not change): another SKU, or no zones under an AZ gateway, would make the
  // gateway fail; ARM cannot change an existing public IP's zones either.
  const fields = changed([
    ['sku', ip.sku?.name, plan.publicIp.sku],
    ['publicIPAllocationMethod', ip.publicIPAllocationMethod, plan.publicIp.allocation],
  ]);
  const zones = ip.zones ?? [];
  if (!sameSet(zones, plan.publicIp.zones))
    fields.push({ field: 'zones', old: list(zones), new: list(plan.publicIp.zones) });
  return fields.length > 0
    ? {
        ...base,
        action: 'conflict',
        fields,
        reason: 'an existing public IP is adopted as it is: delete it or let the run use another name',
      }
    : { ...base, action: 'no-change' };
}

function gatewayDiff(plan: PlannedSite, gateway: VirtualNetworkGatewayModel | undefined): ResourceDiff {
  const base = { resourceType: ARM_TYPES.gateway, name: plan.names.virtualNetworkGateway };
  if (!gateway) return { ...base, action: 'create' };
  const foreign = notOurs(plan, gateway.tags);
  if (foreign) return { ...base, ...foreign };
  if (isFailed(gateway.provisioningState))
    return { ...base, action: 'update', reason: 'it ended Failed: the run submits it again' };
  const fields = changed([
    ['gatewayType', gateway.gatewayType, 'Vpn'],
    ['vpnType', gateway.vpnType, 'RouteBased'],
    ['sku', gateway.sku?.name, plan.gatewaySku],
  ]);
  return fields.length > 0
    ? {
        ...base,
        action: 'conflict',
        fields,
        reason: 'an existing gateway is adopted as it is: resize it, or change the plan',
      }
    : { ...base, action: 'no-change' };
}

function networkInterfaceDiff(
  plan: PlannedSite,
  nic: NetworkInterfaceModel | undefined,
  vnet: VirtualNetworkModel | undefined,
): ResourceDiff {
  const base = { resourceType: ARM_TYPES.networkInterface, name: plan.names.networkInterface };
  if (!nic) return { ...base, action: 'create' };
  const foreign = notOurs(plan, nic.tags);
  if (foreign) return { ...base, ...foreign };
  if (isFailed(nic.provisioningState)) return { ...base, action: 'update', reason: 'it ended Failed: put again' };
  const subnetId = nic.ipConfigurations?.[0]?.subnet?.id ?? '';
  const wanted = `${vnet?.id ?? plan.names.virtualNetwork}/subnets/${plan.names.workloadSubnet}`;
  if (
    !subnetId
      .toLowerCase()
      .endsWith(
        `/${ARM_TYPES.virtualNetwork}/${plan.names.virtualNetwork}/subnets/${plan.names.workloadSubnet}`.toLowerCase(),
      )
  ) {
    return {
      ...base,
      action: 'conflict',
      fields: [{ field: 'subnet', old: subnetId || '(none)', new: wanted }],
      reason: 'the network interface is in another subnet: delete it (and its VM) or make the plan match',
    };
  }
  return { ...base, action: 'no-change' };
}

function virtualMachineDiff(plan: PlannedSite, vm: VirtualMachineView | undefined): ResourceDiff {
  const base = { resourceType: ARM_TYPES.virtualMachine, name: plan.names.virtualMachine };
  if (!vm) return { ...base, action: 'create' };
  const foreign = notOurs(plan, vm.tags);
  if (foreign) return { ...base, ...foreign };
  if (isFailed(vm.provisioningState))
    return { ...base, action: 'update', reason: 'it ended Failed: the run submits it again' };
  const image = vm.storageProfile?.imageReference;
  const wanted = plan.vm.image;
  const fields = changed([
    ['size', vm.hardwareProfile?.vmSize, plan.vm.size],
    [
      'image',
      image && `${image.publisher}:${image.offer}:${image.sku}`,
      `${wanted.publisher}:${wanted.offer}:${wanted.sku}`,
    ],
  ]);
  return fields.length > 0
    ? {
        ...base,
        action: 'conflict',
        fields,
        reason: 'an existing VM is adopted as it is: delete it or change the plan',
      }
    : { ...base, action: 'no-change' };
}

function localNetworkGatewayDiff(plan: PlannedSite, lgw: LocalNetworkGatewayModel | undefined): ResourceDiff {
  const base = { resourceType: ARM_TYPES.localNetworkGateway, name: plan.names.localNetworkGateway };
  if (!lgw) return { ...base, action: 'create' };
  const foreign = notOurs(plan, lgw.tags);
  if (foreign) return { ...base, ...foreign };
  const fields: FieldChange[] = [];
  const ip = plan.peer.gatewayIpAddress;
  if (ip === undefined) {
    // The peer gateway has no address yet (it is created in this run): the LGW will be rewritten with it.
    fields.push({ field: 'gatewayIpAddress', old: lgw.gatewayIpAddress ?? '(none)', new: PEER_IP_UNKNOWN });
  } else if (lgw.gatewayIpAddress !== ip) {
    fields.push({ field: 'gatewayIpAddress', old: lgw.gatewayIpAddress ?? '(none)', new: ip });
  }
  const prefixes = lgw.localNetworkAddressSpace?.addressPrefixes ?? [];
  if (!sameSet(prefixes, plan.peer.addressSpace))
    fields.push({ field: 'localNetworkAddressSpace', old: list(prefixes), new: list(plan.peer.addressSpace) });
  if (isFailed(lgw.provisioningState)) {
    return {
      ...base,
      action: 'update',
      ...(fields.length > 0 ? { fields } : {}),
      reason: 'it ended Failed: put again',
    };
  }
  return fields.length > 0 ? { ...base, action: 'update', fields } : { ...base, action: 'no-change' };
}

/**
 * A site's diff once the peer gateway's address is known (a preview reads both sites before either diff is final):
 * the local network gateway's `gatewayIpAddress`, left open by diffSite, becomes a real comparison.
 */
export function settlePeerAddress(diff: readonly ResourceDiff[], peerGatewayIpAddress: string): ResourceDiff[] {
  return diff.map((entry) => {
    if (entry.resourceType !== ARM_TYPES.localNetworkGateway || entry.action !== 'update') return entry;
    const open = entry.fields?.find((f) => f.field === 'gatewayIpAddress' && f.new === PEER_IP_UNKNOWN);
    if (!open) return entry;
    const fields = (entry.fields ?? [])
      .filter((f) => f !== open || f.old !== peerGatewayIpAddress)
      .map((f) => (f === open ? { ...f, new: peerGatewayIpAddress } : f));
    if (fields.length > 0) return { ...entry, fields };
    const settled: ResourceDiff = { resourceType: entry.resourceType, name: entry.name, action: entry.action };
    // A Failed one is put again whatever its address: only a gateway with nothing left to change is no-change.
    return entry.reason !== undefined ? { ...settled, reason: entry.reason } : { ...settled, action: 'no-change' };
  });
}

function connectionDiff(
  plan: PlannedSite,
  connection: ConnectionModel | undefined,
  keySet: boolean | undefined,
): ResourceDiff {
  const base = { resourceType: ARM_TYPES.connection, name: plan.names.connection };
  if (!connection) return { ...base, action: 'create' };
  const foreign = notOurs(plan, connection.tags);
  if (foreign) return { ...base, ...foreign };
  const fields: FieldChange[] = [];
  const refEnds = (id: string | undefined, type: string, name: string): boolean =>
    (id ?? '').toLowerCase().endsWith(`/${type}/${name}`.toLowerCase());
  if (!refEnds(connection.virtualNetworkGateway1?.id, ARM_TYPES.gateway, plan.names.virtualNetworkGateway))
    fields.push({
      field: 'virtualNetworkGateway1',
      old: connection.virtualNetworkGateway1?.id ?? '(none)',
      new: plan.names.virtualNetworkGateway,
    });
  if (!refEnds(connection.localNetworkGateway2?.id, ARM_TYPES.localNetworkGateway, plan.names.localNetworkGateway))
    fields.push({
      field: 'localNetworkGateway2',
      old: connection.localNetworkGateway2?.id ?? '(none)',
      new: plan.names.localNetworkGateway,
    });
  const current = connection.ipsecPolicies ?? [];
  const wanted = plan.ipsecPolicy ? [plan.ipsecPolicy] : [];
  const samePolicies =
    current.length === wanted.length &&
    current.every((p, i) => wanted[i] !== undefined && ipsecPoliciesEqual(p, wanted[i]));
  if (!samePolicies) fields.push({ field: 'ipsecPolicies', old: policyText(current), new: policyText(wanted) });
  // Only whether a key is set is known here; the run compares the value with Key Vault's, inside its activity.
  if (keySet === false) fields.push({ field: 'sharedKey', old: '(not set)', new: '(from Key Vault)' });
  return fields.length > 0 || isFailed(connection.provisioningState)
    ? { ...base, action: 'update', ...(fields.length > 0 ? { fields } : {}) }
    : { ...base, action: 'no-change' };
}

/** A same-named resource without this connection's tags: a conflict, unless the caller asked to adopt it. */
function notOurs(
  plan: PlannedSite,
  tags: Record<string, string> | undefined,
): Pick<ResourceDiff, 'action' | 'reason'> | undefined {
  if (plan.adopt || isManagedBy(tags, plan.connectionName)) return undefined;
  return {
    action: 'conflict',
    reason: `it exists without the tags of connection ${plan.connectionName}: something else made it; rename the connection, delete the resource, or adopt it`,
  };
}

function changed(pairs: readonly (readonly [string, string | undefined, string])[]): FieldChange[] {
  return pairs
    .filter(([, old, wanted]) => normal(old) !== normal(wanted))
    .map(([field, old, wanted]) => ({ field, old: old ?? '(none)', new: wanted }));
}

function policyText(policies: readonly IpsecPolicy[]): string {
  if (policies.length === 0) return '(default)';
  return policies
    .map(
      (p) =>
        `${p.ikeEncryption}/${p.ikeIntegrity}/${p.dhGroup} ${p.ipsecEncryption}/${p.ipsecIntegrity}/${p.pfsGroup} ${p.saLifeTimeSeconds}s/${p.saDataSizeKilobytes}KB`,
    )
    .join('; ');
}

function isFailed(state: string | undefined): boolean {
  return state !== undefined && ['failed', 'canceled'].includes(state.toLowerCase());
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map((x) => x.toLowerCase()));
  const right = new Set(b.map((x) => x.toLowerCase()));
  return left.size === right.size && [...left].every((x) => right.has(x));
}

function list(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.join(', ');
}

function normal(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, '').toLowerCase();
}
