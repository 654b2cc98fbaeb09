// What the fleet views (the status page's star, the CLI's sites table) read of a replacing run's `change` in a
// connection's status (`PUT /api/connections/{name}`): the sites leaving the plan and how far each one's removal got.
// They are no longer in `sites` (the new plan's), so only `change` says a spoke is being removed or is gone. The
// views read it by these field names and check every value, like every other field of the status. Types only.
import type { PlanChangeStatus } from './connectionStatus';

/** One removed site's teardown: its local network gateway and connection on the hub, its resources on its stamp. */
export type SiteRemovalWire = PlanChangeStatus['removals'][string];

/** The part of `change` the views read: the removed sites, in the order sent, and each one's removal once it ran. */
export type SiteRemovalsWire = Pick<PlanChangeStatus, 'removed' | 'removals'>;

/** The status field that carries them: null (or absent) for a run that removes nothing. */
export interface SiteRemovalsField {
  change: SiteRemovalsWire | null;
}
