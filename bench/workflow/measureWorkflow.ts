// One end-to-end run of the example plan per time scale: the app and the simulator in this process (as `serve
// --simulate` runs them), the plan sent over HTTP, the status polled until the run ends. Returns numbers; it never
// judges them, and it always stops what it started and removes its data folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { planForSimulator } from '../../cli/demo/simulatedPlan';
import { packageRoot } from '../../cli/packageRoot';
import { planFor } from '../../soak/plans';
import type { ReadyInfo } from '../../simulator';
import { BenchScenarioError } from '../errors';
import { criticalPath, type CriticalPath, type OperationSpan } from './criticalPath';
import {
  establishMsOf,
  eventsOf,
  hasStaticPublicIp,
  inGroup,
  lastSequence,
  resourceGroupOf,
  runPlan,
  succeededOperations,
  withWarmServer,
  type ConnectionEnd,
  type WarmUpRun,
} from './warmServer';

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

/**
 * One run of the example plan at `timeScale` on a fresh server. With `warmUpScale`, the same server first runs the
 * example under another name (no health monitor, so nothing of it runs on) at that scale, discarded.
 */
export async function measureWorkflow(
  timeScale: number,
  seed: string,
  timeoutMs: number,
  warmUpScale?: number,
): Promise<WorkflowSample> {
  const example: unknown = JSON.parse(await readFile(join(packageRoot(), 'examples', 'plan.json'), 'utf8'));
  const warmUpPlan = (ready: ReadyInfo): Record<string, unknown> => {
    const plan = planFor(ready, WARM_UP_NAME);
    plan.options = { ...plan.options, monitor: { enabled: false } };
    return plan;
  };
  const warmUp = warmUpScale !== undefined ? { timeScale: warmUpScale, plan: warmUpPlan } : undefined;
  return withWarmServer(
    { timeScale, seed, timeoutMs, ...(warmUp ? { warmUp } : {}) },
    async (server, sim, warmedUp) => {
      const plan = planForSimulator(example, sim.readyInfo());
      const firstRequest = lastSequence(sim.inspect);
      const { runtimeStatus, wallMs, virtualStart, virtualEnd } = await runPlan(server, plan, timeoutMs);
      const virtualMs = virtualEnd - virtualStart;
      const ofRun = (cloud: 'azure' | 'azureStack', id: string): boolean => inGroup(id, resourceGroupOf(plan[cloud]));
      const arm = (service: 'azure' | 'azureStack') => {
        const counts = sim.inspect.requestCounts({ service, since: firstRequest });
        return { total: counts.total, reads: counts.byMethod.GET ?? 0 };
      };
      const dataPlane =
        sim.inspect.requestCounts({ service: 'keyVault', since: firstRequest }).total +
        sim.inspect.requestCounts({ service: 'eventGrid', since: firstRequest }).total;
      const spans: OperationSpan[] = (['azure', 'azureStack'] as const).flatMap((cloud) =>
        succeededOperations(sim.inspect, cloud, resourceGroupOf(plan[cloud])).map((op) => ({ cloud, ...op })),
      );
      const isStatic = (cloud: 'azure' | 'azureStack'): boolean =>
        hasStaticPublicIp(sim.inspect, cloud, resourceGroupOf(plan[cloud]));
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
          establishMs: establishMsOf(sim.inspect, firstConnections(spans)),
        }),
        wallMs,
        virtualMs,
        armRequests: { azure: arm('azure'), azureStack: arm('azureStack') },
        dataPlaneRequests: dataPlane,
        events: eventsOf(sim.inspect, String(plan.name)),
        ...(warmedUp ? { warmUp: warmedUp } : {}),
      };
    },
  );
}

/** Each cloud's first connection PUT: the two ends of the run's tunnel. */
function firstConnections(spans: readonly OperationSpan[]): (ConnectionEnd | undefined)[] {
  const puts = spans.filter((span) => span.kind === 'put' && /\/connections\/[^/]+$/i.test(span.resourceId));
  return (['azure', 'azureStack'] as const).map(
    (cloud) => puts.filter((span) => span.cloud === cloud).sort((a, b) => a.start - b.start)[0],
  );
}
