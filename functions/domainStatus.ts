// Builds the domain status of a connection (`GET /api/connections/{name}`) from the Durable status of its
// provisioning instance, its two site children (read while they run) and its teardown. Pure: snapshots in, JSON
// out. Never copies the orchestration input or any Durable URL into the answer.
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { LINK_STAGES, SITE_STAGES, type Stage } from '../lib/stages';
import type {
  ConnectionStatus,
  FailureInfo,
  SiteAddresses,
  SiteStatus,
  StageMap,
  StageState,
  TeardownStatus,
  TunnelStatus,
  VerifyStatus,
} from '../orchestrations/statusTypes';
import type { ProvisionSummary, TeardownSummary } from '../orchestrations/orchestrationTypes';
import { statusUrlFor } from './apiResult';
import type { InstanceSnapshot } from './instanceStore';

/** The cloud whose VM runs the connectivity check (orchestrations/verifyConnectivity). */
const VERIFY_CLOUD: CloudId = 'azure';

export interface DomainStatus {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  phase: string | null;
  statusUrl: string;
  stages: Record<CloudId, Partial<Record<Stage, StageState>>>;
  connection: TunnelStatus & { verify: VerifyStatus };
  events: string[];
  error: (FailureInfo & { message: string }) | null;
  rollback: { state: string; instanceId: string } | null;
  teardown: TeardownView | null;
  /** When Completed: what was built (ids and addresses, no secret). */
  summary: ProvisionSummary | null;
  /** Every cloud, with each address as soon as it is known (from the summary, else the parent, else the child). */
  addresses: Record<CloudId, SiteAddresses>;
}

export interface TeardownView {
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  deleted: Partial<Record<CloudId, string[]>>;
  error: FailureInfo | null;
}

export interface ConnectionInstances {
  provisioning: InstanceSnapshot;
  sites: Partial<Record<CloudId, InstanceSnapshot>>;
  teardown?: InstanceSnapshot;
}

export function buildDomainStatus(name: string, instances: ConnectionInstances): DomainStatus {
  const { provisioning } = instances;
  const status = asConnectionStatus(provisioning.customStatus);
  const sites = currentSites(provisioning, instances.sites);

  const stages = {} as DomainStatus['stages'];
  for (const cloud of CLOUD_IDS) {
    const fromChild = asSiteStatus(sites[cloud]?.customStatus)?.stages ?? {};
    stages[cloud] = withPendingStages(cloud, { ...fromChild, ...(status?.stages[cloud] ?? {}) }, status?.verify);
  }

  const summary =
    provisioning.runtimeStatus === 'Completed' && isRecord(provisioning.output)
      ? (provisioning.output as unknown as ProvisionSummary)
      : null;

  const events = [...(status?.events ?? [])];
  for (const cloud of CLOUD_IDS) {
    for (const id of asSiteStatus(sites[cloud]?.customStatus)?.events ?? []) if (!events.includes(id)) events.push(id);
  }

  return {
    name,
    instanceId: provisioning.instanceId,
    runtimeStatus: provisioning.runtimeStatus,
    createdTime: provisioning.createdTime,
    lastUpdatedTime: provisioning.lastUpdatedTime,
    phase: status?.phase ?? null,
    statusUrl: statusUrlFor(name),
    stages,
    connection: { ...(status?.tunnel ?? { state: 'pending' }), verify: status?.verify ?? { state: 'pending' } },
    events,
    error: errorOf(provisioning, status) ?? siteError(sites),
    rollback: status?.rollback ?? null,
    teardown: instances.teardown ? teardownView(instances.teardown) : null,
    summary,
    addresses: addressesOf(summary, status, sites),
  };
}

/** The connection's entry in `GET /api/connections`. */
export function listItemOf(name: string, instance: InstanceSnapshot) {
  const status = asConnectionStatus(instance.customStatus);
  return {
    name,
    instanceId: instance.instanceId,
    runtimeStatus: instance.runtimeStatus,
    phase: status?.phase ?? null,
    createdTime: instance.createdTime,
    lastUpdatedTime: instance.lastUpdatedTime,
    statusUrl: statusUrlFor(name),
  };
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
  const all: Stage[] = [...SITE_STAGES, ...LINK_STAGES.filter((stage) => stage !== 'verify')];
  if (cloud === VERIFY_CLOUD && verify?.state !== 'skipped') all.push('verify');
  const out: StageMap = {};
  for (const stage of all) out[stage] = map[stage] ?? { state: 'pending' };
  return out;
}

function errorOf(provisioning: InstanceSnapshot, status: ConnectionStatus | undefined): DomainStatus['error'] {
  if (status?.error) return status.error;
  switch (provisioning.runtimeStatus) {
    case 'Failed':
      return { code: 'OrchestrationFailed', message: textOf(provisioning.output) };
    case 'Terminated':
      return { code: 'Terminated', message: textOf(provisioning.output) || 'the run was terminated' };
    case 'Canceled':
      return { code: 'Canceled', message: textOf(provisioning.output) || 'the run was canceled' };
    default:
      return null;
  }
}

/**
 * A site that failed while the other one is still being built: the parent fails only once both settled (so a
 * rollback never races a site still creating resources), but the caller learns the cause right away.
 */
function siteError(sites: Partial<Record<CloudId, InstanceSnapshot>>): FailureInfo | null {
  for (const cloud of CLOUD_IDS) {
    const error = asSiteStatus(sites[cloud]?.customStatus)?.error;
    if (error) return error;
  }
  return null;
}

function teardownView(instance: InstanceSnapshot): TeardownView {
  const status = asTeardownStatus(instance.customStatus);
  const deleted: Partial<Record<CloudId, string[]>> = {};
  const output = isRecord(instance.output) ? (instance.output as unknown as TeardownSummary) : undefined;
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
    error:
      status?.error ??
      (instance.runtimeStatus === 'Failed' ? { code: 'OrchestrationFailed', message: textOf(instance.output) } : null),
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}
