// Derives each side's SiteTarget and provisionSite input from a resolved plan. Pure: the same plan gives the same
// targets on every replay, and nothing here carries a credential (activities read those from app settings).
// The hub has two kinds of target: its shared resources' (VNet, gateway, VM: no site, no site tag), and one per site
// for what it holds of that site (its local network gateway and connection, named after and tagged with the site).
import type { SiteTarget } from '../activities/contracts';
import type { CloudId } from '../lib/cloudIds';
import { resourceTags } from '../lib/naming';
import type { PairPlan, ResolvedPlan } from '../lib/plan/types';
import type { ProvisionSiteInput } from './orchestrationTypes';

/** The hub's shared resources: built once for every site. */
export function hubTargetFor(plan: Pick<ResolvedPlan, 'name' | 'ticketId' | 'azure'>): SiteTarget {
  const hub = plan.azure;
  return {
    cloud: 'azure',
    subscriptionId: hub.subscriptionId,
    location: hub.location,
    resourceGroup: hub.resourceGroup,
    name: plan.name,
    tags: resourceTags(plan.name, plan.ticketId),
  };
}

/**
 * One side of a pair as the link, the tunnel, the ping, the monitor and the rotation see it: on the hub, what it holds
 * of this site; on the stamp, the site itself. Both name the site and tag what they write with it.
 */
export function siteTargetFor(plan: PairPlan, cloud: CloudId): SiteTarget {
  const site = plan.azureStack.name;
  const tags = resourceTags(plan.name, plan.ticketId, site);
  if (cloud === 'azure') return { ...hubTargetFor(plan), site, tags };
  const stack = plan.azureStack;
  return {
    cloud,
    subscriptionId: stack.subscriptionId,
    location: stack.location,
    resourceGroup: stack.resourceGroup,
    // Activities resolve the stamp's endpoint and credential from app settings.
    ...(stack.stamp !== undefined ? { stamp: stack.stamp } : {}),
    ...(stack.armEndpoint !== undefined ? { armEndpoint: stack.armEndpoint } : {}),
    name: plan.name,
    site,
    tags,
  };
}

export function siteTargetsFor(plan: PairPlan): Record<CloudId, SiteTarget> {
  return { azure: siteTargetFor(plan, 'azure'), azureStack: siteTargetFor(plan, 'azureStack') };
}

/** What provisionSite builds: the hub's shared resources (cloud `azure`), or the pair's site (`azureStack`). */
export function provisionSiteInputFor(plan: PairPlan, cloud: CloudId): ProvisionSiteInput {
  const site = plan[cloud];
  return {
    target: cloud === 'azure' ? hubTargetFor(plan) : siteTargetFor(plan, cloud),
    addressSpace: [...site.addressSpace],
    workloadSubnet: site.workloadSubnet,
    gatewaySubnet: site.gatewaySubnet,
    gatewaySku: site.gatewaySku,
    vm: { ...site.vm, image: { ...site.vm.image } },
    gatewayTimeoutMinutes: plan.options.gatewayTimeoutMinutes,
  };
}
