// Rotates a provisioned connection's VPN shared key: one tunnel's rotation (rotatePair.ts) for a single-site
// connection; for a fleet, each site's in the plan's order (or only the site the request names), one after the other,
// so no two tunnels are ever down together. A site whose rotation does not succeed ends the fleet's there: the sites
// after it keep their key (`skipped`), and the rotation ends `restored` or `failed` naming the site. It completes
// (never fails) with its RotationStatus as output, so the API and the schedule read the outcome as data.
import type * as df from 'durable-functions';
import type { FailureInfo, RotationState, RotationStatus, SiteRotationStatus } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import { isRecord } from '../lib/json';
import { setStatus } from './customStatus';
import type { Orchestration } from './orchestrationTypes';
import { SECOND_MS } from './pollSchedules';
import { rotatePair } from './rotatePair';
import { readRotationInput, type PairToRotate } from './rotationInput';
import { ROTATION_POLL_MS } from './rotationWatch';

export type { RotationInput, RotationTrigger } from './rotationInput';

/** The rotation's custom status: the API's RotationStatus, and the sides' connectionStatus as last read. */
export interface RotationCustomStatus extends RotationStatus {
  kind: 'rotation';
  connectionStatus: Partial<Record<CloudId, string>>;
  /** A fleet's: the site whose tunnel `connectionStatus` is (the one switching now). */
  currentSite?: string;
}

export function* rotateSharedKeyOrchestrator(context: df.OrchestrationContext): Orchestration<RotationStatus> {
  const raw: unknown = context.df.getInput();
  const status: RotationCustomStatus = {
    kind: 'rotation',
    instanceId: context.df.instanceId,
    state: 'running',
    trigger: isRecord(raw) && raw.trigger === 'schedule' ? 'schedule' : 'request',
    startedAt: context.df.currentUtcDateTime.toISOString(),
    finishedAt: null,
    previousVersion: null,
    newVersion: null,
    downtimeSeconds: null,
    downtimeResolutionSeconds: ROTATION_POLL_MS / SECOND_MS,
    error: null,
    connectionStatus: {},
  };
  const publishStatus = (): void => setStatus(context, status);
  publishStatus();

  const input = readRotationInput(raw);
  if (!input.ok) return finish(context, status, 'failed', [input.failure]);
  if (input.fleet) return yield* rotateFleet(context, input.pairs, status);

  // A single-site connection: its one tunnel, its fields at the top of the status (as before fleets).
  const outcome = yield* rotatePair(context, input.pairs[0], status.trigger, status, (seen) => {
    if (seen !== undefined) status.connectionStatus = seen;
    publishStatus();
  });
  if (outcome.eventId !== undefined) status.events = [outcome.eventId];
  return finish(context, status, outcome.state, outcome.failures);
}

/** Each site in turn; the first that does not succeed ends the rotation, the later ones untouched. */
function* rotateFleet(
  context: df.OrchestrationContext,
  pairs: readonly PairToRotate[],
  status: RotationCustomStatus,
): Orchestration<RotationStatus> {
  const sites: Record<string, SiteRotationStatus> = {};
  const entryOf = (pair: PairToRotate): SiteRotationStatus => {
    const site = pair.site ?? pair.pair.azureStack.name;
    sites[site] ??= { state: 'pending', previousVersion: null, newVersion: null, downtimeSeconds: null };
    return sites[site];
  };
  for (const pair of pairs) entryOf(pair);
  status.sites = sites;
  const publishStatus = (): void => {
    rollUp(status, sites);
    setStatus(context, status);
  };
  publishStatus();

  const events: string[] = [];
  for (const [index, pair] of pairs.entries()) {
    const entry = entryOf(pair);
    entry.state = 'running';
    status.currentSite = pair.site;
    status.connectionStatus = {};
    publishStatus();
    const outcome = yield* rotatePair(context, pair, status.trigger, entry, (seen) => {
      if (seen !== undefined) status.connectionStatus = seen;
      publishStatus();
    });
    if (outcome.eventId !== undefined) events.push(outcome.eventId);
    status.events = [...events];
    entry.state = outcome.state;
    const [failure] = outcome.failures;
    if (failure !== undefined) entry.error = failure;
    if (outcome.state !== 'succeeded') {
      for (const later of pairs.slice(index + 1)) entryOf(later).state = 'skipped';
      rollUp(status, sites);
      return finish(context, status, outcome.state, outcome.failures);
    }
  }
  rollUp(status, sites);
  return finish(context, status, 'succeeded', []);
}

/**
 * A fleet's top-level fields from its sites: the longest downtime any tunnel saw (they are never down together), the
 * versions only when one site rotates (each site has a secret of its own), the restored version of the site restored.
 */
function rollUp(status: RotationStatus, sites: Record<string, SiteRotationStatus>): void {
  const entries = Object.values(sites);
  const measured = entries.flatMap((entry) => (entry.downtimeSeconds !== null ? [entry.downtimeSeconds] : []));
  status.downtimeSeconds = measured.length > 0 ? Math.max(...measured) : null;
  const [only] = entries;
  if (entries.length === 1 && only !== undefined) {
    status.previousVersion = only.previousVersion;
    status.newVersion = only.newVersion;
  }
  const restored = entries.find((entry) => entry.restoredVersion !== undefined)?.restoredVersion;
  if (restored !== undefined) status.restoredVersion = restored;
}

function finish(
  context: df.OrchestrationContext,
  status: RotationCustomStatus,
  state: RotationState,
  failures: FailureInfo[],
): RotationStatus {
  status.state = state;
  status.error = failures[0] ?? null;
  status.finishedAt = context.df.currentUtcDateTime.toISOString();
  setStatus(context, status);
  const { kind: _kind, connectionStatus: _seen, currentSite: _site, ...output } = status;
  return output;
}
