// The true dependency DAG of a fleet provisioning (one Azure hub, N Azure Stack Hub sites), built from the simulator's
// operation log, and its longest chain. Pure: operation spans in, numbers out. The single-site rules of
// bench/workflow/criticalPath.ts per hub-site pair: each site's local network gateway on the hub needs only that
// site's address, its connection on the hub the hub's gateway and that local network gateway; on the stamp the same
// with the hub's address and the site's own gateway; the tunnel both connections plus its IKE establishment. The hub's
// VNet, public IP, gateway and VM are built once and shared by every pair. Two things of the hub take one write at a
// time: its gateway's connections (NRP locks a gateway with its connections: a second write is answered
// AnotherOperationInProgress) and its VM's Run Commands, the pings (a second is answered Conflict). Each is a queue:
// a site's job starts once its needs are done and the one before it ended, earliest-ready first (the order that ends
// soonest on one machine).
import {
  chainTo,
  earliestFinish,
  stepOf,
  type CriticalPath,
  type Finishes,
  type StepName,
} from '../workflow/criticalPath';

/** One ARM write as the simulator ran it (virtual ms), with where it ran. */
export interface FleetSpan {
  /** 'hub' for the Azure side, 'site' for a site's stamp. */
  side: 'hub' | 'site';
  /** The site it belongs to: every operation on its stamp, and its local network gateway and connection on the hub. */
  site?: string;
  resourceId: string;
  kind: string;
  start: number;
  end: number;
}

export interface FleetPathInput {
  /** The plan's sites, in plan order. */
  sites: readonly string[];
  spans: readonly FleetSpan[];
  /** Whether each gateway public IP is Static (its address known as soon as the public IP exists). */
  staticPublicIp: { hub: boolean; sites: Readonly<Record<string, boolean>> };
  /** Per site: IKE establishment after both of its connections succeeded (the simulator's, per tunnel). */
  establishMs: Readonly<Record<string, number>>;
}

export interface FleetCriticalPath extends CriticalPath {
  /** Gateway builds on the longest chain: 1 when the fleet costs one gateway build, N if the builds queued. */
  gatewaysOnPath: number;
}

/** Steps built once per site on the hub side (the rest of the hub is shared by every site). */
const PER_SITE_ON_HUB: ReadonlySet<StepName> = new Set(['lgw', 'connection']);

const HUB = 'hub';
const hub = (step: string): string => `${HUB}:${step}`;
const onHubFor = (step: string, site: string): string => `${HUB}:${step}(${site})`;
const ofSite = (site: string, step: string): string => `${site}:${step}`;
const tunnel = (site: string): string => `tunnel(${site})`;
const ping = (site: string): string => `ping(${site})`;

/** The DAG node a span is, 'ping' for a Run Command on the hub's VM, or undefined for what the DAG leaves out. */
function nodeOf(span: FleetSpan): string | undefined {
  const step = stepOf(span);
  if (step === undefined) return undefined;
  if (span.side === 'site') return span.site === undefined || step === 'ping' ? undefined : ofSite(span.site, step);
  if (step === 'ping') return 'ping';
  if (!PER_SITE_ON_HUB.has(step)) return hub(step);
  return span.site === undefined ? undefined : onHubFor(step, span.site);
}

/** Each node's duration (its first operation: a later re-PUT is not on the path), and the pings' in the order run. */
export function fleetDurations(spans: readonly FleetSpan[]): { durations: Record<string, number>; pings: number[] } {
  const durations: Record<string, number> = {};
  const pings: number[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const node = nodeOf(span);
    const took = Math.max(0, span.end - span.start);
    if (node === 'ping') pings.push(took);
    else if (node !== undefined && !(node in durations)) durations[node] = took;
  }
  return { durations, pings };
}

/** The DAG's edges up to each site's tunnel: node -> the nodes it needs. */
export function fleetDependencies(
  sites: readonly string[],
  staticPublicIp: FleetPathInput['staticPublicIp'],
): Record<string, string[]> {
  const deps: Record<string, string[]> = {};
  const sideOf = (node: (step: string) => string): void => {
    deps[node('vnet')] = [];
    deps[node('pip')] = [];
    deps[node('nic')] = [node('vnet')];
    deps[node('vm')] = [node('nic')];
    deps[node('gateway')] = [node('vnet'), node('pip')];
  };
  sideOf(hub);
  const hubAddress = staticPublicIp.hub ? hub('pip') : hub('gateway');
  for (const site of sites) {
    if (site.includes('(') || site === HUB) throw new Error(`a site cannot be named ${site}`);
    const own = (step: string): string => ofSite(site, step);
    sideOf(own);
    deps[onHubFor('lgw', site)] = [staticPublicIp.sites[site] ? own('pip') : own('gateway')];
    deps[onHubFor('connection', site)] = [hub('gateway'), onHubFor('lgw', site)];
    deps[own('lgw')] = [hubAddress];
    deps[own('connection')] = [own('gateway'), own('lgw')];
    deps[tunnel(site)] = [onHubFor('connection', site), own('connection')];
  }
  return deps;
}

/** Work that one resource takes one at a time: each job waits for its needs and for the job before it. */
interface QueuedJob {
  node: string;
  needs: readonly string[];
}

/**
 * Runs `jobs` one after another, earliest-ready first (the order that ends soonest on one machine), the k-th to run
 * taking `durationOf(job, k)`; records each job's finish and what it waited for last (its needs or the job before).
 * Returns the last job's node.
 */
function runOneAtATime(
  jobs: readonly QueuedJob[],
  durationOf: (job: QueuedJob, position: number) => number,
  finish: (node: string) => number,
  finishes: Finishes,
  durations: Record<string, number>,
): string | undefined {
  const ready = jobs.map((job) => {
    const last = job.needs
      .map((node) => ({ node, at: finish(node) }))
      .reduce<{ node: string | undefined; at: number }>((a, b) => (b.at >= a.at ? b : a), { node: undefined, at: 0 });
    return { job, at: last.at, via: last.node };
  });
  let previous: { node: string; at: number } | undefined;
  for (const [position, { job, at, via }] of [...ready].sort((a, b) => a.at - b.at).entries()) {
    const queued = previous !== undefined && previous.at > at;
    durations[job.node] = durationOf(job, position);
    const end = (queued ? (previous?.at ?? at) : at) + durations[job.node];
    finishes.set(job.node, { at: end, via: queued ? previous?.node : via });
    previous = { node: job.node, at: end };
  }
  return previous?.node;
}

export function fleetCriticalPath(input: FleetPathInput): FleetCriticalPath {
  const { durations, pings } = fleetDurations(input.spans);
  for (const site of input.sites) durations[tunnel(site)] = input.establishMs[site] ?? 0;
  const deps = fleetDependencies(input.sites, input.staticPublicIp);
  const finishes: Finishes = new Map();
  const finish = (node: string): number => earliestFinish(node, deps, durations, finishes);
  // The hub gateway's connections are written one at a time (NRP answers AnotherOperationInProgress to a second).
  const connections = input.sites.map((site) => ({
    node: onHubFor('connection', site),
    needs: deps[onHubFor('connection', site)] ?? [],
  }));
  runOneAtATime(connections, (job) => durations[job.node] ?? 0, finish, finishes, durations);
  // Without pings (verification off) the run is done when its last tunnel is up.
  let end = input.sites.reduce<string | undefined>(
    (last, site) => (last === undefined || finish(tunnel(site)) > finish(last) ? tunnel(site) : last),
    undefined,
  );
  if (pings.length > 0) {
    // Each site's ping needs its tunnel and both VMs; the pings' durations are taken in the order they ran.
    const jobs = input.sites.map((site) => ({
      node: ping(site),
      needs: [tunnel(site), hub('vm'), ofSite(site, 'vm')],
    }));
    end = runOneAtATime(jobs, (_job, position) => pings[position] ?? 0, finish, finishes, durations);
  }
  if (end === undefined) return { lengthMs: 0, chain: [], durations, gatewaysOnPath: 0 };
  const chain = chainTo(finishes, end);
  return {
    lengthMs: finishes.get(end)?.at ?? 0,
    chain,
    durations,
    gatewaysOnPath: chain.filter((node) => node.endsWith(':gateway')).length,
  };
}
