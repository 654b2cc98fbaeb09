// What starts a shared-key rotation (the HTTP trigger and the key schedule build it from a completed run) and how the
// rotation reads it: the plan, who asked, and the connections of each tunnel it rotates. A single-site connection
// rotates its one tunnel, as before fleets; a fleet rotates every site, or the one `site` names. Pure.
import type { FailureInfo, RotationStatus } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { isRecord } from '../lib/json';
import { pairPlanOf, siteNamesOf } from '../lib/plan/pairs';
import { DEFAULT_SITE_NAME, type PairPlan } from '../lib/plan/types';
import { readPlanEnvelope, type VersionedPlan } from './planInput';

export type RotationTrigger = RotationStatus['trigger'];

/** What starts a rotation: the plan the connection ran with, who asked, and the connections its run built. */
export interface RotationInput extends VersionedPlan {
  trigger: RotationTrigger;
  /** The two connections of the plan's first site (a single-site connection's only one). */
  connectionIds: Record<CloudId, string>;
  /** The one site whose key rotates; absent: every site of the plan, one after the other. */
  site?: string;
  /** A fleet's (a plan of several sites): the two connections of every site it rotates, by site name. */
  siteConnectionIds?: Record<string, Record<CloudId, string>>;
}

/** One tunnel to rotate: the hub and the site as a pair, its two connections, and (a fleet's) the site's name. */
export interface PairToRotate {
  pair: PairPlan;
  connectionIds: Record<CloudId, string>;
  /** A fleet's site: named in its events and failures. Undefined for a single-site connection (events as before). */
  site?: string;
}

export type RotationRead =
  | { ok: true; name: string; fleet: boolean; pairs: [PairToRotate, ...PairToRotate[]] }
  | { ok: false; failure: FailureInfo };

export function readRotationInput(raw: unknown): RotationRead {
  const invalid = (message: string): RotationRead => ({
    ok: false,
    failure: { code: 'InvalidRotationInput', message },
  });
  if (!isRecord(raw)) return invalid('the rotation takes {planVersion, plan, trigger, connectionIds}');
  const plan = readPlanEnvelope(raw);
  if (!plan.ok) return { ok: false, failure: { code: plan.code, message: plan.message } };
  const connectionIds = connectionIdsOf(raw.connectionIds);
  if (connectionIds === undefined) return invalid('connectionIds must name both connections by cloud');
  const sites = siteNamesOf(plan.plan);
  const [first = DEFAULT_SITE_NAME] = sites;
  if (raw.site !== undefined && (typeof raw.site !== 'string' || !sites.includes(raw.site))) {
    return invalid(`site must be one of the plan's sites (${sites.join(', ')})`);
  }
  const name = plan.plan.name;
  if (sites.length <= 1) {
    return { ok: true, name, fleet: false, pairs: [{ pair: pairPlanOf(plan.plan, first), connectionIds }] };
  }
  const chosen = typeof raw.site === 'string' ? raw.site : undefined;
  const bySite = isRecord(raw.siteConnectionIds) ? raw.siteConnectionIds : {};
  const pairs: PairToRotate[] = [];
  for (const site of chosen !== undefined ? [chosen] : sites) {
    const ids = connectionIdsOf(bySite[site]);
    if (ids === undefined) return invalid(`siteConnectionIds.${site} must name both connections of site ${site}`);
    pairs.push({ pair: pairPlanOf(plan.plan, site), connectionIds: ids, site });
  }
  const [head, ...rest] = pairs;
  if (head === undefined) return invalid('the plan names no site');
  return { ok: true, name, fleet: true, pairs: [head, ...rest] };
}

/** Both clouds' connection ids, or undefined when either is missing. */
function connectionIdsOf(raw: unknown): Record<CloudId, string> | undefined {
  if (!isRecord(raw)) return undefined;
  const ids = {} as Record<CloudId, string>;
  for (const cloud of CLOUD_IDS) {
    const id = raw[cloud];
    if (typeof id !== 'string' || id === '') return undefined;
    ids[cloud] = id;
  }
  return ids;
}
