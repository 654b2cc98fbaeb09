// One load step: N provisionings of the example plan (distinct connection names) started at once on one host. The
// simulator and the host run as separate processes (`hybrid-connection sim` and `hybrid-connection host --app`, as
// the soak starts them), so the host's CPU time and peak RSS are its own, read from /proc. Returns raw numbers; the
// arithmetic is in loadMetrics.ts. It always stops what it started and removes its folder.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHostLives } from '../../soak/hostLives';
import { planFor } from '../../soak/plans';
import { Recorder } from '../../soak/recorder';
import { startSimProcess } from '../../soak/simProcess';
import { BenchScenarioError } from '../errors';
import { wallNow } from '../wallClock';
import type { LoadSample } from './loadMetrics';
import { processCpuSeconds, processPeakRssMb, processRssMb } from './processUsage';
import { readTaskHubCounts } from './taskHubCounts';

export interface LoadStepOptions {
  n: number;
  timeScale: number;
  seed: string;
  /**
   * Wall ms the N runs may take: the step's budget. Past it the step stops and reports how far it got (a machine
   * too small or too busy for that N is a finding, not a broken bench).
   */
  timeoutMs: number;
  /** Passed to the host process (e.g. NODE_OPTIONS=--cpu-prof for a profile); laid over the simulator settings. */
  hostEnv?: NodeJS.ProcessEnv;
  /** Called with the host's pid once the runs are done, before it stops (e.g. to signal it for a heap snapshot). */
  beforeHostStops?: (pid: number) => Promise<void>;
}

/** Quotas of both simulated subscriptions are raised to this (per N) before the runs: 2 of every kind per run. */
export function quotaFor(n: number): number {
  // Cores: each run's VM takes a few; the usages API and the pre-flight check read these limits.
  return Math.max(1000, 8 * n);
}

const UNFINISHED = 'Pending,Running,Suspended';
const POLL_MS = 200;

export async function measureLoadStep(options: LoadStepOptions): Promise<LoadSample> {
  const root = mkdtempSync(join(tmpdir(), `hc-bench-load-${options.n}-`));
  // Nothing here is scanned for secrets: a recorder that keeps nothing.
  const recorder = new (class extends Recorder {
    override record(): void {}
  })();
  try {
    const sim = await startSimProcess({
      dataDir: join(root, 'sim'),
      timeScale: options.timeScale,
      seed: options.seed,
      stderrFile: join(root, 'sim.stderr'),
      recorder,
    });
    const hostDataDir = join(root, 'host');
    mkdirSync(hostDataDir);
    try {
      await sim.raiseQuotas(quotaFor(options.n));
      const lives = await startHostLives({
        dataDir: hostDataDir,
        timeScale: options.timeScale,
        sim,
        stderrFile: join(root, 'host.stderr'),
        recorder,
        ...(options.hostEnv ? { env: options.hostEnv } : {}),
      });
      const host = lives.current();
      const hostPid = host.process.pid;
      let wallMs: number;
      let hostCpuS: number;
      let simCpuS: number;
      let peakRssMb: number;
      let rssAtEndMb: number;
      let finished: boolean;
      try {
        const names = Array.from({ length: options.n }, (_, i) => `load${String(i + 1).padStart(3, '0')}`);
        const cpuBefore = processCpuSeconds(hostPid);
        const simCpuBefore = processCpuSeconds(sim.process.pid);
        const began = wallNow();
        const answers = await Promise.all(
          names.map((name) => host.api('POST', '/api/connections', withoutMonitor(planFor(sim.ready, name)))),
        );
        const refused = answers.find((answer) => answer.status !== 202);
        if (refused) throw new BenchScenarioError(`POST /api/connections answered ${refused.status}: ${refused.text}`);
        finished = await waitUntilNoneUnfinished(host.url, host.keys.master, began, options.timeoutMs);
        wallMs = wallNow() - began;
        hostCpuS = processCpuSeconds(hostPid) - cpuBefore;
        simCpuS = processCpuSeconds(sim.process.pid) - simCpuBefore;
        peakRssMb = processPeakRssMb(hostPid);
        rssAtEndMb = processRssMb(hostPid);
        await options.beforeHostStops?.(hostPid);
      } finally {
        await lives.stop();
      }
      return {
        n: options.n,
        timeScale: options.timeScale,
        finished,
        wallMs,
        hostCpuS,
        simCpuS,
        peakRssMb,
        rssAtEndMb,
        instances: readTaskHubCounts(hostDataDir),
      };
    } finally {
      await sim.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Polls the Durable HTTP API for one unfinished instance (top=1: a cheap query whatever N is) until there is none
 * (true) or the budget is spent (false).
 */
export async function waitUntilNoneUnfinished(
  url: string,
  masterKey: string,
  began: number,
  timeoutMs: number,
): Promise<boolean> {
  for (;;) {
    const response = await fetch(`${url}/runtime/webhooks/durabletask/instances?runtimeStatus=${UNFINISHED}&top=1`, {
      headers: { 'x-functions-key': masterKey },
    });
    if (!response.ok) throw new BenchScenarioError(`listing the task hub answered ${response.status}`);
    const unfinished = (await response.json()) as unknown[];
    if (unfinished.length === 0) return true;
    if (wallNow() - began > timeoutMs) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * The load measured is provisioning's: a health monitor would run on after each run (every 5 virtual minutes, 0.3 s
 * of wall time at scale 1000) and the step could never see every instance finished.
 */
export function withoutMonitor(plan: ReturnType<typeof planFor>): ReturnType<typeof planFor> {
  return { ...plan, options: { ...plan.options, monitor: { enabled: false } } };
}
