// One end-to-end run of the example plan per time scale: the app and the simulator in this process (as `serve
// --simulate` runs them), the plan sent over HTTP, the status polled until the run ends. Returns numbers; it never
// judges them, and it always stops what it started and removes its data folder.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planForSimulator } from '../../cli/demo/simulatedPlan';
import { packageRoot } from '../../cli/packageRoot';
import { startServer, type RunningServer } from '../../cli/startServer';
import { planFor } from '../../soak/plans';
import { followRun } from '../followRun';
import { BenchScenarioError } from '../errors';
import { DEFAULT_ESTABLISH_MS } from '../../simulator/network/tunnel';
import type { SimulatorInspector } from '../../simulator';
import { wallNow } from '../wallClock';
import { criticalPath, type CriticalPath, type OperationSpan } from './criticalPath';

export interface WorkflowSample {
  timeScale: number;
  runtimeStatus: string;
  wallMs: number;
  virtualMs: number;
  /** ARM requests each cloud answered, and how many of them were reads (mostly polls). */
  armRequests: Record<'azure' | 'azureStack', { total: number; reads: number }>;
  /** Requests to Key Vault and Event Grid. */
  dataPlaneRequests: number;
  events: number;
  /** The longest chain of the run's true dependency DAG (from the simulator's operation log). */
  criticalPath: CriticalPath;
  /** Per cloud: how the orchestration watched its gateway (reads while it was building, and how late it noticed). */
  gatewayWatch: Record<'azure' | 'azureStack', GatewayWatch>;
  /** ARM requests per cloud and method. */
  armByMethod: Record<'azure' | 'azureStack', Record<string, number>>;
  /** The run's succeeded ARM operations (virtual ms), from the simulator's log: the Gantt chart draws them. */
  operations: OperationSpan[];
  /** Virtual ms the run was started at. */
  virtualStart: number;
  /** The discarded run the same server made first, if any. */
  warmUp?: WarmUpRun;
}

export interface WarmUpRun {
  timeScale: number;
  runtimeStatus: string;
  wallMs: number;
}

export interface GatewayWatch {
  /** Virtual ms the gateway took to build. */
  buildMs: number;
  /** GETs of the gateway from its PUT until it was seen Succeeded. */
  reads: number;
  /** Virtual ms from the gateway's operation ending to the first read that could see it Succeeded. */
  detectLagMs: number;
}

/** The warm-up run's connection name (its resource groups and secret are named after it). */
const WARM_UP_NAME = 'warmup';
/** Wall ms the warm-up's last events get to reach the topic before the simulator is reset. */
const EVENTS_SETTLE_MS = 5_000;
/** How often the bench looks whether the warm-up's events reached the topic. */
const POLL_EVERY_MS = 100;

/** A run as the bench saw it: how it ended, its wall time, and its virtual start (the POST) and end (last episode). */
interface PlanRun {
  runtimeStatus: string;
  events: number;
  wallMs: number;
  virtualStart: number;
  virtualEnd: number;
}

async function runPlan(server: RunningServer, plan: Record<string, unknown>, timeoutMs: number): Promise<PlanRun> {
  const virtualStart = server.clock.now();
  const run = await followRun({ url: server.url, key: server.keys.function }, plan, timeoutMs);
  // The run ends with its last episode (the task hub's virtual time), not when the bench happened to look: a look
  // every 200 wall ms is 20 virtual s at time scale 100.
  return { ...run, virtualStart, virtualEnd: run.lastUpdatedMs };
}

/**
 * One run of the example plan at `timeScale` on a fresh server. With `warmUpScale`, the same server first runs the
 * example under another name (no health monitor, so nothing of it runs on) at that scale, discarded: a server's first
 * run also pays for compiling the code it reaches, its first TLS connections and its first tokens, which a server that
 * provisions connections pays once, not per run.
 */
export async function measureWorkflow(
  timeScale: number,
  seed: string,
  timeoutMs: number,
  warmUpScale?: number,
): Promise<WorkflowSample> {
  const root = packageRoot();
  const example: unknown = JSON.parse(await readFile(join(root, 'examples', 'plan.json'), 'utf8'));
  const dataDir = await mkdtemp(join(tmpdir(), 'hc-bench-workflow-'));
  const server = await startServer({
    simulate: true,
    appDir: root,
    dataDir,
    port: 0,
    timeScale: warmUpScale ?? timeScale,
    seed,
    log: () => undefined,
  });
  try {
    const sim = server.sim;
    if (!sim) throw new BenchScenarioError('the simulator did not start');
    let warmUp: WarmUpRun | undefined;
    if (warmUpScale !== undefined) {
      const warmUpPlan = planFor(sim.readyInfo(), WARM_UP_NAME);
      warmUpPlan.options = { ...warmUpPlan.options, monitor: { enabled: false } };
      const run = await runPlan(server, warmUpPlan, timeoutMs);
      warmUp = { timeScale: warmUpScale, runtimeStatus: run.runtimeStatus, wallMs: run.wallMs };
      // Its events delivered, the simulator starts afresh (resources, operations, the seeded random streams): the
      // measured run draws the same latencies as the first run of a new simulator, as the sequential script's does.
      await until(() => eventsOf(sim.inspect, WARM_UP_NAME) >= run.events, EVENTS_SETTLE_MS);
      sim.inspect.reset();
      server.clock.setScale(timeScale);
    }
    const plan = planForSimulator(example, sim.readyInfo());
    const firstRequest = lastSequence(sim.inspect);
    const { runtimeStatus, wallMs, virtualStart, virtualEnd } = await runPlan(server, plan, timeoutMs);
    const virtualMs = virtualEnd - virtualStart;
    const group = (cloud: 'azure' | 'azureStack'): string =>
      String((plan[cloud] as { resourceGroup?: unknown } | undefined)?.resourceGroup).toLowerCase();
    const ofRun = (cloud: 'azure' | 'azureStack', id: string): boolean =>
      id.toLowerCase().includes(`/resourcegroups/${group(cloud)}/`);
    const arm = (service: 'azure' | 'azureStack') => {
      const counts = sim.inspect.requestCounts({ service, since: firstRequest });
      return { total: counts.total, reads: counts.byMethod.GET ?? 0 };
    };
    const dataPlane =
      sim.inspect.requestCounts({ service: 'keyVault', since: firstRequest }).total +
      sim.inspect.requestCounts({ service: 'eventGrid', since: firstRequest }).total;
    const spans: OperationSpan[] = (['azure', 'azureStack'] as const).flatMap((cloud) =>
      sim.inspect
        .operations(cloud)
        .filter((op) => op.endTime !== undefined && op.status === 'Succeeded' && ofRun(cloud, op.resourceId))
        .map((op) => ({
          cloud,
          resourceId: op.resourceId,
          kind: op.kind,
          start: op.startTime,
          end: op.endTime ?? op.dueAt,
        })),
    );
    const isStatic = (cloud: 'azure' | 'azureStack'): boolean =>
      sim.inspect
        .resources(cloud)
        .some(
          (r) =>
            ofRun(cloud, r.id ?? '') &&
            /publicIPAddresses$/i.test(r.type) &&
            r.properties?.publicIPAllocationMethod === 'Static',
        );
    const gatewayWatch = (cloud: 'azure' | 'azureStack'): GatewayWatch => {
      const op = sim.inspect
        .operations(cloud)
        .find(
          (o) =>
            o.kind === 'put' && /\/virtualNetworkGateways\/[^/]+$/i.test(o.resourceId) && ofRun(cloud, o.resourceId),
        );
      if (!op) throw new BenchScenarioError(`${cloud}: no gateway operation in the log`);
      const end = op.endTime ?? op.dueAt;
      const path = op.resourceId.toLowerCase();
      const reads = sim.inspect
        .requests({ service: cloud, method: 'GET', since: firstRequest })
        .filter((r) => r.path.toLowerCase() === path && r.virtualTime >= op.startTime);
      // A read that arrives once the operation is due ends it and sees it done, even before the simulator's own timer
      // got to it (endTime is when the operation was settled: later than due on a busy machine, or a hair after such
      // a read arrived): the lag counts from when it was due.
      const firstAfter = reads.find((r) => r.virtualTime >= op.dueAt);
      return {
        buildMs: end - op.startTime,
        reads: reads.filter((r) => r.virtualTime <= (firstAfter?.virtualTime ?? end)).length,
        detectLagMs: firstAfter ? firstAfter.virtualTime - op.dueAt : Number.NaN,
      };
    };
    const byMethod = (cloud: 'azure' | 'azureStack'): Record<string, number> =>
      sim.inspect.requestCounts({ service: cloud, since: firstRequest }).byMethod;
    return {
      timeScale,
      runtimeStatus,
      gatewayWatch: { azure: gatewayWatch('azure'), azureStack: gatewayWatch('azureStack') },
      armByMethod: { azure: byMethod('azure'), azureStack: byMethod('azureStack') },
      operations: spans,
      virtualStart,
      criticalPath: criticalPath({
        spans,
        staticPublicIp: { azure: isStatic('azure'), azureStack: isStatic('azureStack') },
        establishMs: establishMsOf(sim.inspect, spans),
      }),
      wallMs,
      virtualMs,
      armRequests: { azure: arm('azure'), azureStack: arm('azureStack') },
      dataPlaneRequests: dataPlane,
      events: eventsOf(sim.inspect, String(plan.name)),
      ...(warmUp ? { warmUp } : {}),
    };
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * How long IKE took to bring this run's tunnel up once both connections were provisioned: the simulator seeds it per
 * connection (5-25 virtual s), so the path uses the run's own, read from the simulator (the default when unknown).
 */
function establishMsOf(inspect: SimulatorInspector, spans: readonly OperationSpan[]): number {
  const puts = spans.filter((span) => span.kind === 'put' && /\/connections\/[^/]+$/i.test(span.resourceId));
  const ends = (['azure', 'azureStack'] as const).map((cloud) => {
    const first = puts.filter((span) => span.cloud === cloud).sort((a, b) => a.start - b.start)[0];
    return first ? { end: first.end, up: inspect.tunnel(cloud, first.resourceId)?.connectedAt } : undefined;
  });
  const ups = ends.map((end) => end?.up);
  if (ends.some((end) => end === undefined) || ups.some((up) => up === undefined)) return DEFAULT_ESTABLISH_MS;
  const provisioned = Math.max(...ends.map((end) => end?.end ?? 0));
  return Math.max(0, Math.min(...ups.map((up) => up ?? 0)) - provisioned);
}

/** The sequence number of the last request the simulator logged (0 when none): later requests are the next run's. */
function lastSequence(inspect: SimulatorInspector): number {
  return inspect.requests().at(-1)?.sequence ?? 0;
}

/** Events the topic accepted about the connection `name` (their subject is connections/<name>/...). */
function eventsOf(inspect: SimulatorInspector, name: string): number {
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
