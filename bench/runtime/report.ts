// Turns the runtime samples into tables: each rate beside the Azure Storage provider's published target with the
// ratio, SQLite next to the in-memory store, and the durable timer's virtual-vs-wall time. Formatting only.
import { formatNumber, formatRatio, formatSummary } from '../format';
import { ratio, summarize, type Summary } from '../stats';
import type { Table } from '../table';
import type { StoreKind } from './benchHost';
import type { ScalingSamples, ShapeRates } from './measureScaling';
import type { StoreSamples } from './measureStore';
import { PUBLISHED_TARGETS } from './publishedTargets';
import type { RuntimeBenchSizes, WorkloadSizes } from './sizes';

const STORE_LABEL: Record<StoreKind, string> = { sqlite: 'SQLite store', memory: 'in-memory store' };

interface Row {
  metric: string;
  target: number | undefined;
  pick: (samples: StoreSamples) => number[];
}

export function runtimeTables(results: StoreSamples[], sizes: RuntimeBenchSizes): Table[] {
  const { chainSteps, fanOutWidth, events } = sizes.workload;
  const sqlite = results.find((r) => r.store === 'sqlite');
  const memory = results.find((r) => r.store === 'memory');
  const rows: Row[] = [
    {
      metric: `sequential activities/s (chain of ${chainSteps})`,
      target: PUBLISHED_TARGETS.sequentialActivitiesPerSecond,
      pick: (s) => s.sequential,
    },
    {
      metric: `fan-out activities/s (${fanOutWidth} in parallel)`,
      target: PUBLISHED_TARGETS.fanOutActivitiesPerSecond,
      pick: (s) => s.fanOutFanIn.map((f) => f.fanOut),
    },
    {
      metric: `fan-in responses/s (${fanOutWidth} results)`,
      target: PUBLISHED_TARGETS.fanInResponsesPerSecond,
      pick: (s) => s.fanOutFanIn.map((f) => f.fanIn),
    },
    {
      metric: 'fan-in completion after last result, ms',
      target: undefined,
      pick: (s) => s.fanOutFanIn.map((f) => f.completionAfterLastMs),
    },
    {
      metric: `external events/s (${events} awaited in turn)`,
      target: PUBLISHED_TARGETS.externalEventsPerSecond,
      pick: (s) => s.events,
    },
  ];
  const cell = (store: StoreSamples | undefined, row: Row): [string, string, Summary | undefined] => {
    if (!store) return ['not run', '', undefined];
    const summary = summarize(row.pick(store));
    const versusTarget = row.target === undefined ? '' : formatRatio(ratio(summary.median, row.target));
    return [formatSummary(summary), versusTarget, summary];
  };
  const throughput: Table = {
    title: 'Durable runtime throughput, one orchestration instance (runtime/ via startHost, over HTTP)',
    headers: [
      'metric',
      'Azure Storage target',
      STORE_LABEL.sqlite,
      'x target',
      STORE_LABEL.memory,
      'x target',
      'SQLite / memory',
    ],
    rows: rows.map((row) => {
      const [sqliteText, sqliteRatio, sqliteSummary] = cell(sqlite, row);
      const [memoryText, memoryRatio, memorySummary] = cell(memory, row);
      const storeRatio =
        sqliteSummary && memorySummary ? formatRatio(ratio(sqliteSummary.median, memorySummary.median)) : 'n/a';
      return [
        row.metric,
        row.target === undefined ? '-' : formatNumber(row.target),
        sqliteText,
        sqliteRatio,
        memoryText,
        memoryRatio,
        storeRatio,
      ];
    }),
    notes: [
      `median (min-max, ±half-range %) of ${sizes.runs} runs per store after ${sizes.warmups} warm-up; host and client share this process`,
      "x target = median / the Azure Storage provider's published per-instance target; higher is faster",
      "fan-out: start request to the last activity's start; fan-in: first activity's result to completion",
      'SQLite / memory: ratio of medians (above 1x = SQLite faster; for the ms row, above 1x = SQLite slower)',
    ],
  };

  const nominal = sizes.timeScale;
  const timer: Table = {
    title: `Durable timer: ${sizes.timerMinutes}-minute createTimer at time scale ${formatNumber(nominal)}`,
    headers: [
      'store',
      'virtual time, min',
      'wall time, ms',
      'ideal wall, ms',
      'effective scale',
      'effective / nominal',
    ],
    rows: results.map((result) => {
      const virtualMs = summarize(result.timer.map((t) => t.virtualMs));
      const wall = summarize(result.timer.map((t) => t.wallMs));
      const effective = ratio(virtualMs.median, wall.median);
      return [
        STORE_LABEL[result.store],
        formatNumber(virtualMs.median / 60_000),
        formatSummary(wall),
        formatNumber((sizes.timerMinutes * 60_000) / nominal),
        formatNumber(effective),
        formatRatio(ratio(effective, nominal)),
      ];
    }),
    notes: [
      'virtual time = currentUtcDateTime after the timer minus before it; wall time = start request to completion',
      'effective scale = virtual / wall; below nominal by the start, replay and commit overhead around the timer',
    ],
  };
  return [throughput, timer];
}

/** Per-instance rates at two sizes on SQLite, with large / small: below 1x means the rate falls as history grows. */
export function scalingTable(samples: ScalingSamples): Table {
  const { small, large } = samples;
  const rows: { metric: string; unit: string; size: (w: WorkloadSizes) => number; pick: (r: ShapeRates) => number }[] =
    [
      { metric: 'sequential activities/s', unit: 'steps', size: (w) => w.chainSteps, pick: (r) => r.sequential },
      { metric: 'fan-out activities/s', unit: 'activities', size: (w) => w.fanOutWidth, pick: (r) => r.fanOut },
      { metric: 'fan-in responses/s', unit: 'results', size: (w) => w.fanOutWidth, pick: (r) => r.fanIn },
      { metric: 'external events/s', unit: 'events', size: (w) => w.events, pick: (r) => r.events },
    ];
  return {
    title: 'Durable runtime rates as history grows (SQLite store, small and large sizes alternated)',
    headers: ['metric', 'small', 'rate at small', 'large', 'rate at large', 'large / small rate', 'size ratio'],
    rows: rows.map((row) => {
      const atSmall = summarize(samples.runs.map((r) => row.pick(r.small)));
      const atLarge = summarize(samples.runs.map((r) => row.pick(r.large)));
      return [
        row.metric,
        `${row.size(small)} ${row.unit}`,
        formatSummary(atSmall),
        `${row.size(large)} ${row.unit}`,
        formatSummary(atLarge),
        formatRatio(ratio(atLarge.median, atSmall.median)),
        formatRatio(ratio(row.size(large), row.size(small))),
      ];
    }),
    notes: [
      `median (min-max, ±half-range %) of ${samples.runs.length} runs after 1 warm-up; each run measures both sizes back to back`,
      'each episode replays the whole history (as the extension does without extended sessions), so a step costs more',
      'as history grows: large / small rate near 1x = flat; near 1 / size ratio = per-step cost grows linearly',
    ],
  };
}
