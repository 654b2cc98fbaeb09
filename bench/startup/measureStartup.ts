// How long the user waits: `cold_start_ms`, from spawning `hybrid-connection serve --simulate` (the built dist/, on
// Node 22) to its ready line on stdout, each start on a fresh data folder, with the start's own CPU time (its main
// thread's, read from /proc at the ready line: what the wall time comes to when nothing else wants the CPUs) and the
// load average around the starts; the first provisioning of a freshly started server against the second (what a
// server leaves to its first run: code it compiles on first use, first connections and tokens); and `demo_wall_s`,
// `npm start` (the demo: the example plan end to end against the simulator) from spawn to exit. Returns numbers; a
// demo that exits non-zero, or a provisioning that does not complete, is a broken scenario. Every process started here
// is stopped here, every folder removed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../cli/packageRoot';
import type { ServeReadyInfo } from '../../cli/startServer';
import { planFor } from '../../soak/plans';
import { serverArgs, startServerProcess } from '../../soak/processes';
import { BenchScenarioError } from '../errors';
import { threadCpuSeconds } from '../load/processUsage';
import { followRun } from '../followRun';
import { summarize, type Summary } from '../stats';
import { wallNow } from '../wallClock';

/** One start: wall ms from spawn to the ready line, and the CPU ms its main thread had used by then. */
export interface ColdStart {
  wallMs: number;
  mainThreadCpuMs: number;
}

/** The time scale of the first-run measurement: a run takes a few wall seconds. */
const FIRST_RUN_TIME_SCALE = 1000;
const FIRST_RUN_TIMEOUT_MS = 120_000;

/** `serve --simulate` started `starts` times, one after the other, each on a fresh data folder. */
export async function measureColdStarts(starts: number): Promise<ColdStart[]> {
  const times: ColdStart[] = [];
  for (let i = 0; i < starts; i++) {
    const root = mkdtempSync(join(tmpdir(), 'hc-bench-cold-'));
    try {
      const began = wallNow();
      const server = await startServerProcess(['serve', '--simulate', ...serverArgs(join(root, 'data'), 1)], {
        env: process.env,
        stderrFile: join(root, 'stderr'),
      });
      const wallMs = wallNow() - began;
      // The process spawned is the server itself (Node 22 runs the command without re-executing it).
      times.push({ wallMs, mainThreadCpuMs: threadCpuSeconds(server.pid, server.pid) * 1000 });
      await server.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return times;
}

/** The first two provisionings of one freshly started server, each POSTed as soon as the one before ended. */
export interface FirstRun {
  /** Wall ms of the first run, POSTed the moment the ready line was read. */
  firstMs: number;
  secondMs: number;
  timeScale: number;
}

export async function measureFirstRun(): Promise<FirstRun> {
  const root = mkdtempSync(join(tmpdir(), 'hc-bench-first-'));
  try {
    const server = await startServerProcess<ServeReadyInfo>(
      ['serve', '--simulate', ...serverArgs(join(root, 'data'), FIRST_RUN_TIME_SCALE)],
      { env: process.env, stderrFile: join(root, 'stderr') },
    );
    try {
      const { simulator, url, keys } = server.ready;
      if (!simulator) throw new BenchScenarioError('serve --simulate named no simulator in its ready line');
      const wall: number[] = [];
      for (const name of ['firstrun', 'secondrun']) {
        const run = await followRun({ url, key: keys.function }, planFor(simulator, name), FIRST_RUN_TIMEOUT_MS);
        if (run.runtimeStatus !== 'Completed') throw new BenchScenarioError(`${name} ended ${run.runtimeStatus}`);
        wall.push(run.wallMs);
      }
      return { firstMs: wall[0] ?? Number.NaN, secondMs: wall[1] ?? Number.NaN, timeScale: FIRST_RUN_TIME_SCALE };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export interface DemoRun {
  wallMs: number;
  exitCode: number | null;
}

/** `npm start` in the package folder, its output discarded, timed from spawn to 'close'. */
export async function measureDemo(): Promise<DemoRun> {
  const began = wallNow();
  const child = spawn('npm', ['start', '--silent'], { cwd: packageRoot(), stdio: 'ignore' });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  const run = { wallMs: wallNow() - began, exitCode };
  if (exitCode !== 0) throw new BenchScenarioError(`npm start exited with ${String(exitCode)}`);
  return run;
}

export interface StartupResult {
  coldStartMs: Summary;
  /** The main thread's CPU ms at the ready line. */
  coldStartCpuMs: Summary;
  /** 1-minute load average just before the first start and just after the last. */
  loadAverage: { before: number; after: number };
  firstRun: FirstRun;
  demoWallS: number;
}

export async function measureStartup(coldStarts: number): Promise<StartupResult> {
  const before = loadavg()[0] ?? Number.NaN;
  const starts = await measureColdStarts(coldStarts);
  const after = loadavg()[0] ?? Number.NaN;
  const firstRun = await measureFirstRun();
  const demo = await measureDemo();
  return {
    coldStartMs: summarize(starts.map((start) => start.wallMs)),
    coldStartCpuMs: summarize(starts.map((start) => start.mainThreadCpuMs)),
    loadAverage: { before, after },
    firstRun,
    demoWallS: demo.wallMs / 1000,
  };
}
