// What `PUT /api/connections/{name}` may change in a connection's plan, and the change it makes: sites added, sites
// removed, sites left as they are. The hub (its side, the IPsec policy, the ticket its resources are tagged with)
// and every site that stays are fixed: changing one in place would re-PUT a gateway or a tunnel that carries traffic,
// which is exactly what growing and shrinking a fleet must never do. Options may change (they steer the run, not the
// resources; but for options.transit, whose list of the other sites each stamp's local network gateway holds, and which
// a change of sites changes too). Pure (orchestrations import the types).
import { isRecord } from '../json';
import { childPath } from './paths';
import type { PlanChange, PlanError, ResolvedAzureStackSite, ResolvedPlan } from './types';

export type ReplacementResult = { ok: true; change: PlanChange } | { ok: false; errors: PlanError[] };

export interface ReplacementOptions {
  /** The body sent `azureStack` as an array: errors name `azureStack[i]`, else `azureStack` (the object form). */
  arrayForm: boolean;
  /** Sites an earlier replacing run was to remove and did not finish removing: removed now unless re-added. */
  pendingRemovals?: readonly ResolvedAzureStackSite[];
  /** The stored run's own revision (0: a run a POST started). */
  storedRevision?: number;
}

const HUB_FIXED =
  'cannot change in place: it would re-create the hub that every site depends on; tear the connection down and create it again';
const SITE_FIXED =
  'cannot change in place: it would re-create a tunnel that carries traffic; remove the site in one PUT and add it under a new name in another';

/** The change from `stored` to `next`, or why the hub or a staying site would be changed in place. */
export function planReplacement(
  stored: ResolvedPlan,
  next: ResolvedPlan,
  options: ReplacementOptions,
): ReplacementResult {
  const errors: PlanError[] = [];
  for (const field of ['ticketId', 'azure', 'connection'] as const) {
    const at = firstDifference(stored[field], next[field], field);
    if (at !== undefined) errors.push({ path: at, message: `${field} ${HUB_FIXED}` });
  }
  const before = new Map(stored.azureStack.map((site) => [site.name, site]));
  const added: string[] = [];
  const unchanged: string[] = [];
  next.azureStack.forEach((site, index) => {
    const old = before.get(site.name);
    if (old === undefined) {
      added.push(site.name);
      return;
    }
    const path = options.arrayForm ? childPath('azureStack', index) : 'azureStack';
    const at = firstDifference(old, site, path);
    if (at === undefined) unchanged.push(site.name);
    else errors.push({ path: at, message: `site ${site.name} ${SITE_FIXED}` });
  });
  if (errors.length > 0) return { ok: false, errors };

  const staying = new Set(next.azureStack.map((site) => site.name));
  const removed: ResolvedAzureStackSite[] = [];
  for (const site of [...stored.azureStack, ...(options.pendingRemovals ?? [])]) {
    if (staying.has(site.name) || removed.some((each) => each.name === site.name)) continue;
    removed.push(site);
  }
  return { ok: true, change: { added, removed, unchanged, revision: (options.storedRevision ?? 0) + 1 } };
}

/** The path of the first place where two JSON values differ (in `b`'s terms), or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let index = 0; index < Math.max(a.length, b.length); index += 1) {
      const at = firstDifference(a[index], b[index], childPath(path, index));
      if (at !== undefined) return index < b.length ? at : path;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    for (const key of keys) {
      const at = firstDifference(a[key], b[key], childPath(path, key));
      if (at !== undefined) return key in b ? at : path;
    }
    return undefined;
  }
  return path;
}
