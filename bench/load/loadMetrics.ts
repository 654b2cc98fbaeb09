// The load bench's arithmetic: per N, from the raw numbers of one step (wall time, the host's CPU seconds and peak
// RSS, the task hub's instances), the row the table and the JSON show; and the growth of CPU per run with N. Pure.
import { summarize } from '../stats';
import type { InstanceCounts } from './taskHubCounts';

export interface LoadSample {
  n: number;
  timeScale: number;
  /** Whether every instance finished within the step's budget (else the numbers are those at the budget). */
  finished: boolean;
  /** Wall ms from the first start request to the moment no instance was left unfinished (or the budget ran out). */
  wallMs: number;
  /** CPU seconds the host process used over that time (user + system). */
  hostCpuS: number;
  /** CPU seconds the simulator process used over that time. */
  simCpuS: number;
  /** The host process's peak resident set (VmHWM), start-up included. */
  peakRssMb: number;
  /** The host's resident set once the runs were done. */
  rssAtEndMb: number;
  /** Every instance of the task hub (each provisioning's orchestration and its sub-orchestrations). */
  instances: InstanceCounts[];
}

export interface LoadRow {
  n: number;
  timeScale: number;
  wallS: number;
  finished: boolean;
  completed: number;
  /** Provisionings (top-level orchestrations) that ended Failed, Terminated or Canceled. */
  failed: number;
  /** Provisionings still running when the budget ran out. */
  unfinished: number;
  completedPerMinute: number;
  /** NaN when the step ran out of budget: the CPU spent covers runs that had not finished. */
  cpuPerRunS: number;
  simCpuPerRunS: number;
  peakRssMb: number;
  rssAtEndMb: number;
  instancesPerRun: number;
  historyEventsPerInstance: number;
  historyEventsMax: number;
  episodesPerInstance: number;
  episodesMax: number;
  /** Median virtual minutes of a provisioning, its start to its end. */
  virtualMinPerRun: number;
}

const FINISHED_BADLY = ['Failed', 'Terminated', 'Canceled'];

const mean = (values: number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;

export function loadRow(sample: LoadSample): LoadRow {
  const runs = sample.instances.filter((instance) => instance.parentInstanceId === null);
  const completed = runs.filter((run) => run.runtimeStatus === 'Completed').length;
  const failed = runs.filter((run) => FINISHED_BADLY.includes(run.runtimeStatus)).length;
  const perRun = (seconds: number): number => (sample.finished ? seconds / sample.n : Number.NaN);
  const history = sample.instances.map((instance) => instance.historyEvents);
  const episodes = sample.instances.map((instance) => instance.episodes);
  return {
    n: sample.n,
    timeScale: sample.timeScale,
    wallS: sample.wallMs / 1000,
    finished: sample.finished,
    completed,
    failed,
    unfinished: sample.n - completed - failed,
    completedPerMinute: completed / (sample.wallMs / 60_000),
    cpuPerRunS: perRun(sample.hostCpuS),
    simCpuPerRunS: perRun(sample.simCpuS),
    peakRssMb: sample.peakRssMb,
    rssAtEndMb: sample.rssAtEndMb,
    instancesPerRun: sample.instances.length / sample.n,
    historyEventsPerInstance: mean(history),
    historyEventsMax: history.length === 0 ? Number.NaN : Math.max(...history),
    episodesPerInstance: mean(episodes),
    episodesMax: episodes.length === 0 ? Number.NaN : Math.max(...episodes),
    virtualMinPerRun: summarize(
      runs
        .filter((run) => run.runtimeStatus === 'Completed')
        .map((run) => (run.lastUpdatedTime - run.createdTime) / 60_000),
    ).median,
  };
}

/** The N CPU per run is compared against: 10, or the smallest N when 10 is the largest (a quick run: 1 and 10). */
export const GROWTH_BASE_N = 10;

export interface CpuGrowth {
  /** CPU per run at the largest N over CPU per run at the base N. */
  ratio: number;
  fromN: number;
  toN: number;
}

/** Among the steps that finished within their budget. */
export function cpuPerRunGrowth(all: readonly LoadRow[]): CpuGrowth {
  const rows = all.filter((row) => Number.isFinite(row.cpuPerRunS));
  if (rows.length === 0) return { ratio: Number.NaN, fromN: Number.NaN, toN: Number.NaN };
  const largest = rows.reduce((top, row) => (row.n > top.n ? row : top));
  const base =
    largest.n > GROWTH_BASE_N
      ? rows.find((row) => row.n === GROWTH_BASE_N)
      : rows.reduce((low, row) => (row.n < low.n ? row : low));
  if (!base) return { ratio: Number.NaN, fromN: GROWTH_BASE_N, toN: largest.n };
  return { ratio: largest.cpuPerRunS / base.cpuPerRunS, fromN: base.n, toN: largest.n };
}

/** The row of the largest N (peak RSS is quoted there). */
export function largestRow(rows: readonly LoadRow[]): LoadRow | undefined {
  return rows.reduce<LoadRow | undefined>((top, row) => (top === undefined || row.n > top.n ? row : top), undefined);
}
