// Load: N provisionings of the example plan at once on one host (N = 1, 10, 100, 500; quick: 1 and 10), the
// simulator in a process of its own. Per N: wall time, provisionings completed per minute, the host's CPU seconds per
// provisioning and peak RSS, and what the task hub holds per instance (history events, episodes). Returns tables,
// the rows and the metrics `--json` writes.
import { formatNumber } from './format';
import { cpuPerRunGrowth, largestRow, loadRow, type CpuGrowth, type LoadRow } from './load/loadMetrics';
import { measureLoadStep } from './load/measureLoad';
import type { Table } from './table';

export interface LoadBenchOptions {
  steps: { n: number; timeScale: number }[];
  seed: string;
  timeoutMs: number;
}

export const DEFAULT_LOAD_OPTIONS: LoadBenchOptions = {
  steps: [
    { n: 1, timeScale: 1000 },
    { n: 10, timeScale: 1000 },
    { n: 100, timeScale: 1000 },
    { n: 500, timeScale: 1000 },
  ],
  seed: 'bench-load',
  // A step past this budget reports how far it got (bench/README.md) instead of holding the bench up.
  timeoutMs: 420_000,
};

export const QUICK_LOAD_OPTIONS: LoadBenchOptions = {
  ...DEFAULT_LOAD_OPTIONS,
  steps: DEFAULT_LOAD_OPTIONS.steps.filter((step) => step.n <= 10),
  timeoutMs: 60_000,
};

export interface LoadMetrics {
  cpu_per_run_growth: number;
  /** Which N the growth compares (e.g. "10->500"). */
  cpu_per_run_growth_n: string;
  peak_rss_mb: number;
  /** The N peak_rss_mb was measured at. */
  peak_rss_n: number;
}

export interface LoadBenchResult {
  rows: LoadRow[];
  growth: CpuGrowth;
  metrics: LoadMetrics;
  tables: Table[];
}

export async function runLoadBench(options: LoadBenchOptions = DEFAULT_LOAD_OPTIONS): Promise<LoadBenchResult> {
  const rows: LoadRow[] = [];
  for (const step of options.steps) {
    rows.push(loadRow(await measureLoadStep({ ...step, seed: options.seed, timeoutMs: options.timeoutMs })));
  }
  return loadResult(rows);
}

export function loadResult(rows: LoadRow[]): LoadBenchResult {
  const growth = cpuPerRunGrowth(rows);
  const largest = largestRow(rows);
  const metrics: LoadMetrics = {
    cpu_per_run_growth: growth.ratio,
    cpu_per_run_growth_n: `${growth.fromN}->${growth.toN}`,
    peak_rss_mb: largest?.peakRssMb ?? Number.NaN,
    peak_rss_n: largest?.n ?? Number.NaN,
  };
  return { rows, growth, metrics, tables: [loadTable(rows, growth), taskHubTable(rows)] };
}

function loadTable(rows: LoadRow[], growth: CpuGrowth): Table {
  return {
    title: 'Load: N provisionings at once on one host (the example plan, distinct names, simulator in its own process)',
    headers: [
      'N',
      'time scale',
      'completed',
      'wall s',
      'completed/min',
      'host CPU s/run',
      'sim CPU s/run',
      'host peak RSS MB',
      'virtual min/run',
    ],
    rows: rows.map((row) => [
      String(row.n),
      String(row.timeScale),
      completedCell(row),
      formatNumber(row.wallS),
      formatNumber(row.completedPerMinute),
      formatNumber(row.cpuPerRunS),
      formatNumber(row.simCpuPerRunS),
      formatNumber(row.peakRssMb),
      formatNumber(row.virtualMinPerRun),
    ]),
    notes: [
      `cpu_per_run_growth (host CPU per run at N=${growth.toN} / at N=${growth.fromN}): ${formatNumber(growth.ratio)}`,
      'wall: first start request to no instance left unfinished; CPU: /proc/<pid>/stat of the host (and the simulator)',
      'peak RSS: VmHWM of the host process (its start-up included); virtual min/run: median start-to-end of a run',
    ],
  };
}

function completedCell(row: LoadRow): string {
  const parts = [String(row.completed)];
  if (row.failed > 0) parts.push(`${row.failed} failed`);
  if (row.unfinished > 0) parts.push(`${row.unfinished} unfinished at the budget`);
  return parts.join(', ');
}

function taskHubTable(rows: LoadRow[]): Table {
  return {
    title: 'Load: what the task hub holds per instance after the runs',
    headers: ['N', 'instances/run', 'history events/instance', 'max', 'episodes/instance', 'max'],
    rows: rows.map((row) => [
      String(row.n),
      formatNumber(row.instancesPerRun),
      formatNumber(row.historyEventsPerInstance),
      String(row.historyEventsMax),
      formatNumber(row.episodesPerInstance),
      String(row.episodesMax),
    ]),
    notes: [
      'instances: each provisioning and its sub-orchestrations; an episode replays the whole history before it',
      'the same per instance at every N means the store and replay do not grow with the number of runs',
    ],
  };
}
