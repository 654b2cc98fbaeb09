// Derives each cloud's SiteTarget and provisionSite input from a resolved plan. Pure: the same plan gives the same
// targets on every replay, and nothing here carries a credential (activities read those from app settings).
import type { SiteTarget } from '../activities/contracts';
import type { CloudId } from '../lib/cloudIds';
import { resourceTags } from '../lib/naming';
import type { ResolvedPlan } from '../lib/plan/types';
import { siteProfile } from '../lib/sites/profiles';
import type { ProvisionSiteInput } from './orchestrationTypes';

export function siteTargetFor(plan: ResolvedPlan, cloud: CloudId): SiteTarget {
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
function stampOf(plan: ResolvedPlan): Pick<SiteTarget, 'stamp' | 'armEndpoint'> {
  const { stamp, armEndpoint } = plan.azureStack;
  return { ...(stamp !== undefined ? { stamp } : {}), ...(armEndpoint !== undefined ? { armEndpoint } : {}) };
}

export function siteTargetsFor(plan: ResolvedPlan): Record<CloudId, SiteTarget> {
  return { azure: siteTargetFor(plan, 'azure'), azureStack: siteTargetFor(plan, 'azureStack') };
}

export function provisionSiteInputFor(plan: ResolvedPlan, cloud: CloudId): ProvisionSiteInput {
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
