// The JSON of the previews: `POST /api/connections?preview=true` and `GET /api/connections/{name}/preview`
// (PreviewBody: the pre-flight and what a run would change), `DELETE /api/connections/{name}?preview=true`
// (TeardownPreviewBody: what a teardown would delete). Scripts read these field names (`hybrid-connection plan
// --json` prints PreviewBody as it came), so they only ever grow. Types only.
import type { CloudId } from '../cloudIds';
import type { CheckResult } from '../preflight/checks';
import type { DiffAction, FieldChange } from '../preflight/report';

export type { CheckResult } from '../preflight/checks';
export type { DiffAction, FieldChange } from '../preflight/report';

/** One resource of one cloud, in the order the run would write them. */
export interface PreviewChange {
  resourceType: string;
  name: string;
  action: DiffAction;
  /** The fields an update would change, or that make a conflict one. */
  fields?: FieldChange[];
  /** Why it is a conflict (or what an update does), for people. */
  reason?: string;
}

export interface PreviewBody {
  name: string;
  /** Every check of both clouds and the services, as stage 0 of a run would report them. */
  preflight: CheckResult[];
  changes: Record<CloudId, PreviewChange[]>;
  /** The run's longest chain of dependent steps at typical durations (0: nothing to do). */
  estimatedMinutes: number;
}

export interface TeardownPreviewEntry {
  resourceType: string;
  name: string;
  /** The ARM id teardown would delete. */
  id: string;
  action: 'delete';
}

export interface TeardownPreviewBody {
  name: string;
  /** Per cloud, in the order teardown deletes (dependents first); empty when nothing of ours is left there. */
  changes: Record<CloudId, TeardownPreviewEntry[]>;
}

/**
 * `PUT /api/connections/{name}?preview=true`: what a replacement of the connection's plan would do, site by site.
 * The sites added get a pair's preview (the hub's side of each holds only its new local network gateway and connection:
 * the hub's own resources read `no-change`); the sites removed, what their teardown would delete (on the hub, only
 * what it holds of that site); the sites unchanged are named, and under `updated` what the run would still write of
 * them (nothing, unless transit changes their lists or a resource drifted).
 */
export interface ReplacementPreviewBody {
  name: string;
  change: { added: string[]; removed: string[]; unchanged: string[] };
  /** Every check of the added sites (each with the hub) and of the services. */
  preflight: CheckResult[];
  added: Record<string, { changes: Record<CloudId, PreviewChange[]> }>;
  removed: Record<string, { changes: Record<CloudId, TeardownPreviewEntry[]> }>;
  /**
   * The staying sites the run would still write, each with only what would change: with `options.transit`, their
   * stamp's local network gateway when the list of the other sites changes (or a resource that drifted). A staying
   * site absent here is read and not written.
   */
  updated: Record<string, { changes: Record<CloudId, PreviewChange[]> }>;
  /** The longest added site's chain at typical durations (0: no site added). */
  estimatedMinutes: number;
}
