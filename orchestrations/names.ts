// Orchestration names and the deterministic instance ids of a connection's orchestrations. Pure constants and
// string functions: the HTTP triggers use them to find instances, the orchestrators to start children.
import type { CloudId } from '../lib/cloudIds';
import { instanceIdFor } from '../lib/naming';
import { DEFAULT_SITE_NAME } from '../lib/plan/types';

export const ORCHESTRATION = {
  provisionHybridConnection: 'provisionHybridConnection',
  provisionSite: 'provisionSite',
  linkSite: 'linkSite',
  teardownHybridConnection: 'teardownHybridConnection',
  teardownSite: 'teardownSite',
  monitorTunnel: 'monitorTunnel',
  deliverEvent: 'deliverEvent',
} as const;

export { STOP_MONITOR_EVENT } from '../activities/contracts';

/** Separates a connection's own instance id from the suffix of its child and teardown instances. */
export const INSTANCE_SUFFIX_SEPARATOR = ':';

/** The per-cloud `provisionSite` child: `hc-<name>:azure` (the hub), `hc-<name>:azureStack` (the site azurestack). */
export function siteInstanceId(name: string, cloud: CloudId): string {
  return `${instanceIdFor(name)}${INSTANCE_SUFFIX_SEPARATOR}${cloud}`;
}

/** The child segment of one site: `azureStack` for the site azurestack (today's ids), `site-<site>` for any other. */
export function siteSuffix(site: string): string {
  return site === DEFAULT_SITE_NAME ? 'azureStack' : `site-${site}`;
}

/** The `provisionSite` child of one site: `hc-<name>:azureStack` for the site azurestack, else `hc-<name>:site-<site>`. */
export function stampSiteInstanceId(name: string, site: string): string {
  return `${instanceIdFor(name)}${INSTANCE_SUFFIX_SEPARATOR}${siteSuffix(site)}`;
}

/** The `linkSite` child that links, connects and verifies one site's tunnel to the hub: `hc-<name>:link-<site>`. */
export function linkInstanceId(name: string, site: string): string {
  return `${instanceIdFor(name)}${INSTANCE_SUFFIX_SEPARATOR}link-${site}`;
}

/** The teardown started by `DELETE /api/connections/{name}`. */
export function teardownInstanceId(name: string): string {
  return `${instanceIdFor(name)}${INSTANCE_SUFFIX_SEPARATOR}teardown`;
}

/**
 * The health monitor a successful run starts: `hc-<name>:monitor`. The issue's `hc-<name>-monitor` would read as the
 * provisioning instance of a connection named `<name>-monitor`; the separator keeps it a child of `hc-<name>`.
 */
export function monitorInstanceId(name: string): string {
  return `${instanceIdFor(name)}${INSTANCE_SUFFIX_SEPARATOR}monitor`;
}

/** True for a connection's health monitor, `hc-<name>:monitor`: eternal by design, Running until its teardown. */
export function isMonitorInstanceId(instanceId: string): boolean {
  return instanceId.startsWith(instanceIdFor('')) && instanceId.endsWith(`${INSTANCE_SUFFIX_SEPARATOR}monitor`);
}

/** The teardown a failed run starts when options.onFailure is 'rollback'. */
export function rollbackInstanceId(name: string): string {
  return `${instanceIdFor(name)}${INSTANCE_SUFFIX_SEPARATOR}rollback`;
}

/** The per-cloud `teardownSite` child of a teardown (or rollback) instance: `<teardown>:azure` is the hub's. */
export function teardownSiteInstanceId(teardownInstance: string, cloud: CloudId): string {
  return `${teardownInstance}${INSTANCE_SUFFIX_SEPARATOR}${cloud}`;
}

/** The `teardownSite` child of one site's stamp: `<teardown>:azureStack` for the site azurestack, else `:site-<site>`. */
export function teardownStampInstanceId(teardownInstance: string, site: string): string {
  return `${teardownInstance}${INSTANCE_SUFFIX_SEPARATOR}${siteSuffix(site)}`;
}

/**
 * The child that delivers one event: `hc-<name>:event:<stage>:<cloud>:<guid>` for event id `hc-<name>/<stage>/<cloud>`
 * (instance ids take no `/`); the guid (context.df.newGuid, deterministic) keeps a rerun's delivery apart from one
 * of an earlier run that may still be retrying.
 */
export function deliveryInstanceId(eventId: string, guid: string): string {
  const [owner = '', ...rest] = eventId.split('/');
  return [owner, 'event', ...rest, guid].join(INSTANCE_SUFFIX_SEPARATOR);
}

/** True for `hc-<name>` itself, false for its children, teardowns and anything not ours. */
export function isConnectionInstanceId(instanceId: string): boolean {
  return instanceId.startsWith(instanceIdFor('')) && !instanceId.includes(INSTANCE_SUFFIX_SEPARATOR);
}

/** The connection name of `hc-<name>`, or undefined for any other id. */
export function connectionNameOf(instanceId: string): string | undefined {
  return isConnectionInstanceId(instanceId) ? instanceId.slice(instanceIdFor('').length) : undefined;
}

/**
 * A `teardownSite` child that removes one site of a replacing run, or rolls back one site a failed replacing run
 * added: `hc-<name>:remove-<site>:azure` (what the hub holds of the site) and `hc-<name>:remove-<site>:azureStack`
 * (its stamp), `rollback-<site>` likewise.
 */
export function siteRemovalInstanceId(
  name: string,
  purpose: 'remove' | 'rollback',
  site: string,
  cloud: CloudId,
): string {
  return [instanceIdFor(name), `${purpose}-${site}`, cloud].join(INSTANCE_SUFFIX_SEPARATOR);
}
