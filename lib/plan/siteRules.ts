// Rules across the sites of a fleet: names are unique (they go into the hub's resource names, events and instance
// ids), and no two sites share a stamp's resource group in one subscription (a site's resources on its stamp are named
// from the connection alone, so two sites there would write the same resources). Transit with one site is a warning.
import { echo } from './echo';
import type { Findings } from './findings';
import type { SiteAt } from './sides';
import type { ResolvedAzureStackSite, ResolvedPlan } from './types';

export function checkSites(plan: ResolvedPlan, sites: readonly SiteAt[], findings: Findings): void {
  sites.forEach(({ site, path }, index) => {
    const earlier = sites.slice(0, index).find((other) => other.site.name === site.name);
    if (earlier !== undefined) {
      findings.error(
        `${path}.name`,
        `repeats ${earlier.path}.name (${echo(site.name)}): each site needs a name of its own`,
      );
    }
  });
  for (const clash of sharedGroups(sites, givenStampOf)) findings.error(clash.path, clash.message);
  // Transit routes between a hub's tunnels: with one tunnel there is nothing to route to.
  if (sites.length < 2 && plan.options.transit) {
    findings.warn('options.transit', 'has no effect with one site: transit routes between two or more sites');
  }
}

/** How a plan names a site's stamp before binding: its id, else its endpoint (case and trailing slash aside). */
function givenStampOf(site: ResolvedAzureStackSite): string | undefined {
  return site.stamp ?? site.armEndpoint?.toLowerCase().replace(/\/+$/, '');
}

/**
 * A site whose stamp (as `stampOf` tells it), subscription and resource group an earlier site already has: one error
 * each, at its resourceGroup. bindStamp runs it again on the bound stamps (one site may name a stamp by id and another
 * the same stamp by endpoint).
 */
export function sharedGroups(
  sites: readonly SiteAt[],
  stampOf: (site: ResolvedAzureStackSite) => string | undefined,
): { path: string; message: string }[] {
  const key = (site: ResolvedAzureStackSite): string | undefined => {
    const stamp = stampOf(site);
    if (stamp === undefined) return undefined;
    return JSON.stringify([stamp, site.subscriptionId.toLowerCase(), site.resourceGroup.toLowerCase()]);
  };
  const clashes: { path: string; message: string }[] = [];
  sites.forEach(({ site, path }, index) => {
    const mine = key(site);
    if (mine === undefined) return;
    const earlier = sites.slice(0, index).find((other) => key(other.site) === mine);
    if (earlier === undefined) return;
    clashes.push({
      path: `${path}.resourceGroup`,
      message:
        `${earlier.path} already uses resource group ${echo(site.resourceGroup)} of subscription ` +
        `${site.subscriptionId} on the same stamp: a site's resources there are named from the connection, so two ` +
        'sites cannot share a group; give this site a resourceGroup of its own',
    });
  });
  return clashes;
}
