// A fleet against one site: one hub and N Azure Stack Hub sites (N = 1, 3, 10) provisioned end to end, each N on its
// own `serve --simulate --stamps N`. The claim measured: the hub's gateway is built once and every site in parallel,
// so the run's virtual time and its critical path stay one gateway build, not N. Returns tables and `--json` metrics.
import { formatNumber, runCells } from './format';
import type { Table } from './table';
import type { RunFailure } from './followRun';
import { measureFleet, type FleetRunOptions, type FleetSample } from './fleet/measureFleet';

export interface FleetBenchOptions extends FleetRunOptions {
  /** Site counts to run, the first the one the others are compared with (1). */
  sites: number[];
}

export const DEFAULT_FLEET_OPTIONS: FleetBenchOptions = {
  sites: [1, 3, 10],
  timeScale: 100,
  warmUpScale: 1000,
  timeoutMs: 300_000,
  seed: 'bench',
};
export const QUICK_FLEET_OPTIONS: FleetBenchOptions = {
  sites: [1, 3],
  timeScale: 300,
  warmUpScale: 1000,
  timeoutMs: 120_000,
  seed: 'bench',
};

/** A measured fleet, or why it could not be measured (a run that got no result). */
export type FleetOutcome = FleetSample | { sites: number; error: string };

export async function runFleetBench(
  options: FleetBenchOptions = DEFAULT_FLEET_OPTIONS,
): Promise<{ tables: Table[]; metrics: Record<string, number>; outcomes: FleetOutcome[] }> {
  const outcomes: FleetOutcome[] = [];
  for (const sites of options.sites) {
    try {
      outcomes.push(await measureFleet(sites, options));
    } catch (error) {
      outcomes.push({ sites, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { tables: [fleetTable(outcomes, options.timeScale)], metrics: fleetMetrics(outcomes), outcomes };
}

function measured(outcomes: readonly FleetOutcome[]): FleetSample[] {
  return outcomes.filter((outcome): outcome is FleetSample => !('error' in outcome));
}

/** What broke the scenario: a run without a result or not Completed, a hub gateway written more (or less) than once. */
export function fleetFailures(outcomes: readonly FleetOutcome[]): string[] {
  return outcomes.flatMap((outcome) => {
    if ('error' in outcome) return [`${outcome.sites} sites: ${outcome.error}`];
    const failures: string[] = [];
    if (outcome.runtimeStatus !== 'Completed') failures.push(`${outcome.sites} sites: ${outcome.runtimeStatus}`);
    if (outcome.hubGatewayWrites !== 1) {
      failures.push(`${outcome.sites} sites: the hub gateway took ${outcome.hubGatewayWrites} writes, not 1`);
    }
    return failures;
  });
}

/** Virtual time at N sites over the one-site run's (the first of the options' sites). */
function ratioToOne(sample: FleetSample, one: FleetSample | undefined): number {
  return one ? sample.virtualMs / one.virtualMs : Number.NaN;
}

/**
 * `--json` metrics per N that completed: fleet_wall_s_N, fleet_virtual_min_N, fleet_critical_path_min_N,
 * fleet_critical_path_ratio_N, fleet_gateways_on_path_N, fleet_virtual_ratio_N_vs_1 (N > 1); fleet_hub_gateway_writes,
 * the most any N took; fleet_runs_failed, the runs that did not complete (their times say nothing of a fleet).
 */
export function fleetMetrics(outcomes: readonly FleetOutcome[]): Record<string, number> {
  const samples = measured(outcomes);
  const completed = samples.filter((sample) => sample.runtimeStatus === 'Completed');
  const one = completed.find((sample) => sample.sites === 1);
  const metrics: Record<string, number> = { fleet_runs_failed: outcomes.length - completed.length };
  for (const sample of completed) {
    const n = sample.sites;
    metrics[`fleet_wall_s_${n}`] = sample.wallMs / 1000;
    metrics[`fleet_virtual_min_${n}`] = sample.virtualMs / 60_000;
    metrics[`fleet_critical_path_min_${n}`] = sample.criticalPath.lengthMs / 60_000;
    metrics[`fleet_critical_path_ratio_${n}`] = sample.virtualMs / sample.criticalPath.lengthMs;
    metrics[`fleet_gateways_on_path_${n}`] = sample.criticalPath.gatewaysOnPath;
    if (one && n !== 1) metrics[`fleet_virtual_ratio_${n}_vs_1`] = ratioToOne(sample, one);
  }
  if (samples.length > 0) {
    metrics.fleet_hub_gateway_writes = Math.max(...samples.map((sample) => sample.hubGatewayWrites));
  }
  return metrics;
}

/** A run's failures as read in a note: the same code at the same place counted over the sites it hit. */
export function describeFailures(failures: readonly RunFailure[]): string {
  const sitesByWhat = new Map<string, string[]>();
  for (const { code, site, cloud, stage } of failures) {
    const where = [cloud, stage].filter((part) => part !== undefined).join(' ');
    const what = `${code}${where ? ` (${where})` : ''}`;
    sitesByWhat.set(what, [...(sitesByWhat.get(what) ?? []), ...(site !== undefined ? [site] : [])]);
  }
  return [...sitesByWhat]
    .map(([what, sites]) =>
      sites.length > 0
        ? `${what} at ${sites.length} ${sites.length === 1 ? 'site' : 'sites'} (${sites.join(', ')})`
        : what,
    )
    .join('; ');
}

/** A chain as read in a note: a run of jobs queued on one resource (`ping(a)`, `ping(b)`) reads `ping ×2`. */
export function describeChain(chain: readonly string[]): string {
  const parts: { text: string; kind: string; count: number }[] = [];
  for (const node of chain) {
    const kind = /^([^(]+)\(/.exec(node)?.[1] ?? node;
    const last = parts.at(-1);
    if (last && last.kind === kind && node !== kind) last.count++;
    else parts.push({ text: node, kind, count: 1 });
  }
  return parts.map((part) => (part.count > 1 ? `${part.kind} ×${part.count}` : part.text)).join(' -> ');
}

/** A row's cells after the site count: a run that did not complete has its times, but no path or comparison. */
function fleetCells(outcome: FleetOutcome, one: FleetSample | undefined): string[] {
  if ('error' in outcome) return ['no result', ...Array<string>(7).fill('n/a')];
  const [result = '', wall = '', virtual = '', path = '', ratio = ''] = runCells({
    ...outcome,
    pathMs: outcome.criticalPath.lengthMs,
  });
  const writes = String(outcome.hubGatewayWrites);
  if (outcome.runtimeStatus !== 'Completed') return [result, wall, virtual, 'n/a', 'n/a', 'n/a', writes, 'n/a'];
  const gateways = String(outcome.criticalPath.gatewaysOnPath);
  return [result, wall, virtual, path, ratio, gateways, writes, formatNumber(ratioToOne(outcome, one))];
}

export function fleetTable(outcomes: readonly FleetOutcome[], timeScale: number): Table {
  const one = measured(outcomes).find((sample) => sample.sites === 1 && sample.runtimeStatus === 'Completed');
  const warmUps = measured(outcomes).flatMap((sample) => (sample.warmUp ? [sample.warmUp] : []));
  return {
    title: `Fleet: one hub and N Azure Stack Hub sites (time scale ${timeScale})`,
    headers: [
      'sites',
      'result',
      'wall s',
      'virtual min',
      'critical path min',
      'run / path',
      'gateways on path',
      'hub gateway writes',
      'virtual vs 1 site',
    ],
    rows: outcomes.map((outcome) => [String(outcome.sites), ...fleetCells(outcome, one)]),
    notes: [
      "each N on its own serve --simulate --stamps N (site i on stamp i), the example plan's Azure side as the hub",
      'critical path: the longest chain of the fleet DAG from the simulator operation log (bench/fleet/fleetPath.ts):',
      "per site, the hub's LGW needs the site's address and its connection the hub gateway; the site's LGW needs the",
      "hub's address and its connection the site's gateway; the hub gateway takes one connection write at a time and",
      'the hub VM one Run Command (ping) at a time, so those queue (×k: k of them one after another on the path)',
      'gateways on path: gateway builds on that chain (1 = the fleet costs one gateway build, not N)',
      "hub gateway writes: PUTs and PATCHes of the hub's gateway in the operation log (the bench breaks if not 1)",
      'virtual vs 1 site: virtual min at N / at 1 site (N gateway builds in a row would be about N; the hub connection',
      'writes queued on its gateway add a few minutes per site)',
      ...measured(outcomes)
        .filter((sample) => sample.runtimeStatus === 'Completed')
        .map((sample) => `path at ${sample.sites}: ${describeChain(sample.criticalPath.chain)}`),
      ...outcomes.flatMap((outcome) => {
        if ('error' in outcome) return [`${outcome.sites} sites: no result: ${outcome.error}`];
        if (outcome.runtimeStatus === 'Completed') return [];
        const errors = outcome.errors.length > 0 ? `: ${describeFailures(outcome.errors)}` : '';
        return [`${outcome.sites} sites ${outcome.runtimeStatus}${errors} (its times run to its failure)`];
      }),
      ...(warmUps.length > 0
        ? [
            `each run follows a discarded one-site warm-up on the same server (time scale ${String(warmUps[0]?.timeScale)}; ` +
              `${warmUps.map((w) => `${w.runtimeStatus} in ${formatNumber(w.wallMs / 1000)} s`).join(', ')})`,
          ]
        : []),
    ],
  };
}
