// Words for what the API names in camelCase: stages, clouds, event ids, tunnel states. Pure lookups with a readable
// fallback for anything a newer server sends that this CLI does not know yet.
import { CLOUD_DISPLAY_NAMES, isCloudId } from '../../lib/cloudIds';
import { EVENT_CATALOG } from '../../lib/events';
import { PROGRESS_STAGES, STAGE_TITLES } from '../../lib/stages';

const STAGE_LABELS: Readonly<Record<string, string>> = STAGE_TITLES;

/** A table's own entry for a key the server sent: `toString` or `constructor` are Object.prototype's, not ours. */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The order stages are shown in: dependency order, then anything unknown as the server sent it. */
const STAGE_ORDER: readonly string[] = PROGRESS_STAGES;

export function stageLabel(stage: string): string {
  return own(STAGE_LABELS, stage) ?? stage.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function cloudLabel(cloud: string): string {
  return isCloudId(cloud) ? CLOUD_DISPLAY_NAMES[cloud] : cloud;
}

export function orderedStages(stages: readonly string[]): string[] {
  const known = STAGE_ORDER.filter((stage) => stages.includes(stage));
  return [...known, ...stages.filter((stage) => !STAGE_ORDER.includes(stage))];
}

/**
 * `hc-contoso/gateway/azure` -> `Gateway.Ready (Azure)`, `hc-fleet/connection/azure-north` -> `Connection.Connected
 * (Azure, site north)`; ids we cannot read are shown as they are.
 */
export function eventLabel(id: string): string {
  const parts = id.split('/');
  if (parts.length < 3) return id;
  const [stage, cloud] = parts.slice(-2);
  const type = Object.entries(EVENT_CATALOG).find(([, spec]) => spec.stage === stage)?.[0];
  if (type === undefined) return id;
  const short = type.replace(/^HybridConnection\./, '');
  return cloud === 'all' ? short : `${short} (${placeLabel(cloud)})`;
}

/** An event id's place: a cloud, or for a fleet's site `<cloud>-<site>` (azure-north: the hub's end of north's). */
function placeLabel(place: string): string {
  const [cloud, ...site] = place.split('-');
  return site.length > 0 && isCloudId(cloud) ? `${cloudLabel(cloud)}, site ${site.join('-')}` : cloudLabel(place);
}

const TUNNEL_LABELS: Record<string, string> = {
  pending: 'not started',
  connecting: 'connecting',
  connected: 'Connected',
  notConnected: 'NotConnected',
};

export function tunnelLabel(state: string): string {
  return own(TUNNEL_LABELS, state) ?? state;
}

/** The phases of a teardown, which say more than the run's runtime status once it started. */
const TEARDOWN_PHASES: Record<string, { text: string; state: 'running' | 'done' | 'failed' }> = {
  deleting: { text: 'deleting', state: 'running' },
  deleted: { text: 'deleted', state: 'done' },
  deleteFailed: { text: 'delete failed', state: 'failed' },
};

/** A teardown phase's words and how it went; undefined for a phase of the run itself. */
export function teardownPhaseOf(
  phase: string | null,
): { text: string; state: 'running' | 'done' | 'failed' } | undefined {
  return phase === null ? undefined : own(TEARDOWN_PHASES, phase);
}
