// Builds the domain status of a connection (`GET /api/connections/{name}`) from the Durable status of its
// provisioning instance, its two site children (read while they run) and its teardown, with the task hub's time of
// the answer. Pure: snapshots in, JSON out, in the API's wire types (lib/api/connectionStatus.ts). Never copies the
// orchestration input or any Durable URL into the answer.
import type {
  ConnectionListItem,
  ConnectionStatusBody,
  FailureInfo,
  ProvisionSummary,
  SiteAddresses,
  TeardownStatusBody,
  VerifyStatus,
} from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { isRecord } from '../lib/json';
import { PROGRESS_STAGES, type Stage } from '../lib/stages';
import { siteInstanceId, teardownInstanceId } from '../orchestrations/names';
import type { TeardownSummary } from '../orchestrations/orchestrationTypes';
import type { ConnectionStatus, SiteStatus, StageMap, TeardownStatus } from '../orchestrations/statusTypes';
import { statusUrlFor } from './apiResult';
import { phaseOf } from './connectionPhase';
import type { InstanceSnapshot } from './instanceStore';
import { rotationsIn } from './rotationConflict';
import { rotationViews } from './rotationStatus';
import { latestTime, nowNotBefore } from './taskHubClock';

/** The cloud whose VM runs the connectivity check (orchestrations/verifyConnectivity). */
const VERIFY_CLOUD: CloudId = 'azure';

export interface ConnectionInstances {
  provisioning: InstanceSnapshot;
  sites: Partial<Record<CloudId, InstanceSnapshot>>;
  teardown?: InstanceSnapshot;
  /** Its shared-key rotations, newest first. */
  rotations?: InstanceSnapshot[];
}

/** `now`: the task hub's time of the answer (InstanceStore.now). */
export function buildDomainStatus(name: string, instances: ConnectionInstances, now: string): ConnectionStatusBody {
  const { provisioning } = instances;
  const status = asConnectionStatus(provisioning.customStatus);
  const sites = currentSites(provisioning, instances.sites);

  const stages = {} as ConnectionStatusBody['stages'];
  for (const cloud of CLOUD_IDS) {
    const fromChild = asSiteStatus(sites[cloud]?.customStatus)?.stages ?? {};
    stages[cloud] = withPendingStages(cloud, { ...fromChild, ...(status?.stages[cloud] ?? {}) }, status?.verify);
  }

  const summary =
    provisioning.runtimeStatus === 'Completed' && isRecord(provisioning.output)
      ? (provisioning.output as unknown as ProvisionSummary)
      : null;

  const errors = runErrors(provisioning, status, sites);
  const events = [...(status?.events ?? [])];
  for (const cloud of CLOUD_IDS) {
    for (const id of asSiteStatus(sites[cloud]?.customStatus)?.events ?? []) if (!events.includes(id)) events.push(id);
  }

  const teardown = instances.teardown ? teardownView(instances.teardown) : null;
  const lastUpdatedTime = runLastUpdated(provisioning, sites);
  const stamps = CLOUD_IDS.flatMap((cloud) => Object.values(stages[cloud]).flatMap((s) => [s?.startedAt, s?.endedAt]));
  return {
    name,
    instanceId: provisioning.instanceId,
    runtimeStatus: provisioning.runtimeStatus,
    createdTime: provisioning.createdTime,
    lastUpdatedTime,
    now: nowNotBefore(now, [lastUpdatedTime, teardown?.createdTime, teardown?.lastUpdatedTime, ...stamps]),
    phase: phaseOf(provisioning, status?.phase, instances.teardown),
    statusUrl: statusUrlFor(name),
    stages,
    connection: { ...(status?.tunnel ?? { state: 'pending' }), verify: status?.verify ?? { state: 'pending' } },
    events,
    error: errors[0] ?? null,
    errors,
    rollback: status?.rollback ?? null,
    teardown,
    summary,
    addresses: addressesOf(summary, status, sites),
    preflight: status?.preflight ?? null,
    monitor: null,
    rotations: rotationViews(instances.rotations ?? []),
  };
}

/** A connection's instances, found by their ids in a listing of the task hub. */
export function connectionInstancesIn(
  byId: ReadonlyMap<string, InstanceSnapshot>,
  name: string,
  provisioning: InstanceSnapshot,
): ConnectionInstances {
  const sites: ConnectionInstances['sites'] = {};
  for (const cloud of CLOUD_IDS) {
    const site = byId.get(siteInstanceId(name, cloud));
    if (site) sites[cloud] = site;
  }
  const teardown = byId.get(teardownInstanceId(name));
  const rotations = rotationsIn([...byId.values()], name);
  return { provisioning, sites, ...(teardown ? { teardown } : {}), rotations };
}

/** The connection's entry in `GET /api/connections`: phase and last update as its status says them. */
export function listItemOf(name: string, instances: ConnectionInstances): ConnectionListItem {
  const { provisioning } = instances;
  const status = asConnectionStatus(provisioning.customStatus);
  return {
    name,
    instanceId: provisioning.instanceId,
    runtimeStatus: provisioning.runtimeStatus,
    phase: phaseOf(provisioning, status?.phase, instances.teardown),
    createdTime: provisioning.createdTime,
    lastUpdatedTime: runLastUpdated(provisioning, currentSites(provisioning, instances.sites)),
    statusUrl: statusUrlFor(name),
  };
}

/**
 * The run's last update: its latest episode in any of its orchestrations. The parent has none while its sites
 * build (it waits on them for most of the run), so its own lastUpdatedTime alone would stand still for half an hour.
 */
function runLastUpdated(provisioning: InstanceSnapshot, sites: Partial<Record<CloudId, InstanceSnapshot>>): string {
  const times = [provisioning, ...CLOUD_IDS.map((cloud) => sites[cloud])].map((instance) => instance?.lastUpdatedTime);
  return latestTime(times) ?? provisioning.lastUpdatedTime;
}

/**
 * A rerun reuses the children's instance ids: until the new run starts them, they still hold the previous run's
 * status. Only children created since this run began describe it.
 */
function currentSites(
  provisioning: InstanceSnapshot,
  sites: Partial<Record<CloudId, InstanceSnapshot>>,
): Partial<Record<CloudId, InstanceSnapshot>> {
  const since = Date.parse(provisioning.createdTime);
  const current: Partial<Record<CloudId, InstanceSnapshot>> = {};
  for (const cloud of CLOUD_IDS) {
    const site = sites[cloud];
    if (site && !(Date.parse(site.createdTime) < since)) current[cloud] = site;
  }
  return current;
}

/**
 * Each address from the most final source that has it: the summary (a Completed run), then the parent's status
 * (once a site finished), then the site child's status (while it runs). An empty string counts as unknown.
 */
function addressesOf(
  summary: ProvisionSummary | null,
  status: ConnectionStatus | undefined,
  sites: Partial<Record<CloudId, InstanceSnapshot>>,
): Record<CloudId, SiteAddresses> {
  const out = {} as Record<CloudId, SiteAddresses>;
  for (const cloud of CLOUD_IDS) {
    const sources: unknown[] = [
      summary?.sites?.[cloud],
      status?.addresses?.[cloud],
      asSiteStatus(sites[cloud]?.customStatus)?.addresses,
    ];
    const addresses: SiteAddresses = {};
    for (const field of ['vmPrivateIp', 'gatewayPublicIp'] as const) {
      const value = sources.map((source) => (isRecord(source) ? source[field] : undefined)).find(isAddress);
      if (value !== undefined) addresses[field] = value;
    }
    out[cloud] = addresses;
  }
  return out;
}

function isAddress(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function withPendingStages(cloud: CloudId, map: StageMap, verify: VerifyStatus | undefined): StageMap {
  const all: Stage[] = PROGRESS_STAGES.filter((stage) => stage !== 'verify');
  if (cloud === VERIFY_CLOUD && verify?.state !== 'skipped') all.push('verify');
  const out: StageMap = {};
  for (const stage of all) out[stage] = map[stage] ?? { state: 'pending' };
  return out;
}

/**
 * Every failure of the run, the one `error` shows first: the parent's own (all of them), else what Durable says
 * of a run that ended without our status, else the failed sites' while the parent still waits for the other one
 * (it fails only once both settled, so a rollback never races a site still creating resources; the caller learns
 * the cause right away, and both causes when both sites failed).
 */
function runErrors(
  provisioning: InstanceSnapshot,
  status: ConnectionStatus | undefined,
  sites: Partial<Record<CloudId, InstanceSnapshot>>,
): FailureInfo[] {
  const own = failuresIn(status);
  if (own.length > 0) return own;
  const ended = endedWithoutStatus(provisioning, 'the run');
  if (ended) return [ended];
  return CLOUD_IDS.flatMap((cloud) => failuresIn(asSiteStatus(sites[cloud]?.customStatus)));
}

/** A status's failures: `errors` (every one, `error` first), or `error` alone as statuses before `errors` had it. */
function failuresIn(status: { error?: FailureInfo; errors?: FailureInfo[] } | undefined): FailureInfo[] {
  if (!status?.error) return [];
  return status.errors !== undefined && status.errors.length > 0 ? status.errors : [status.error];
}

/** A failure Durable reports for an instance that ended without one of ours (a crash, a termination). */
function endedWithoutStatus(instance: InstanceSnapshot, what: string): FailureInfo | undefined {
  switch (instance.runtimeStatus) {
    case 'Failed':
      return { code: 'OrchestrationFailed', message: textOf(instance.output) };
    case 'Terminated':
      return { code: 'Terminated', message: textOf(instance.output) || `${what} was terminated` };
    case 'Canceled':
      return { code: 'Canceled', message: textOf(instance.output) || `${what} was canceled` };
    default:
      return undefined;
  }
}

function teardownView(instance: InstanceSnapshot): TeardownStatusBody {
  const status = asTeardownStatus(instance.customStatus);
  const deleted: Partial<Record<CloudId, string[]>> = {};
  const output = isRecord(instance.output) ? (instance.output as unknown as TeardownSummary) : undefined;
  const own = failuresIn(status);
  const failed = instance.runtimeStatus === 'Failed' ? endedWithoutStatus(instance, 'the teardown') : undefined;
  const errors = own.length > 0 ? own : failed ? [failed] : [];
  for (const cloud of CLOUD_IDS) {
    const ids = output?.deleted?.[cloud] ?? status?.clouds[cloud]?.deleted;
    if (ids) deleted[cloud] = ids;
  }
  return {
    instanceId: instance.instanceId,
    runtimeStatus: instance.runtimeStatus,
    createdTime: instance.createdTime,
    lastUpdatedTime: instance.lastUpdatedTime,
    deleted,
    error: errors[0] ?? null,
    errors,
  };
}

function asConnectionStatus(value: unknown): ConnectionStatus | undefined {
  return isRecord(value) && value.kind === 'connection' ? (value as unknown as ConnectionStatus) : undefined;
}

function asSiteStatus(value: unknown): SiteStatus | undefined {
  return isRecord(value) && value.kind === 'site' ? (value as unknown as SiteStatus) : undefined;
}

function asTeardownStatus(value: unknown): TeardownStatus | undefined {
  return isRecord(value) && value.kind === 'teardown' ? (value as unknown as TeardownStatus) : undefined;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}
