// Deterministic resource names, tags and the instance id of a hybrid connection. Pure: same input, same names,
// so a replayed or retried activity PUTs the same resource instead of creating a second one.
import { CLOUD_NAME_SLUGS, type CloudId } from './cloudIds';
import { DEFAULT_SITE_NAME, SITE_NAME_MAX_LENGTH } from './plan/types';
import { SITE_NAME_RULES, type NameRule, type SiteNameKey } from './resourceKinds';

export const MANAGED_BY_TAG = 'managed-by';
export const MANAGED_BY_VALUE = 'hybrid-connection';
export const INSTANCE_TAG = 'hc-instance';
export const TICKET_TAG = 'hc-ticket';
/** The site a resource belongs to: every resource on a site's stamp, and the hub's local network gateway and
 * connection of that site (not the hub's shared resources). */
export const SITE_TAG = 'hc-site';

/** Names of every resource one site holds (and of their parts): each resource kind's, lib/resourceKinds.ts. */
export type SiteResourceNames = Record<SiteNameKey, string>;

export type ResourceTags = Record<string, string>;

/** One Durable instance per connection: a second start for the same name finds the first one. */
export function instanceIdFor(name: string): string {
  return `hc-${name}`;
}

export function defaultResourceGroupName(name: string): string {
  return `rg-${name}-hybrid`;
}

export function defaultSharedKeySecretName(name: string): string {
  return `hc-${name}-psk`;
}

/**
 * The Key Vault secret of one site's shared key: each tunnel has its own. The site of a single-site plan (the object
 * form, named DEFAULT_SITE_NAME) keeps today's `hc-<name>-psk`; any other site's is `hc-<name>-<site>-psk`.
 */
export function siteSharedKeySecretName(name: string, site: string): string {
  return site === DEFAULT_SITE_NAME ? defaultSharedKeySecretName(name) : `hc-${name}-${site}-psk`;
}

/**
 * The names of one side's resources. What points at the peer ends with the peer's slug: on a stamp `azure` (its one
 * peer is the hub), on the hub the site's name (one local network gateway and connection per site). The site of a
 * single-site plan is named `azurestack`, the Stack Hub slug, so its hub names are the ones of before fleets.
 */
export function siteResourceNames(name: string, cloud: CloudId, site: string = DEFAULT_SITE_NAME): SiteResourceNames {
  const parts = { name, peer: cloud === 'azure' ? site : CLOUD_NAME_SLUGS.azure };
  return siteNamesOf((rule) => rule.of(parts));
}

/**
 * Tags on every resource we create; teardown deletes only what carries `managed-by` and this instance's tag. `site`:
 * the resource is that site's (SITE_TAG), so removing the site can find it. The site azurestack (a single-site plan's)
 * keeps the tags of before fleets: its hub-side resources are found by their names, which are today's.
 */
export function resourceTags(name: string, ticketId?: string, site?: string): ResourceTags {
  const tags: ResourceTags = { [MANAGED_BY_TAG]: MANAGED_BY_VALUE, [INSTANCE_TAG]: instanceIdFor(name) };
  if (ticketId !== undefined) tags[TICKET_TAG] = ticketId;
  if (site !== undefined && site !== DEFAULT_SITE_NAME) tags[SITE_TAG] = site;
  return tags;
}

/** True when `tags` mark a resource as created by the connection `name` (so teardown may delete it). */
export function isManagedBy(tags: Readonly<Record<string, string>> | undefined, name: string): boolean {
  return tags?.[MANAGED_BY_TAG] === MANAGED_BY_VALUE && tags[INSTANCE_TAG] === instanceIdFor(name);
}

/** ARM's length limit for each derived name: the site's from their kinds, a group's 90, a Key Vault secret's 127. */
export const ARM_NAME_LIMITS: Readonly<Record<SiteNameKey | 'resourceGroup' | 'sharedKeySecret', number>> = {
  resourceGroup: 90,
  ...siteNamesOf((rule) => rule.maxLength),
  sharedKeySecret: 127,
};

/** The longest site name a plan may give (SITE_NAME_PATTERN): what the name limits are computed with. */
const LONGEST_SITE_NAME = 's'.repeat(SITE_NAME_MAX_LENGTH);

/**
 * Every name derived from a connection name and a site name (by default the longest a site may have), per cloud,
 * with the limit it must respect.
 */
export function derivedNames(
  name: string,
  site: string = LONGEST_SITE_NAME,
): { cloud: CloudId | null; kind: keyof typeof ARM_NAME_LIMITS; value: string }[] {
  const out: { cloud: CloudId | null; kind: keyof typeof ARM_NAME_LIMITS; value: string }[] = [
    { cloud: null, kind: 'resourceGroup', value: defaultResourceGroupName(name) },
    { cloud: null, kind: 'sharedKeySecret', value: defaultSharedKeySecretName(name) },
    { cloud: null, kind: 'sharedKeySecret', value: siteSharedKeySecretName(name, site) },
  ];
  for (const cloud of ['azure', 'azureStack'] as const) {
    const names = siteResourceNames(name, cloud, site);
    for (const kind of Object.keys(names) as (keyof SiteResourceNames)[]) {
      out.push({ cloud, kind, value: names[kind] });
    }
  }
  return out;
}

/**
 * The longest connection name whose every derived name fits its ARM limit, with the longest site name (the hub's
 * `lgw-<name>-to-<site>` binds: 80 characters). The plan schema's `name.maxLength` must equal this (a test checks),
 * so a name that passes the schema never produces an over-long resource name.
 */
export const NAME_MAX_LENGTH: number = Math.min(
  ...derivedNames('x').map((d) => ARM_NAME_LIMITS[d.kind] - (d.value.length - 1)),
);

/** One value per site name, from its rule. */
function siteNamesOf<T>(valueOf: (rule: NameRule) => T): Record<SiteNameKey, T> {
  const entries = Object.entries<NameRule>(SITE_NAME_RULES).map(([key, rule]) => [key, valueOf(rule)] as const);
  return Object.fromEntries(entries) as Record<SiteNameKey, T>;
}
