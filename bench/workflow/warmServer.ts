// A `serve --simulate` server in this process for one measured run: started at the warm-up's time scale, a discarded
// warm-up run first (its events delivered), then the simulator reset and the clock set to the measured scale. What
// the workflow and fleet benches share; it always stops what it started and removes its data folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../cli/packageRoot';
import { startServer, type RunningServer } from '../../cli/startServer';
import type { CloudKey, ReadyInfo, Simulator, SimulatorInspector } from '../../simulator';
import { BenchScenarioError } from '../errors';
import { followRun, type RunFailure } from '../followRun';
import { DEFAULT_ESTABLISH_MS } from '../../simulator/network/tunnel';
import { wallNow } from '../wallClock';

export interface WarmUpRun {
  timeScale: number;
  runtimeStatus: string;
  wallMs: number;
}

/** A run as the bench saw it: how it ended, its wall time, and its virtual start (the POST) and end (last episode). */
export interface PlanRun {
  runtimeStatus: string;
  events: number;
  /** What failed, as the run's status names it. */
  errors: RunFailure[];
  wallMs: number;
  virtualStart: number;
  virtualEnd: number;
}

export interface WarmServerOptions {
  timeScale: number;
  seed: string;
  timeoutMs: number;
  /** Azure Stack Hub stamps the simulator serves (default 1). */
  stamps?: number;
  /** The warm-up's time scale and plan (built from the simulator's ready object); none: no warm-up. */
  warmUp?: { timeScale: number; plan: (sim: ReadyInfo) => Record<string, unknown> };
}

/** Wall ms the warm-up's last events get to reach the topic before the simulator is reset. */
const EVENTS_SETTLE_MS = 5_000;
/** How often the bench looks whether the warm-up's events reached the topic. */
const POLL_EVERY_MS = 100;

export async function runPlan(
  server: RunningServer,
  plan: Record<string, unknown>,
  timeoutMs: number,
): Promise<PlanRun> {
  const virtualStart = server.clock.now();
  const run = await followRun({ url: server.url, key: server.keys.function }, plan, timeoutMs);
  // The run ends with its last episode (the task hub's virtual time), not when the bench happened to look: a look
  // every 200 wall ms is 20 virtual s at time scale 100.
  return { ...run, virtualStart, virtualEnd: run.lastUpdatedMs };
}

/**
 * Starts a server and hands it to `measure` once warmed up: a server's first run also pays for compiling the code it
 * reaches, its first TLS connections and its first tokens, which a server that provisions connections pays once, not
 * per run. The warm-up's events delivered, the simulator starts afresh (resources, operations, the seeded random
 * streams): the measured run draws the same latencies as the first run of a new simulator.
 */
export async function withWarmServer<T>(
  options: WarmServerOptions,
  measure: (server: RunningServer, sim: Simulator, warmUp: WarmUpRun | undefined) => Promise<T>,
): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hc-bench-run-'));
  const server = await startServer({
    simulate: true,
    appDir: packageRoot(),
    dataDir,
    port: 0,
    timeScale: options.warmUp?.timeScale ?? options.timeScale,
    seed: options.seed,
    ...(options.stamps !== undefined ? { stamps: options.stamps } : {}),
    log: () => undefined,
  });
  try {
    const sim = server.sim;
    if (!sim) throw new BenchScenarioError('the simulator did not start');
    let warmUp: WarmUpRun | undefined;
    if (options.warmUp !== undefined) {
      const plan = options.warmUp.plan(sim.readyInfo());
      const run = await runPlan(server, plan, options.timeoutMs);
      warmUp = { timeScale: options.warmUp.timeScale, runtimeStatus: run.runtimeStatus, wallMs: run.wallMs };
      await until(() => eventsOf(sim.inspect, String(plan.name)) >= run.events, EVENTS_SETTLE_MS);
      sim.inspect.reset();
      server.clock.setScale(options.timeScale);
    }
    return await measure(server, sim, warmUp);
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The resource group a plan's side has (lower case, as ids are compared). */
export function resourceGroupOf(side: unknown): string {
  return String((side as { resourceGroup?: unknown } | undefined)?.resourceGroup).toLowerCase();
}

/** Whether an ARM id is in that resource group. */
export function inGroup(id: string, group: string): boolean {
  return id.toLowerCase().includes(`/resourcegroups/${group}/`);
}

/** Whether the gateway public IP in that resource group of a cloud is Static (its address known at once). */
export function hasStaticPublicIp(inspect: SimulatorInspector, cloud: CloudKey, group: string): boolean {
  return inspect
    .resources(cloud)
    .some(
      (r) =>
        inGroup(r.id ?? '', group) &&
        /publicIPAddresses$/i.test(r.type) &&
        r.properties?.publicIPAllocationMethod === 'Static',
    );
}

/** The succeeded ARM operations of one cloud in one resource group (virtual ms): what a critical path is built from. */
export function succeededOperations(
  inspect: SimulatorInspector,
  cloud: CloudKey,
  group: string,
): { resourceId: string; kind: string; start: number; end: number }[] {
  return inspect
    .operations(cloud)
    .filter((op) => op.endTime !== undefined && op.status === 'Succeeded' && inGroup(op.resourceId, group))
    .map((op) => ({ resourceId: op.resourceId, kind: op.kind, start: op.startTime, end: op.endTime ?? op.dueAt }));
}

/** A connection's first write on one cloud: where its tunnel end is and when it was provisioned. */
export interface ConnectionEnd {
  cloud: CloudKey;
  resourceId: string;
  /** Virtual ms its first PUT succeeded. */
  end: number;
}

/**
 * How long IKE took to bring a tunnel up once both of its connections were provisioned: the simulator seeds it per
 * connection (5-25 virtual s), so the path uses the run's own, read from the simulator (the default when unknown).
 */
export function establishMsOf(inspect: SimulatorInspector, ends: readonly (ConnectionEnd | undefined)[]): number {
  const ups = ends.map((end) => (end ? inspect.tunnel(end.cloud, end.resourceId)?.connectedAt : undefined));
  if (ends.some((end) => end === undefined) || ups.some((up) => up === undefined)) return DEFAULT_ESTABLISH_MS;
  const provisioned = Math.max(...ends.map((end) => end?.end ?? 0));
  return Math.max(0, Math.min(...ups.map((up) => up ?? 0)) - provisioned);
}

/** The sequence number of the last request the simulator logged (0 when none): later requests are the next run's. */
export function lastSequence(inspect: SimulatorInspector): number {
  return inspect.requests().at(-1)?.sequence ?? 0;
}

/** Events the topic accepted about the connection `name` (their subject is connections/<name>/...). */
export function eventsOf(inspect: SimulatorInspector, name: string): number {
  return inspect.events().filter((event) => {
    const subject = (event as { subject?: unknown } | null)?.subject;
    return typeof subject === 'string' && subject.startsWith(`connections/${name}/`);
  }).length;
}

/** Waits (wall time) until `done` holds or `withinMs` passed; a benchmark that goes on regardless. */
async function until(done: () => boolean, withinMs: number): Promise<void> {
  const start = wallNow();
  while (!done() && wallNow() - start < withinMs) await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
}
