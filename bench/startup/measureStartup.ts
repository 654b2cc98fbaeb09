// How long the user waits: `cold_start_ms`, from spawning `hybrid-connection serve --simulate` (the built dist/, on
// Node 22) to its ready line on stdout, each start on a fresh data folder; and `demo_wall_s`, `npm start` (the demo:
// the example plan end to end against the simulator) from spawn to exit. Returns numbers; a demo that exits non-zero
// is a broken scenario. Every process started here is stopped here, every folder removed.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../../cli/packageRoot';
import { serverArgs, startServerProcess } from '../../soak/processes';
import { BenchScenarioError } from '../errors';
import { summarize, type Summary } from '../stats';
import { wallNow } from '../wallClock';

/** Wall ms from spawn to the ready line of `serve --simulate`, one per start. */
export async function measureColdStarts(starts: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < starts; i++) {
    const root = mkdtempSync(join(tmpdir(), 'hc-bench-cold-'));
    try {
      const began = wallNow();
      const server = await startServerProcess(['serve', '--simulate', ...serverArgs(join(root, 'data'), 1)], {
        env: process.env,
        stderrFile: join(root, 'stderr'),
      });
      times.push(wallNow() - began);
      await server.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return times;
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
  demoWallS: number;
}

export async function measureStartup(coldStarts: number): Promise<StartupResult> {
  const coldStartMs = summarize(await measureColdStarts(coldStarts));
  const demo = await measureDemo();
  return { coldStartMs, demoWallS: demo.wallMs / 1000 };
}
