// Binds a validated plan to the Azure Stack Hub stamps the operator configured: each site names its stamp by id or by
// its exact ARM endpoint, and the bound plan carries both as configured. Pure: the stamps come in as data.
import { findStamp, type StampSettings } from '../settings/stamps';
import { sitesAt } from './sides';
import { sharedGroups } from './siteRules';
import type { PlanError, ResolvedAzureStackSite, ResolvedPlan } from './types';

export type BoundPlan = { ok: true; plan: ResolvedPlan } | { ok: false; errors: PlanError[] };

/**
 * `arrayForm`: whether the caller sent `azureStack` as an array (errors then name `azureStack[i]`); a plan of one site
 * is taken as the object form, which is what a caller of one site usually sent.
 */
export function bindStamp(
  plan: ResolvedPlan,
  stamps: readonly StampSettings[],
  arrayForm = plan.azureStack.length > 1,
): BoundPlan {
  const sites = sitesAt(plan, arrayForm);
  const errors: PlanError[] = [];
  const bound = sites.map(({ site, path }): ResolvedAzureStackSite => {
    const { stamp: id, armEndpoint } = site;
    const found = findStamp(stamps, {
      ...(id !== undefined ? { stamp: id } : {}),
      ...(armEndpoint !== undefined ? { armEndpoint } : {}),
    });
    if (!found.ok) {
      errors.push({ path: `${path}.${found.field}`, message: found.message });
      return site;
    }
    return { ...site, stamp: found.stamp.id, armEndpoint: found.stamp.armEndpoint };
  });
  if (errors.length > 0) return { ok: false, errors };
  // Two sites may name one stamp differently (by id, by endpoint): bound, they must still not share a group.
  const clashes = sharedGroups(
    bound.map((site, index) => ({ site, index, path: sites[index]?.path ?? 'azureStack' })),
    (site) => site.stamp,
  );
  if (clashes.length > 0) return { ok: false, errors: clashes };
  return { ok: true, plan: { ...plan, azureStack: bound } };
}
