// The runtime benchmark: the bench app (bench/apps/throughput) on startHost, measured over the Durable HTTP API with
// the SQLite store and the in-memory store, then at two sizes on SQLite. It returns tables; it never asserts on timing.
import type { HostLog } from '../runtime';
import { benchAppDir } from './appLocation';
import { measureScaling, type ScalingSamples } from './runtime/measureScaling';
import { measureStore, type StoreSamples } from './runtime/measureStore';
import { runtimeTables, scalingTable } from './runtime/report';
import type { RuntimeBenchSizes } from './runtime/sizes';
import type { Table } from './table';

export type { RuntimeBenchSizes, WorkloadSizes } from './runtime/sizes';

export const DEFAULT_RUNTIME_SIZES: RuntimeBenchSizes = {
  runs: 5,
  warmups: 1,
  workload: { chainSteps: 100, fanOutWidth: 300, events: 300 },
  scaling: {
    small: { chainSteps: 50, fanOutWidth: 100, events: 100 },
    large: { chainSteps: 200, fanOutWidth: 1000, events: 500 },
    runs: 3,
  },
  timerMinutes: 45,
  timeScale: 10_000,
};

/** Host log lines worth showing while a benchmark runs: warnings and errors only (per-invocation info is noise). */
export const quietHostLog: HostLog = (level, message) => {
  if (level === 'warn' || level === 'error') process.stderr.write(`host ${level}: ${message}\n`);
};

export interface RuntimeBenchResult {
  tables: Table[];
  stores: StoreSamples[];
  scaling: ScalingSamples | undefined;
}

export async function runRuntimeBench(
  sizes: RuntimeBenchSizes = DEFAULT_RUNTIME_SIZES,
  log: HostLog = quietHostLog,
): Promise<RuntimeBenchResult> {
  const appDir = benchAppDir('throughput');
  const stores: StoreSamples[] = [];
  for (const store of ['sqlite', 'memory'] as const) stores.push(await measureStore(store, appDir, sizes, log));
  const scaling = sizes.scaling.runs > 0 ? await measureScaling(appDir, sizes, log) : undefined;
  const tables = runtimeTables(stores, sizes);
  if (scaling) tables.splice(1, 0, scalingTable(scaling));
  return { tables, stores, scaling };
}
