// Builds the domain status of a connection (`GET /api/connections/{name}`) from the Durable status of its
// provisioning instance, its children (the hub's and each site's provisionSite, each site's linkSite: read while they
// run) and its teardown, with the task hub's time of the answer. Pure: snapshots in, JSON out, in the API's wire types (lib/api/connectionStatus.ts). Never copies the
// orchestration input or any Durable URL into the answer.
import type {
  ConnectionListItem,
  ConnectionPhase,
  ConnectionStatusBody,
  FailureInfo,
  HubStatusBody,
  MonitorStatus,
  PlanChangeStatus,
  ProvisionSummary,
  SiteAddresses,
  SiteStatusBody,
  TeardownStatusBody,
  TransitStatus,
  VerifyStatus,
} from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { isRecord } from '../lib/json';
import { siteNamesOf } from '../lib/plan/pairs';
import { DEFAULT_SITE_NAME } from '../lib/plan/types';
import { LINK_STAGES, PROGRESS_STAGES, SITE_STAGES, type Stage } from '../lib/stages';
import {
  linkInstanceId,
  monitorInstanceId,
  siteInstanceId,
  stampSiteInstanceId,
  teardownInstanceId,
} from '../orchestrations/names';
import type { TeardownSummary } from '../orchestrations/orchestrationTypes';
import { siteFailure } from '../orchestrations/pairFailures';
import { readPlanChange, readProvisionInput } from '../orchestrations/planInput';
import type {
  ConnectionStatus,
  LinkStatus,
  MonitorCustomStatus,
  SiteStatus,
  StageMap,
  TeardownStatus,
} from '../orchestrations/statusTypes';
import { transitAtStart } from '../orchestrations/verifyTransit';
import { statusUrlFor } from './apiResult';
import { phaseOf } from './connectionPhase';
import { isActive, type InstanceSnapshot } from './instanceStore';
import { rotationsIn } from './rotationConflict';
import { rotationViews } from './rotationStatus';
import { latestTime, nowNotBefore } from './taskHubClock';

/** The cloud whose VM runs the connectivity check (orchestrations/verifyConnectivity). */
const VERIFY_CLOUD: CloudId = 'azure';

export interface ConnectionInstances {
  provisioning: InstanceSnapshot;
  /** The provisionSite children of the hub (`azure`) and of the site azurestack (`azureStack`). */
  sites: Partial<Record<CloudId, InstanceSnapshot>>;
  /** The plan's site names, in its order (default: the one site azurestack). */
  siteNames?: string[];
  /** Each site's provisionSite child, by site (the site azurestack's is `sites.azureStack`). */
  stamps?: Record<string, InstanceSnapshot>;
  /** Each site's linkSite child, by site. */
  links?: Record<string, InstanceSnapshot>;
  teardown?: InstanceSnapshot;
  /** Its shared-key rotations, newest first. */
  rotations?: InstanceSnapshot[];
  /** The health monitor `hc-<name>:monitor`, once a successful run started it. */
  monitor?: InstanceSnapshot;
}

/** The children of the current run, read while they run: the hub's, and each site's site and link children. */
interface RunChildren {
  hub?: InstanceSnapshot;
  stamps: Record<string, InstanceSnapshot>;
  links: Record<string, InstanceSnapshot>;
}

/** `now`: the task hub's time of the answer (InstanceStore.now). */
export function buildDomainStatus(name: string, instances: ConnectionInstances, now: string): ConnectionStatusBody {
  const { provisioning } = instances;
  const status = asConnectionStatus(provisioning.customStatus);
  const siteNames = instances.siteNames ?? [DEFAULT_SITE_NAME];
  const children = currentChildren(provisioning, instances, siteNames);
  const [firstSite = DEFAULT_SITE_NAME] = siteNames;
  const firstLink = asLinkStatus(children.links[firstSite]?.customStatus);
  // While the links run the parent waits: the first site's link child has the newer view of its pair.
  const live = status?.phase === 'link' ? firstLink : undefined;

  const stages = {} as ConnectionStatusBody['stages'];
  for (const cloud of CLOUD_IDS) {
    const child = cloud === 'azure' ? children.hub : children.stamps[firstSite];
    const fromChild = asSiteStatus(child?.customStatus)?.stages ?? {};
    const verify = live?.verify ?? status?.verify;
    stages[cloud] = withPendingStages(
      cloud,
      { ...fromChild, ...(status?.stages[cloud] ?? {}), ...(firstLink?.stages[cloud] ?? {}) },
      verify,
    );
  }

  const summary =
    provisioning.runtimeStatus === 'Completed' && isRecord(provisioning.output)
      ? (provisioning.output as unknown as ProvisionSummary)
      : null;

  const errors = runErrors(provisioning, status, children, siteNames);
  const events = [...(status?.events ?? [])];
  const childStatuses = [
    asSiteStatus(children.hub?.customStatus),
    ...siteNames.flatMap((site) => [
      asSiteStatus(children.stamps[site]?.customStatus),
      asLinkStatus(children.links[site]?.customStatus),
    ]),
  ];
  for (const child of childStatuses) for (const id of child?.events ?? []) if (!events.includes(id)) events.push(id);

  const teardown = instances.teardown ? teardownView(instances.teardown) : null;
  const lastUpdatedTime = runLastUpdated(provisioning, children);
  const sites = sitesOf(siteNames, status, children);
  const hub = hubOf(status, children, firstLink);
  const stamps = [
    ...CLOUD_IDS.flatMap((cloud) => Object.values(stages[cloud])),
    ...Object.values(sites).flatMap((site) => CLOUD_IDS.flatMap((cloud) => Object.values(site.stages[cloud]))),
  ].flatMap((s) => [s?.startedAt, s?.endedAt]);
  const tunnel = live?.tunnel ?? status?.tunnel ?? { state: 'pending' };
  return {
    name,
    instanceId: provisioning.instanceId,
    runtimeStatus: provisioning.runtimeStatus,
    createdTime: provisioning.createdTime,
    lastUpdatedTime,
    now: nowNotBefore(now, [lastUpdatedTime, teardown?.createdTime, teardown?.lastUpdatedTime, ...stamps]),
    phase: phaseOf(provisioning, runPhase(status, children, siteNames), instances.teardown),
    statusUrl: statusUrlFor(name),
    stages,
    sites,
    hub,
    connection: { ...tunnel, verify: live?.verify ?? status?.verify ?? { state: 'pending' } },
    ...transitOf(provisioning, status),
    events,
    error: errors[0] ?? null,
    errors,
    rollback: status?.rollback ?? null,
    change: status?.change ?? changeOfRun(provisioning),
    teardown,
    summary,
    addresses: addressesOf(summary, status, children, firstSite),
    preflight: status?.preflight ?? null,
    monitor: instances.monitor ? monitorView(provisioning, instances.monitor) : null,
    rotations: rotationViews(instances.rotations ?? []),
  };
}

/** The instance ids of a connection's run children, for the plan's sites: the hub's, each site's and each link's. */
export function runChildIds(name: string, siteNames: readonly string[]): string[] {
  return [
    siteInstanceId(name, 'azure'),
    ...siteNames.flatMap((site) => [stampSiteInstanceId(name, site), linkInstanceId(name, site)]),
  ];
}

/** The site names of the plan a run was started with (the one site azurestack when its input cannot be read). */
export function siteNamesOfRun(provisioning: InstanceSnapshot): string[] {
  const stored = readProvisionInput(provisioning.input);
  return stored.ok ? siteNamesOf(stored.plan) : [DEFAULT_SITE_NAME];
}

/** The transit ping (options.transit, 2+ sites): as the run records it, or from its input before its first status. */
function transitOf(provisioning: InstanceSnapshot, status: ConnectionStatus | undefined): { transit?: TransitStatus } {
  if (status?.transit !== undefined) return { transit: status.transit };
  if (status !== undefined) return {};
  const stored = readProvisionInput(provisioning.input);
  const transit = stored.ok ? transitAtStart(stored.plan) : undefined;
  return transit !== undefined ? { transit } : {};
}

/** A replacing run's change before its first status (the answer to its PUT): from its input; null for a POST's run. */
function changeOfRun(provisioning: InstanceSnapshot): PlanChangeStatus | null {
  const read = readPlanChange(provisioning.input);
  if (!read.ok || read.change === undefined) return null;
  const { added, removed, unchanged } = read.change;
  return { added, removed: removed.map((site) => site.name), unchanged, removals: {} };
}

/** A connection's instances, found by their ids in a listing of the task hub (or any lookup by id). */
export function connectionInstancesIn(
  byId: ReadonlyMap<string, InstanceSnapshot>,
  name: string,
  provisioning: InstanceSnapshot,
): ConnectionInstances {
  const siteNames = siteNamesOfRun(provisioning);
  const sites: ConnectionInstances['sites'] = {};
  for (const cloud of CLOUD_IDS) {
    const site = byId.get(siteInstanceId(name, cloud));
    if (site) sites[cloud] = site;
  }
  const stamps: Record<string, InstanceSnapshot> = {};
  const links: Record<string, InstanceSnapshot> = {};
  for (const site of siteNames) {
    const stamp = byId.get(stampSiteInstanceId(name, site));
    if (stamp) stamps[site] = stamp;
    const link = byId.get(linkInstanceId(name, site));
    if (link) links[site] = link;
  }
  const teardown = byId.get(teardownInstanceId(name));
  const rotations = rotationsIn([...byId.values()], name);
  const monitor = byId.get(monitorInstanceId(name));
  return {
    provisioning,
    sites,
    siteNames,
    stamps,
    links,
    ...(teardown ? { teardown } : {}),
    ...(monitor ? { monitor } : {}),
    rotations,
  };
}

/** The connection's entry in `GET /api/connections`: phase and last update as its status says them. */
export function listItemOf(name: string, instances: ConnectionInstances): ConnectionListItem {
  const { provisioning } = instances;
  const status = asConnectionStatus(provisioning.customStatus);
  const siteNames = instances.siteNames ?? [DEFAULT_SITE_NAME];
  const children = currentChildren(provisioning, instances, siteNames);
  return {
    name,
    instanceId: provisioning.instanceId,
    runtimeStatus: provisioning.runtimeStatus,
    phase: phaseOf(provisioning, runPhase(status, children, siteNames), instances.teardown),
    createdTime: provisioning.createdTime,
    lastUpdatedTime: runLastUpdated(provisioning, children),
    statusUrl: statusUrlFor(name),
  };
}

/** The phases of a run, in the order it goes through them: a fleet's links are as far as the slowest one. */
const PHASE_ORDER: readonly ConnectionPhase[] = ['validating', 'preflight', 'sites', 'link', 'tunnel', 'verify'];

/**
 * Where the run is: its own phase, but while it waits for its links, the phase of the least advanced link still
 * running (for one site: that site's), since the run itself records nothing until they end.
 */
function runPhase(
  status: ConnectionStatus | undefined,
  children: RunChildren,
  siteNames: readonly string[],
): ConnectionPhase | undefined {
  if (status?.phase !== 'link') return status?.phase;
  const running = siteNames
    .map((site) => asLinkStatus(children.links[site]?.customStatus)?.phase)
    .filter((phase): phase is ConnectionPhase => phase !== undefined && PHASE_ORDER.includes(phase));
  if (running.length === 0) return status.phase;
  return running.reduce((least, phase) => (PHASE_ORDER.indexOf(phase) < PHASE_ORDER.indexOf(least) ? phase : least));
}

/**
 * The run's last update: its latest episode in any of its orchestrations. The parent has none while its sites
 * build and link (it waits on them for most of the run), so its own lastUpdatedTime alone would stand still.
 */
function runLastUpdated(provisioning: InstanceSnapshot, children: RunChildren): string {
  const times = [provisioning, children.hub, ...Object.values(children.stamps), ...Object.values(children.links)].map(
    (instance) => instance?.lastUpdatedTime,
  );
  return latestTime(times) ?? provisioning.lastUpdatedTime;
}

/**
 * A rerun reuses the children's instance ids: until the new run starts them, they still hold the previous run's
 * status. Only children created since this run began describe it.
 */
function currentChildren(
  provisioning: InstanceSnapshot,
  instances: ConnectionInstances,
  siteNames: readonly string[],
): RunChildren {
  const since = Date.parse(provisioning.createdTime);
  const current = (child: InstanceSnapshot | undefined): InstanceSnapshot | undefined =>
    child && !(Date.parse(child.createdTime) < since) ? child : undefined;
  const stamps: Record<string, InstanceSnapshot> = {};
  const links: Record<string, InstanceSnapshot> = {};
  for (const site of siteNames) {
    const stamp = current(
      instances.stamps?.[site] ?? (site === DEFAULT_SITE_NAME ? instances.sites.azureStack : undefined),
    );
    if (stamp) stamps[site] = stamp;
    const link = current(instances.links?.[site]);
    if (link) links[site] = link;
  }
  const hub = current(instances.sites.azure);
  return { ...(hub ? { hub } : {}), stamps, links };
}

/**
 * Every site's stages, tunnel, ping, addresses and failure, from its site child and its link child (their statuses
 * stay once they ended; the run records only its first site's, as before fleets, and that one is used too); every
 * stage pending until it starts.
 */
function sitesOf(
  siteNames: readonly string[],
  status: ConnectionStatus | undefined,
  children: RunChildren,
): Record<string, SiteStatusBody> {
  const out: Record<string, SiteStatusBody> = {};
  siteNames.forEach((site, index) => {
    const recorded = index === 0 ? status : undefined;
    const linkInstance = children.links[site];
    const link = asLinkStatus(linkInstance?.customStatus);
    const stamp = asSiteStatus(children.stamps[site]?.customStatus);
    const verify = link?.verify ?? recorded?.verify ?? { state: 'pending' };
    const error =
      firstOf(link) ??
      (linkInstance && !link ? endedWithoutStatus(linkInstance, `the link of site ${site}`) : undefined) ??
      firstOf(stamp);
    const addresses = link?.addresses?.azureStack ?? recorded?.addresses?.azureStack ?? stamp?.addresses;
    out[site] = {
      stages: {
        azure: withPending(
          LINK_STAGES,
          {
            ...pickStages(recorded?.stages.azure ?? {}, LINK_STAGES),
            ...pickStages(link?.stages.azure ?? {}, LINK_STAGES),
          },
          verify,
        ),
        azureStack: withPendingStages(
          'azureStack',
          { ...(stamp?.stages ?? {}), ...(recorded?.stages.azureStack ?? {}), ...(link?.stages.azureStack ?? {}) },
          verify,
        ),
      },
      tunnel: link?.tunnel ??
        (recorded && recorded.phase !== 'link' ? recorded.tunnel : undefined) ?? { state: 'pending' },
      verify,
      ...(addresses !== undefined ? { addresses } : {}),
      ...(error !== undefined ? { error: siteFailure(error, site) } : {}),
    };
  });
  return out;
}

/** The hub's shared stages: its site child's, then what the run recorded, then what the first link saw of them. */
function hubOf(
  status: ConnectionStatus | undefined,
  children: RunChildren,
  firstLink: LinkStatus | undefined,
): HubStatusBody {
  const child = asSiteStatus(children.hub?.customStatus);
  const stages = withPending(SITE_STAGES, {
    ...(child?.stages ?? {}),
    ...pickStages(status?.stages.azure ?? {}, SITE_STAGES),
    ...pickStages(firstLink?.stages.azure ?? {}, SITE_STAGES),
  });
  const addresses = firstLink?.addresses?.azure ?? status?.addresses?.azure ?? child?.addresses;
  return { stages, ...(addresses !== undefined ? { addresses } : {}) };
}

function firstOf(status: { error?: FailureInfo; errors?: FailureInfo[] } | undefined): FailureInfo | undefined {
  return failuresIn(status)[0];
}

function pickStages(map: StageMap, stages: readonly Stage[]): StageMap {
  const out: StageMap = {};
  for (const stage of stages) {
    const state = map[stage];
    if (state !== undefined) out[stage] = state;
  }
  return out;
}

/** `stages`, each as the map has it or pending; verify only when the ping is not skipped. */
function withPending(stages: readonly Stage[], map: StageMap, verify?: VerifyStatus): StageMap {
  const out: StageMap = {};
  for (const stage of stages) {
    if (stage === 'verify' && verify?.state === 'skipped') continue;
    out[stage] = map[stage] ?? { state: 'pending' };
  }
  return out;
}

/**
 * Each address from the most final source that has it: the summary (a Completed run), then the parent's status
 * (once a site finished), then the site child's status (while it runs). An empty string counts as unknown.
 */
function addressesOf(
  summary: ProvisionSummary | null,
  status: ConnectionStatus | undefined,
  children: RunChildren,
  firstSite: string,
): Record<CloudId, SiteAddresses> {
  const out = {} as Record<CloudId, SiteAddresses>;
  const link = asLinkStatus(children.links[firstSite]?.customStatus);
  for (const cloud of CLOUD_IDS) {
    const child = cloud === 'azure' ? children.hub : children.stamps[firstSite];
    const sources: unknown[] = [
      summary?.sites?.[cloud],
      status?.addresses?.[cloud],
      link?.addresses?.[cloud],
      asSiteStatus(child?.customStatus)?.addresses,
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
 * of a run that ended without our status, else the failed children's while the parent still waits for the others
 * (it fails only once all settled, so a rollback never races a site still creating resources; the caller learns
 * each cause right away): the hub's, then each site's, each failure once, naming its site.
 */
function runErrors(
  provisioning: InstanceSnapshot,
  status: ConnectionStatus | undefined,
  children: RunChildren,
  siteNames: readonly string[],
): FailureInfo[] {
  const own = failuresIn(status);
  if (own.length > 0) return own;
  const ended = endedWithoutStatus(provisioning, 'the run');
  if (ended) return [ended];
  const all = [
    ...failuresIn(asSiteStatus(children.hub?.customStatus)),
    ...siteNames.flatMap((site) =>
      [
        ...failuresIn(asSiteStatus(children.stamps[site]?.customStatus)),
        ...failuresIn(asLinkStatus(children.links[site]?.customStatus)),
      ].map((failure) => siteFailure(failure, site)),
    ),
  ];
  const seen = new Set<string>();
  const once = all.filter((failure) => {
    const key = JSON.stringify(failure);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // The hub's shared failures (every link saw them) first, as the run will list them.
  return [...once].sort((a, b) => Number(a.site !== undefined) - Number(b.site !== undefined));
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

/**
 * The health monitor as its custom status and runtime status tell it: `running` while the instance is alive and has
 * not said stopped; `stopped` once it ended (StopMonitor, a termination, a failure). A monitor that stopped before
 * this run began belongs to an earlier life of the connection: null.
 */
function monitorView(provisioning: InstanceSnapshot, instance: InstanceSnapshot): MonitorStatus | null {
  const alive = isActive(instance);
  if (!alive && Date.parse(instance.lastUpdatedTime) < Date.parse(provisioning.createdTime)) return null;
  const status = asMonitorStatus(instance.customStatus);
  return {
    instanceId: instance.instanceId,
    state: alive && status?.state !== 'stopped' ? 'running' : 'stopped',
    intervalMinutes: status?.intervalMinutes ?? 0,
    repair: status?.repair ?? null,
    reads: status?.reads ?? [],
    transitions: status?.transitions ?? [],
    repairs: status?.repairs ?? [],
  };
}

function asMonitorStatus(value: unknown): MonitorCustomStatus | undefined {
  return isRecord(value) && value.kind === 'monitor' ? (value as unknown as MonitorCustomStatus) : undefined;
}

function asConnectionStatus(value: unknown): ConnectionStatus | undefined {
  return isRecord(value) && value.kind === 'connection' ? (value as unknown as ConnectionStatus) : undefined;
}

function asLinkStatus(value: unknown): LinkStatus | undefined {
  return isRecord(value) && value.kind === 'link' ? (value as unknown as LinkStatus) : undefined;
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
