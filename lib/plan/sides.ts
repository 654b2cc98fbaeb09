// Where each side of a plan sits in it, for rules that check every side: the hub at `azure`, each site at
// `azureStack` (the object form) or `azureStack[i]` (the array form), so an error names the field the caller wrote.
import type { CloudId } from '../cloudIds';
import { childPath } from './paths';
import type { ResolvedAzureSite, ResolvedAzureStackSite, ResolvedPlan } from './types';

/** A site of `azureStack` and the path of its object in the plan as sent. */
export interface SiteAt {
  site: ResolvedAzureStackSite;
  index: number;
  path: string;
}

/** Any side of the plan (the hub or a site): its kind, where it is, and its fields. */
export interface SideAt {
  cloud: CloudId;
  path: string;
  site: ResolvedAzureSite | ResolvedAzureStackSite;
}

/** Each site with its path: `azureStack` when the plan sent one object, `azureStack[i]` when it sent an array. */
export function sitesAt(plan: ResolvedPlan, arrayForm: boolean): SiteAt[] {
  return plan.azureStack.map((site, index) => ({
    site,
    index,
    path: arrayForm ? childPath('azureStack', index) : 'azureStack',
  }));
}

/** The hub, then every site. */
export function sidesAt(plan: ResolvedPlan, sites: readonly SiteAt[]): SideAt[] {
  return [
    { cloud: 'azure', path: 'azure', site: plan.azure },
    ...sites.map(({ site, path }) => ({ cloud: 'azureStack' as const, path, site })),
  ];
}
