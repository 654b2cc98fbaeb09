// Derives each cloud's SiteTarget and provisionSite input from a resolved plan. Pure: the same plan gives the same
// targets on every replay, and nothing here carries a credential (activities read those from app settings).
import type { SiteTarget } from '../activities/contracts';
import type { CloudId } from '../lib/cloudIds';
import { resourceTags, siteResourceNames } from '../lib/naming';
import type { PairPlan } from '../lib/plan/types';
import { ARM_TYPES } from '../lib/resourceKinds';
import { siteProfile } from '../lib/sites/profiles';
import type { ProvisionSiteInput } from './orchestrationTypes';

export function siteTargetFor(plan: PairPlan, cloud: CloudId): SiteTarget {
  const site = plan[cloud];
  return {
    cloud,
    subscriptionId: site.subscriptionId,
    location: site.location,
    resourceGroup: site.resourceGroup,
    ...(siteProfile(cloud).identity === 'stamp' ? stampOf(plan) : {}),
    name: plan.name,
    tags: resourceTags(plan.name, plan.ticketId),
  };
}

/** The stamp the bound plan names; activities resolve its endpoint and credential from app settings. */
function stampOf(plan: PairPlan): Pick<SiteTarget, 'stamp' | 'armEndpoint'> {
  const { stamp, armEndpoint } = plan.azureStack;
  return { ...(stamp !== undefined ? { stamp } : {}), ...(armEndpoint !== undefined ? { armEndpoint } : {}) };
}

export function siteTargetsFor(plan: PairPlan): Record<CloudId, SiteTarget> {
  return { azure: siteTargetFor(plan, 'azure'), azureStack: siteTargetFor(plan, 'azureStack') };
}

export function provisionSiteInputFor(plan: PairPlan, cloud: CloudId): ProvisionSiteInput {
  const site = plan[cloud];
  return {
    target: siteTargetFor(plan, cloud),
    addressSpace: [...site.addressSpace],
    workloadSubnet: site.workloadSubnet,
    gatewaySubnet: site.gatewaySubnet,
    gatewaySku: site.gatewaySku,
    vm: { ...site.vm, image: { ...site.vm.image } },
    gatewayTimeoutMinutes: plan.options.gatewayTimeoutMinutes,
  };
}

/**
 * The ARM id of a VM's OS disk, derived from the VM id and the deterministic disk name. A rollback needs it: the
 * disk is created by the VM, so no stage of ours records its id.
 */
export function osDiskIdFor(vmId: string, name: string): string | undefined {
  const vm = `/providers/${ARM_TYPES.virtualMachine}/`.toLowerCase();
  const at = vmId.toLowerCase().lastIndexOf(vm);
  const vmName = at < 0 ? '' : vmId.slice(at + vm.length);
  if (vmName === '' || vmName.includes('/')) return undefined;
  // The disk's name does not depend on the peer, so either cloud's names give it.
  return `${vmId.slice(0, at)}/providers/${ARM_TYPES.osDisk}/${siteResourceNames(name, 'azure').osDisk}`;
}
