// The words of docs/benchmarks.md: what each section of the bench measures, and the headline metrics with the goals
// issue #11 sets for them. Text only.
import type { SectionName } from '../args';
import type { Headline } from './benchReport';

export const SECTION_ABOUT: Record<SectionName, { title: string; about: string[] }> = {
  workflow: {
    title: 'Workflow against its critical path',
    about: [
      'The example plan end to end (`serve --simulate` in process) at several time scales, against the longest chain',
      "of its true dependency DAG (built from the simulator's operation log: `bench/workflow/criticalPath.ts`) and",
      'against a sequential script doing the same calls one cloud after the other. The Gantt chart above draws the',
      'run the ratios are quoted from.',
    ],
  },
  load: {
    title: 'Load: N provisionings at once on one host',
    about: [
      '`hybrid-connection sim` and `hybrid-connection host --app <repo>` as two processes (the soak starts them the',
      'same way: the host pointed at the simulator by its app settings, its clock aligned to the simulator’s), the',
      'quotas of both simulated subscriptions raised through `PATCH /_sim/account` (`bench/load/measureLoad.ts`), then',
      'N `POST /api/connections` of the example plan with distinct names at once. Wall time runs from the first start',
      'request until the Durable HTTP API lists no unfinished instance. CPU seconds and peak RSS are the host',
      "process's own, read from `/proc/<pid>/stat` and `VmHWM` in `/proc/<pid>/status`; history events and episodes",
      "per instance are read from the host's SQLite task hub after it stopped. At a high time scale the host cannot",
      'keep up with virtual time when N is large: a run then takes more virtual minutes (fewer polls per virtual',
      'minute), which the last column shows; episodes per instance show whether each run still did the same work.',
    ],
  },
  startup: {
    title: 'Start-up',
    about: [
      '`cold_start_ms`: `node bin/hybrid-connection.js serve --simulate` (the built `dist/`, Node 22, a fresh data',
      'folder) from spawn to its ready line on stdout, the median of several starts. `demo_wall_s`: `npm start` (the',
      'demo, `hybrid-connection demo`) from spawn to exit.',
    ],
  },
  runtime: {
    title: 'Runtime',
    about: [
      'The bench app `bench/apps/throughput/` (plain `durable-functions` 3) on the local runtime: sequential',
      'activities, fan-out/fan-in, external events and a durable timer, against the Azure Storage provider’s',
      'published per-instance targets; SQLite against the in-memory store; small against large histories.',
    ],
  },
  simulator: {
    title: 'Simulator',
    about: [
      'One simulator driven through the real SDK clients: SDK calls and ARM requests per second at several',
      'concurrencies, and a 40-minute gateway create at several time scales.',
    ],
  },
};

const GOALS: Record<string, string> = {
  cpu_per_run_growth: '≤ 1.2',
  peak_rss_mb: '< 500 MB',
  cold_start_ms: '< 1,500 ms',
  demo_wall_s: '< 60 s',
};

const HEADLINE_KEYS = [
  'critical_path_ratio',
  'speedup_vs_sequential',
  'gateway_detect_lag_s',
  'reads_vs_fixed30s',
  'cpu_per_run_growth',
  'peak_rss_mb',
  'cold_start_ms',
  'demo_wall_s',
];

/** The numeric metrics of this run that have a row in the headline table (what a run skipped is left out). */
export function headlines(metrics: Record<string, unknown>): Headline[] {
  return HEADLINE_KEYS.flatMap((key) => {
    const value = metrics[key];
    return typeof value === 'number' ? [{ key, value, goal: GOALS[key] ?? '—' }] : [];
  });
}

/** Every metric issue #11 asks `--json FILE` to carry (a full or a quick run writes them all). */
export const REQUIRED_METRICS = [
  'critical_path_ratio',
  'speedup_vs_sequential',
  'gateway_detect_lag_s',
  'reads_vs_fixed30s',
  'arm_requests_per_run',
  'cpu_per_run_growth',
  'peak_rss_mb',
  'cold_start_ms',
  'demo_wall_s',
] as const;
