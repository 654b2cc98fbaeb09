// One fleet provisioning (a hub and N Azure Stack Hub sites) on a fresh `serve --simulate --stamps N` in this process,
// after a discarded one-site warm-up on the same server: its wall and virtual time, its critical path from the
// simulator's operation log (fleetPath.ts) and the writes the hub's gateway received. Returns numbers; never judges.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../cli/packageRoot';
import { SITE_TAG } from '../../lib/naming';
import type { RunFailure } from '../followRun';
import type { ReadyInfo, SimulatorInspector } from '../../simulator';
import {
  establishMsOf,
  hasStaticPublicIp,
  inGroup,
  runPlan,
  succeededOperations,
  withWarmServer,
  type ConnectionEnd,
  type WarmUpRun,
} from '../workflow/warmServer';
import { fleetCriticalPath, type FleetCriticalPath, type FleetSpan } from './fleetPath';
import { fleetPlan, fleetResourceGroup, fleetSiteNames, type ExamplePlan } from './fleetPlan';

export interface FleetSample {
  sites: number;
  timeScale: number;
  runtimeStatus: string;
  wallMs: number;
  virtualMs: number;
  criticalPath: FleetCriticalPath;
  /** What failed, from the run's status (empty when it completed). */
  errors: RunFailure[];
  /** PUTs and PATCHes the hub's gateway took during the run (1: built once for every site). */
  hubGatewayWrites: number;
  warmUp?: WarmUpRun;
}

export interface FleetRunOptions {
  timeScale: number;
  /** A one-site fleet at this scale first, discarded (a server's first run also compiles what it reaches). */
  warmUpScale?: number;
  timeoutMs: number;
  seed: string;
}

/** The measured fleet's connection name, and the warm-up's. */
const NAME = 'fleet';
const WARM_UP_NAME = 'warmup';

export async function measureFleet(sites: number, options: FleetRunOptions): Promise<FleetSample> {
  const example = JSON.parse(await readFile(join(packageRoot(), 'examples', 'plan.json'), 'utf8')) as ExamplePlan;
  const warmUpPlan = (ready: ReadyInfo): Record<string, unknown> => {
    const plan = fleetPlan(example, ready, WARM_UP_NAME, fleetSiteNames(1));
    return { ...plan, options: { ...(plan.options as object), monitor: { enabled: false } } };
  };
  const { timeScale, warmUpScale, timeoutMs, seed } = options;
  const warmUp = warmUpScale !== undefined ? { timeScale: warmUpScale, plan: warmUpPlan } : undefined;
  return withWarmServer(
    { timeScale, seed, timeoutMs, stamps: sites, ...(warmUp ? { warmUp } : {}) },
    async (server, sim, warmedUp) => {
      const names = fleetSiteNames(sites);
      const plan = fleetPlan(example, sim.readyInfo(), NAME, names);
      const run = await runPlan(server, plan, timeoutMs);
      return {
        sites,
        timeScale,
        runtimeStatus: run.runtimeStatus,
        errors: run.errors,
        wallMs: run.wallMs,
        virtualMs: run.virtualEnd - run.virtualStart,
        criticalPath: pathOf(sim.inspect, names),
        hubGatewayWrites: hubGatewayWrites(sim.inspect),
        ...(warmedUp ? { warmUp: warmedUp } : {}),
      };
    },
  );
}

const GATEWAY = /\/virtualNetworkGateways\/[^/]+$/i;
const CONNECTION = /\/connections\/[^/]+$/i;

/** Writes of the hub's gateway in the operation log (accepted PUTs and PATCHes, whatever their outcome). */
function hubGatewayWrites(inspect: SimulatorInspector): number {
  return inspect
    .operations('azure')
    .filter(
      (op) =>
        (op.kind === 'put' || op.kind === 'patch') &&
        GATEWAY.test(op.resourceId) &&
        inGroup(op.resourceId, fleetResourceGroup(NAME)),
    ).length;
}

/** The fleet's critical path: the hub's operations (each site's LGW and connection known by its tag) and each stamp's. */
function pathOf(inspect: SimulatorInspector, sites: readonly string[]): FleetCriticalPath {
  const hubGroup = fleetResourceGroup(NAME);
  const siteTags = new Map(
    inspect.resources('azure').map((r) => [String(r.id).toLowerCase(), r.tags?.[SITE_TAG]] as const),
  );
  const hub: FleetSpan[] = succeededOperations(inspect, 'azure', hubGroup).map((op) => {
    const site = siteTags.get(op.resourceId.toLowerCase());
    return { side: 'hub', ...op, ...(site !== undefined ? { site } : {}) };
  });
  // Site i is on stamp i (the simulator's clouds: Azure first, then its stamps in order).
  const stamps = inspect.clouds().slice(1);
  const onStamps = sites.map((site, index) => {
    const cloud = stamps[index] ?? 'azureStack';
    const spans: FleetSpan[] = succeededOperations(inspect, cloud, fleetResourceGroup(NAME, site)).map((op) => ({
      side: 'site',
      site,
      ...op,
    }));
    return { site, cloud, spans };
  });
  const firstConnection = (cloud: ConnectionEnd['cloud'], spans: readonly FleetSpan[]): ConnectionEnd | undefined => {
    const first = spans
      .filter((span) => span.kind === 'put' && CONNECTION.test(span.resourceId))
      .sort((a, b) => a.start - b.start)[0];
    return first ? { cloud, resourceId: first.resourceId, end: first.end } : undefined;
  };
  return fleetCriticalPath({
    sites,
    spans: [...hub, ...onStamps.flatMap((stamp) => stamp.spans)],
    staticPublicIp: {
      hub: hasStaticPublicIp(inspect, 'azure', hubGroup),
      sites: Object.fromEntries(
        onStamps.map(({ site, cloud }) => [site, hasStaticPublicIp(inspect, cloud, fleetResourceGroup(NAME, site))]),
      ),
    },
    establishMs: Object.fromEntries(
      onStamps.map(({ site, cloud, spans }) => [
        site,
        establishMsOf(inspect, [
          firstConnection(
            'azure',
            hub.filter((span) => span.site === site),
          ),
          firstConnection(cloud, spans),
        ]),
      ]),
    ),
  });
}
