// The `conflicts` check: what the preview found in the way (a same-named resource without our tags, a VNet with
// another address space, a gateway of another SKU …) and the other VNets of the subscription whose address space
// overlaps the plan's. Also what the run will create, for the quota checks.
import { ARM_TYPES } from '../../lib/resourceKinds';
import { siteProfile } from '../../lib/sites/profiles';
import {
  failed,
  ok,
  overlappingVnets,
  type CheckResult,
  type ExistingVnet,
  type ResourceDiff,
  type SiteCreations,
  warning,
} from '../../lib/preflight';
import type { CloudId } from '../../lib/cloudIds';

export function conflictsCheck(
  cloud: CloudId,
  diff: readonly ResourceDiff[],
  addressSpace: readonly string[],
  vnets: readonly ExistingVnet[],
  ownVnetId: string,
): CheckResult {
  const problems: string[] = [];
  for (const entry of diff.filter((d) => d.action === 'conflict')) {
    const fields = (entry.fields ?? []).map((f) => `${f.field} ${f.old} -> ${f.new}`).join(', ');
    problems.push(`${entry.resourceType} ${entry.name}: ${[fields, entry.reason].filter(Boolean).join('; ')}`);
  }
  const overlaps = overlappingVnets(addressSpace, vnets, ownVnetId).map((overlap) => {
    const pairs = overlap.pairs.map((p) => `${p.planned} overlaps ${p.existing}`).join(', ');
    return `virtual network ${overlap.vnet.id}: ${pairs}`;
  });
  if (problems.length > 0) {
    return failed(
      cloud,
      'conflicts',
      [...problems, ...overlaps].join(' | '),
      'change the plan (name, address space, SKU) or remove what is in the way; resources without our tags can be adopted on request',
    );
  }
  // ARM allows VNets with overlapping spaces side by side: they only clash once peered or routed to each other.
  if (overlaps.length > 0) {
    return warning(
      cloud,
      'conflicts',
      overlaps.join(' | '),
      'never peer or route these VNets to each other (or to this connection); pick a distinct address space if you will',
    );
  }
  return ok(cloud, 'conflicts', 'nothing in the way: no conflicting resource, no overlapping VNet');
}

/** What the run would create on this site (what it adopts needs no quota). */
export function creationsOf(
  cloud: CloudId,
  diff: readonly ResourceDiff[],
  vm: { family: string; vCPUs: number } | undefined,
): SiteCreations {
  const creates = (type: string): number =>
    diff.length === 0 || diff.some((d) => d.resourceType === type && d.action === 'create') ? 1 : 0;
  return {
    virtualNetworks: creates(ARM_TYPES.virtualNetwork),
    // Azure's gateway IP is Standard and static; Stack Hub's is Basic and dynamic (activities/ensurePublicIp.ts).
    publicIps: { count: creates(ARM_TYPES.publicIp), static: siteProfile(cloud).publicIp.allocation === 'Static' },
    networkInterfaces: creates(ARM_TYPES.networkInterface),
    gateways: creates(ARM_TYPES.gateway),
    connections: creates(ARM_TYPES.connection),
    ...(vm && creates(ARM_TYPES.virtualMachine) > 0 ? { vm } : {}),
  };
}
