// One end-to-end run of the example plan per time scale: the app and the simulator in this process (as `serve
// --simulate` runs them), the plan sent over HTTP, the status polled until the run ends. Returns numbers; it never
// judges them, and it always stops what it started and removes its data folder.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planForSimulator } from '../../cli/demo/simulatedPlan';
import { packageRoot } from '../../cli/packageRoot';
import { startServer } from '../../cli/startServer';
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
}

export interface GatewayWatch {
  /** Virtual ms the gateway took to build. */
  buildMs: number;
  /** GETs of the gateway from its PUT until it was seen Succeeded. */
  reads: number;
  /** Virtual ms from the gateway's operation ending to the first read that could see it Succeeded. */
  detectLagMs: number;
}

const FINISHED = ['Completed', 'Failed', 'Terminated', 'Canceled'];
const POLL_EVERY_MS = 50;

export async function measureWorkflow(timeScale: number, seed: string, timeoutMs: number): Promise<WorkflowSample> {
  const root = packageRoot();
  const example: unknown = JSON.parse(await readFile(join(root, 'examples', 'plan.json'), 'utf8'));
  const dataDir = await mkdtemp(join(tmpdir(), 'hc-bench-workflow-'));
  const server = await startServer({
    simulate: true,
    appDir: root,
    dataDir,
    port: 0,
    timeScale,
    seed,
    log: () => undefined,
  });
  try {
    const sim = server.sim;
    if (!sim) throw new BenchScenarioError('the simulator did not start');
    const plan = planForSimulator(example, sim.readyInfo());
    const headers = { 'x-functions-key': server.keys.function, 'content-type': 'application/json' };
    const wallStart = wallNow();
    const virtualStart = server.clock.now();
    const started = await fetch(`${server.url}/api/connections`, {
      method: 'POST',
      headers,
      body: JSON.stringify(plan),
    });
    if (started.status !== 202) throw new BenchScenarioError(`POST /api/connections answered ${started.status}`);
    let runtimeStatus = 'Pending';
    let endedAt = Number.NaN;
    while (!FINISHED.includes(runtimeStatus)) {
      if (wallNow() - wallStart > timeoutMs) throw new BenchScenarioError(`no result within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
      const answer = await fetch(`${server.url}/api/connections/${String(plan.name)}`, { headers });
      const body = (await answer.json()) as { runtimeStatus?: unknown; lastUpdatedTime?: unknown };
      if (typeof body.runtimeStatus === 'string') runtimeStatus = body.runtimeStatus;
      if (typeof body.lastUpdatedTime === 'string') endedAt = Date.parse(body.lastUpdatedTime);
    }
    const wallMs = wallNow() - wallStart;
    // The run ends with its last episode (the task hub's virtual time), not when this loop happened to look: a look
    // every 50 wall ms is 5 virtual s at time scale 100.
    if (!Number.isFinite(endedAt)) throw new BenchScenarioError('the finished run has no lastUpdatedTime');
    const virtualMs = endedAt - virtualStart;
    const arm = (service: 'azure' | 'azureStack') => {
      const counts = sim.inspect.requestCounts({ service });
      return { total: counts.total, reads: counts.byMethod.GET ?? 0 };
    };
    const dataPlane =
      sim.inspect.requestCounts({ service: 'keyVault' }).total +
      sim.inspect.requestCounts({ service: 'eventGrid' }).total;
    const spans: OperationSpan[] = (['azure', 'azureStack'] as const).flatMap((cloud) =>
      sim.inspect
        .operations(cloud)
        .filter((op) => op.endTime !== undefined && op.status === 'Succeeded')
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
        .some((r) => /publicIPAddresses$/i.test(r.type) && r.properties?.publicIPAllocationMethod === 'Static');
    const gatewayWatch = (cloud: 'azure' | 'azureStack'): GatewayWatch => {
      const op = sim.inspect
        .operations(cloud)
        .find((o) => o.kind === 'put' && /\/virtualNetworkGateways\/[^/]+$/i.test(o.resourceId));
      if (!op) throw new BenchScenarioError(`${cloud}: no gateway operation in the log`);
      const end = op.endTime ?? op.dueAt;
      const path = op.resourceId.toLowerCase();
      const reads = sim.inspect
        .requests({ service: cloud, method: 'GET' })
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
      sim.inspect.requestCounts({ service: cloud }).byMethod;
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
      events: sim.inspect.events().length,
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
