// Crash safety: `hybrid-connection host` is killed with SIGKILL at seeded random moments while 20 runs of a workflow
// record every activity execution in a file. After the last restart every run completes with the right output, and
// each step ran at least once and at most once more than the number of kills that hit its run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../../simulator/random';
import {
  http,
  makeDataDir,
  removeDir,
  startConformanceHost,
  waitForFinal,
  type ConformanceHost,
} from './helpers/conformanceHost';

const RUNS = 20;
const STEPS = 8;
const MAX_KILLS = 12;
const SEED = 20240101;

let dataDir: string;
let host: ConformanceHost | undefined;

beforeAll(async () => {
  dataDir = await makeDataDir('crash');
});

afterAll(async () => {
  await host?.stop('SIGKILL');
  await removeDir(dataDir);
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function statusUrl(h: ConformanceHost, run: number): string {
  return `${h.url}/runtime/webhooks/durabletask/instances/crash-${run}?code=${encodeURIComponent(h.masterKey)}`;
}

/** Starts the run unless it already exists (a start may have been cut short by a kill). Errors mean "try later". */
async function ensureStarted(h: ConformanceHost, run: number): Promise<boolean> {
  try {
    const existing = await http(statusUrl(h, run));
    if (existing.status === 200 || existing.status === 202) return true;
    const started = await http(`${h.url}/api/orchestrators/CrashWorkflow/crash-${run}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ run }),
    });
    return started.status === 202;
  } catch {
    return false;
  }
}

async function isCompleted(h: ConformanceHost, run: number): Promise<boolean> {
  try {
    const response = await http(statusUrl(h, run));
    return (response.body as { runtimeStatus?: string } | undefined)?.runtimeStatus === 'Completed';
  } catch {
    return false;
  }
}

describe('crash safety under SIGKILL', () => {
  it('finishes every run with no lost step and no duplicate beyond the kills that hit it', async () => {
    // mulberry32 (the simulator's PRNG): every run of this test kills at the same (relative) moments.
    const random = mulberry32(SEED);
    const recordFile = join(dataDir, 'steps.log');
    const env = { CONFORMANCE_RECORD_FILE: recordFile, CONFORMANCE_STEP_PAUSE_MS: '25' };
    const started = new Set<number>();
    const completed = new Set<number>();
    const killsDuringRun = new Map<number, number>();
    let kills = 0;

    let effectiveKills = 0;
    while (started.size < RUNS || (kills < MAX_KILLS && completed.size < RUNS)) {
      host = await startConformanceHost({ dataDir, timeScale: 5_000, env });
      const live = host;
      // Start a few more runs in this life, then let it work for a random moment before the kill.
      const batch = 1 + Math.floor(random() * 4);
      for (let run = 0; run < RUNS && started.size < RUNS; run++) {
        if (started.has(run)) continue;
        if ((await ensureStarted(live, run)) && started.add(run).size % batch === 0) break;
      }
      await sleep(10 + Math.floor(random() * 150));
      for (const run of started) if (!completed.has(run) && (await isCompleted(live, run))) completed.add(run);
      await live.stop('SIGKILL');
      kills += 1;
      let interrupted = 0;
      for (const run of started) {
        // A run observed complete before the kill cannot have been interrupted by it.
        if (completed.has(run)) continue;
        killsDuringRun.set(run, (killsDuringRun.get(run) ?? 0) + 1);
        interrupted += 1;
      }
      if (interrupted > 0) effectiveKills += 1;
      host = undefined;
    }

    // Final life: no more kills; start whatever is left and wait for everything.
    host = await startConformanceHost({ dataDir, timeScale: 5_000, env });
    for (let run = 0; run < RUNS; run++) expect(await ensureStarted(host, run)).toBe(true);
    for (let run = 0; run < RUNS; run++) {
      const done = await waitForFinal(statusUrl(host, run));
      expect(done.runtimeStatus).toBe('Completed');
      expect(done.output).toEqual(Array.from({ length: STEPS }, (_, step) => `${run}:${step}`));
    }
    // The kills must actually have hit running work, or this test would prove nothing.
    expect(effectiveKills).toBeGreaterThanOrEqual(5);

    const counts = new Map<string, number>();
    for (const line of readFileSync(recordFile, 'utf8').split('\n').filter(Boolean)) {
      counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    const violations: string[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (let step = 0; step < STEPS; step++) {
        const count = counts.get(`${run} ${step}`) ?? 0;
        const allowed = 1 + (killsDuringRun.get(run) ?? 0);
        if (count < 1 || count > allowed)
          violations.push(`run ${run} step ${step}: ${count} executions (allowed 1..${allowed})`);
      }
    }
    expect(violations).toEqual([]);
  }, 120_000);
});
