// The pair view of a plan: the hub (`azure`) and one site of `azureStack`, in the shape a single-site plan has. Code
// that builds, links, verifies, monitors or tears down one tunnel takes a PairPlan, so it never learns how many sites
// the plan has. Pure (orchestrations import it).
import type { CloudId } from '../cloudIds';
import { siteSharedKeySecretName } from '../naming';
import type { PairPlan, ResolvedAzureStackSite, ResolvedPlan } from './types';

/** The site names of a plan, in its order. */
export function siteNamesOf(plan: ResolvedPlan): string[] {
  return plan.azureStack.map((site) => site.name);
}

/** The plan's site of that name; throws for a name the plan does not have (a bug: callers take names from the plan). */
export function siteOf(plan: ResolvedPlan, siteName: string): ResolvedAzureStackSite {
  const site = plan.azureStack.find((each) => each.name === siteName);
  if (site === undefined) throw new RangeError(`the plan ${plan.name} has no site named ${siteName}`);
  return site;
}

/**
 * The hub and the site `siteName` as one pair. Its `connection.sharedKeySecretName` is that site's own secret (each
 * tunnel has its own key): today's `hc-<name>-psk` for the site of the object form, `hc-<name>-<site>-psk` otherwise.
 */
export function pairPlanOf(plan: ResolvedPlan, siteName: string): PairPlan {
  const transitPrefixes = transitOf(plan)
    ? plan.azureStack.filter((site) => site.name !== siteName).flatMap((site) => site.addressSpace)
    : [];
  return {
    ...plan,
    azureStack: siteOf(plan, siteName),
    connection: { ...plan.connection, sharedKeySecretName: siteSharedKeySecretName(plan.name, siteName) },
    ...(transitPrefixes.length > 0 ? { transitPrefixes } : {}),
  };
}

/** Whether the plan routes between its sites through the hub: options.transit with 2+ sites (stored runs: never). */
export function transitOf(plan: Pick<ResolvedPlan, 'options' | 'azureStack'>): boolean {
  return plan.options.transit === true && plan.azureStack.length > 1;
}

/**
 * What the local network gateway on `cloud` of a pair lists (the address space it sends into the tunnel): on the hub,
 * the site's own; on the stamp, the hub's, then with transit every other site's.
 */
export function localNetworkPrefixesOf(plan: PairPlan, cloud: CloudId): string[] {
  if (cloud === 'azure') return [...plan.azureStack.addressSpace];
  return [...plan.azure.addressSpace, ...(plan.transitPrefixes ?? [])];
}

/** The transit ping of a plan with transit: from the first site's VM to the second's (undefined without transit). */
export function transitPingOf(plan: ResolvedPlan): { from: string; to: string } | undefined {
  const [from, to] = plan.azureStack;
  return transitOf(plan) && from !== undefined && to !== undefined ? { from: from.name, to: to.name } : undefined;
}

/** Every pair of the plan, in its site order. */
export function pairPlansOf(plan: ResolvedPlan): PairPlan[] {
  return siteNamesOf(plan).map((siteName) => pairPlanOf(plan, siteName));
}

/**
 * The plan's first pair: what the views that show one tunnel (the status page, the preview, the live read) show of a
 * fleet until they show every site. A single-site plan's only pair.
 */
export function firstPairOf(plan: ResolvedPlan): PairPlan {
  const [first] = plan.azureStack;
  if (first === undefined) throw new RangeError(`the plan ${plan.name} has no site`);
  return pairPlanOf(plan, first.name);
}
