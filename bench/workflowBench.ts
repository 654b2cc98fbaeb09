// The workflow against its limits: end-to-end runs of the example plan at several time scales, the run's virtual
// time against the longest chain of its true dependency DAG, a sequential script doing the same calls, how the
// gateways were watched, and the ARM requests a run costs. Returns tables and the metrics `--json` writes.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../cli/packageRoot';
import type { PlanInput } from '../lib/plan';
import { formatMinutes as minutes, formatNumber, runCells } from './format';
import type { Table } from './table';
import { measureWorkflow, type WorkflowSample } from './workflow/measureWorkflow';
import { measureSequential, type SequentialSample } from './workflow/sequentialBaseline';

export interface WorkflowBenchOptions {
  /** Time scales to run at; the first is the one the ratios are quoted from (lowest = least wall-clock overhead). */
  timeScales: number[];
  /**
   * A run at this scale first, discarded: the first run in a process also pays for loading and compiling the code it
   * reaches and for its first connections and tokens, which is the process's start-up, not the workflow.
   */
  warmUpScale?: number;
  timeoutMs: number;
  seed: string;
}

export const DEFAULT_WORKFLOW_OPTIONS: WorkflowBenchOptions = {
  timeScales: [100, 300, 1000],
  warmUpScale: 1000,
  timeoutMs: 240_000,
  seed: 'bench',
};
export const QUICK_WORKFLOW_OPTIONS: WorkflowBenchOptions = {
  timeScales: [300],
  warmUpScale: 1000,
  timeoutMs: 120_000,
  seed: 'bench',
};

/** The 30 s fixed polling interval a naive script (or Terraform's default poller) would use. */
const FIXED_POLL_MS = 30_000;

export interface WorkflowMetrics {
  critical_path_ratio: number;
  speedup_vs_sequential: number;
  gateway_detect_lag_s: number;
  reads_vs_fixed30s: number;
  arm_requests_per_run: Record<string, Record<string, number>>;
}

export async function runWorkflowBench(
  options: WorkflowBenchOptions = DEFAULT_WORKFLOW_OPTIONS,
): Promise<{ tables: Table[]; metrics: WorkflowMetrics; samples: WorkflowSample[] }> {
  const example = JSON.parse(await readFile(join(packageRoot(), 'examples', 'plan.json'), 'utf8')) as PlanInput;
  const samples: WorkflowSample[] = [];
  for (const scale of options.timeScales) {
    samples.push(await measureWorkflow(scale, options.seed, options.timeoutMs, options.warmUpScale));
  }
  const sequential = await measureSequential(example, options.seed);
  const quoted = samples[0];
  if (!quoted) throw new Error('no time scale to run at');
  const metrics = workflowMetrics(quoted, sequential);
  return { tables: [runsTable(samples, sequential), pathTable(quoted), watchTable(quoted)], metrics, samples };
}

/** The workflow's `--json` metrics from the quoted run and the sequential script. */
export function workflowMetrics(
  quoted: Pick<WorkflowSample, 'virtualMs' | 'criticalPath' | 'gatewayWatch' | 'armByMethod'>,
  sequential: Pick<SequentialSample, 'virtualMs'>,
): WorkflowMetrics {
  const watches = [quoted.gatewayWatch.azure, quoted.gatewayWatch.azureStack];
  return {
    critical_path_ratio: quoted.virtualMs / quoted.criticalPath.lengthMs,
    speedup_vs_sequential: sequential.virtualMs / quoted.virtualMs,
    gateway_detect_lag_s: Math.max(...watches.map((w) => w.detectLagMs)) / 1000,
    reads_vs_fixed30s:
      watches.reduce((sum, w) => sum + w.reads, 0) /
      watches.reduce((sum, w) => sum + Math.ceil(w.buildMs / FIXED_POLL_MS), 0),
    arm_requests_per_run: quoted.armByMethod,
  };
}

function runsTable(samples: WorkflowSample[], sequential: SequentialSample): Table {
  const warmUps = samples.flatMap((s) => (s.warmUp ? [s.warmUp] : []));
  return {
    title: 'Workflow vs its critical path and a sequential script (the example plan, both clouds, tunnel, ping)',
    headers: ['time scale', 'result', 'wall s', 'virtual min', 'critical path min', 'run / path', 'sequential / run'],
    rows: samples.map((s) => [
      String(s.timeScale),
      ...runCells({ ...s, pathMs: s.criticalPath.lengthMs }),
      formatNumber(sequential.virtualMs / s.virtualMs),
    ]),
    notes: [
      'critical path: the longest chain of the true dependency DAG built from the simulator operation log of that run',
      '(a local network gateway needs only the peer address; a connection only its own gateway and local gateway)',
      `sequential: the same activities one cloud after the other, each step waiting for the last (${sequential.steps} steps, ${minutes(sequential.virtualMs)} virtual min; long operations without polling lag)`,
      'wall-clock overhead shows up as virtual time at high scales: quote the ratios of the lowest scale',
      "virtual min: from the POST to the run's last episode (its lastUpdatedTime in the task hub)",
      ...(warmUps.length > 0
        ? [
            `each run follows a discarded warm-up run of the example under another name on the same server (time scale ${String(warmUps[0]?.timeScale)}; ` +
              `${warmUps.map((w) => `${w.runtimeStatus} in ${formatNumber(w.wallMs / 1000)} s`).join(', ')} of wall time): ` +
              "a server's first run also compiles the code it reaches and gets its first connections and tokens (see the start-up table)",
          ]
        : []),
    ],
  };
}

function pathTable(sample: WorkflowSample): Table {
  const path = sample.criticalPath;
  return {
    title: `Critical path of the run at time scale ${sample.timeScale}`,
    headers: ['step', 'virtual min'],
    rows: path.chain.map((step) => [step, minutes(path.durations[step] ?? 0)]),
    notes: [`total ${minutes(path.lengthMs)} virtual min; the run took ${minutes(sample.virtualMs)}`],
  };
}

function watchTable(sample: WorkflowSample): Table {
  const clouds = ['azure', 'azureStack'] as const;
  return {
    title: `Watching the gateways (time scale ${sample.timeScale})`,
    headers: ['cloud', 'build min', 'reads', 'reads at a fixed 30 s', 'detect lag s', 'ARM requests by method'],
    rows: clouds.map((cloud) => {
      const w = sample.gatewayWatch[cloud];
      const methods = Object.entries(sample.armByMethod[cloud])
        .map(([method, count]) => `${method} ${count}`)
        .join(', ');
      return [
        cloud,
        minutes(w.buildMs),
        String(w.reads),
        String(Math.ceil(w.buildMs / FIXED_POLL_MS)),
        formatNumber(w.detectLagMs / 1000),
        methods,
      ];
    }),
    notes: ['detect lag: virtual seconds from the gateway operation ending to the first read that could see it'],
  };
}
