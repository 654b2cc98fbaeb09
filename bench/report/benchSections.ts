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
  fleet: {
    title: 'Fleet: one hub, 1 to 10 Azure Stack Hub sites',
    about: [
      'One plan with the Azure side as the hub and N Azure Stack Hub sites (N = 1, 3, 10; quick: 1 and 3), each N on',
      'its own `serve --simulate --stamps N` in process (site i on stamp i) after a discarded one-site warm-up. Its',
      "critical path is the longest chain of the fleet's dependency DAG built from the simulator's operation log",
      "(`bench/fleet/fleetPath.ts`): each hub-site pair as in the workflow's, the hub's VNet, public IP, gateway and VM",
      "shared, and what the hub takes one at a time queued: its gateway's connection writes (NRP answers a second",
      '`AnotherOperationInProgress`) and its VM’s Run Commands (the pings). The hub’s gateway writes are counted (1 for',
      'every N: built once), and the virtual time at N is set against the one-site run’s: one gateway build, not N.',
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
      'A step has a budget (7 minutes): one past it is stopped and shown as far as it got (runs completed and',
      'unfinished, history events per instance against a finished step’s), its CPU per run left unmeasured.',
      '',
      'What profiles of the host showed (`--cpu-prof` and a heap snapshot at N = 100, time scale 1000; see',
      '`bench/README.md`, Findings): before this report, 21% of the host’s CPU went to `getName` of Node’s https',
      'agent, which names its connection pools after the `ca` option: the app handed every request the default CAs',
      'plus the configured one (~200 KB joined), and every new connection parsed them all again (another 4.5%). The',
      'app now hands requests one TLS `SecureContext` built once (`lib/clouds/trustedCa.ts`): CPU per provisioning',
      'at N = 100 went from 0.52 to 0.27 s (profiled), wall from 216 to 70 s and peak RSS from 521 to 395 MB. The',
      'task hub does not grow per instance with N (history events and episodes per instance are flat), and the heap',
      'retained after the runs is ~60 MB (code and module sources): the peak RSS is V8’s heap headroom and the',
      'allocator, not state kept per run.',
    ],
  },
  startup: {
    title: 'Start-up',
    about: [
      '`cold_start_ms`: `node bin/hybrid-connection.js serve --simulate` (the built `dist/`, Node 22, a fresh data',
      'folder) from spawn to its ready line on stdout, the median of several starts, with the load average while they',
      "were timed and the start's own CPU time (its main thread's at the ready line: the wall time when a CPU is free).",
      'The first run of a fresh server against its second shows what a start leaves to the first run (the Azure SDKs',
      'load on first use). `demo_wall_s`: `npm start` (the demo, `hybrid-connection demo`) from spawn to exit.',
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
  critical_path_ratio: '≤ 1.05',
  speedup_vs_sequential: '≥ 1.8',
  gateway_detect_lag_s: '≤ 30 s',
  reads_vs_fixed30s: '≤ 0.5',
  cpu_per_run_growth: '≤ 1.2',
  peak_rss_mb: '< 500 MB',
  cold_start_ms: '< 1,500 ms',
  demo_wall_s: '< 60 s',
  fleet_virtual_ratio_10_vs_1: '≈ 1 (one gateway build, not 10)',
  fleet_virtual_ratio_3_vs_1: '≈ 1 (one gateway build, not 3)',
  fleet_hub_gateway_writes: '1',
  fleet_runs_failed: '0',
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
  'fleet_virtual_ratio_10_vs_1',
  'fleet_virtual_ratio_3_vs_1',
  'fleet_hub_gateway_writes',
  'fleet_runs_failed',
];

/** Which N a load metric was taken at, from the metrics that say so. */
function noteOf(key: string, metrics: Record<string, unknown>): string | undefined {
  if (key === 'cpu_per_run_growth' && typeof metrics.cpu_per_run_growth_n === 'string')
    return `N ${metrics.cpu_per_run_growth_n}`;
  if (key === 'peak_rss_mb' && typeof metrics.peak_rss_n === 'number') return `N = ${metrics.peak_rss_n}`;
  if (key === 'cold_start_ms') return coldStartNote(metrics);
  return undefined;
}

/** Beside the cold start: the load average while it was timed, and the start's own CPU (what it is with CPUs free). */
function coldStartNote(metrics: Record<string, unknown>): string | undefined {
  const load = metrics.cold_start_load;
  const cpu = metrics.cold_start_cpu_ms;
  const parts = [
    ...(Array.isArray(load) && load.every((value) => typeof value === 'number')
      ? [`load average ${load.map((value: number) => value.toFixed(1)).join(' -> ')}`]
      : []),
    ...(typeof cpu === 'number' ? [`own CPU ${Math.round(cpu).toLocaleString('en-US')} ms`] : []),
  ];
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The numeric metrics of this run that have a row in the headline table (what a run skipped is left out). */
export function headlines(metrics: Record<string, unknown>): Headline[] {
  return HEADLINE_KEYS.flatMap((key) => {
    const value = metrics[key];
    if (typeof value !== 'number') return [];
    const note = noteOf(key, metrics);
    return [{ key, value, goal: GOALS[key] ?? '—', ...(note !== undefined ? { note } : {}) }];
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
