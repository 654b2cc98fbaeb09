// `npm run build && node dist/bench/eventGridOutage.js [timeScale]`: the wall time of one run of the example plan
// with Event Grid up, then with it down (the simulator resets every connection to the topic for the whole run), each
// on its own `serve --simulate` in this process, and their ratio; then how long after Event Grid comes back the
// events of the down run reach the topic. It prints numbers and never judges them.
import './quietSqliteWarning';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planForSimulator } from '../cli/demo/simulatedPlan';
import { packageRoot } from '../cli/packageRoot';
import { startServer } from '../cli/startServer';
import { BenchScenarioError } from './errors';
import { formatNumber } from './format';
import { renderTable } from './table';
import { wallNow } from './wallClock';

const FINISHED = ['Completed', 'Failed', 'Terminated', 'Canceled'];
const POLL_EVERY_MS = 50;
const TIMEOUT_MS = 300_000;
/** Virtual ms the topic stays down: longer than a run, shorter than a delivery's day of retries. */
const OUTAGE_MS = 20 * 60 * 60 * 1000;

interface OutageSample {
  runtimeStatus: string;
  wallMs: number;
  virtualMs: number;
  /** Events at the topic when the run ended. */
  eventsAtEnd: number;
  /** Wall ms from bringing Event Grid back to every event of the run at the topic (down run only). */
  deliveredAfterMs?: number;
}

async function until(what: string, probe: () => Promise<boolean> | boolean): Promise<void> {
  const start = wallNow();
  while (!(await probe())) {
    if (wallNow() - start > TIMEOUT_MS) throw new BenchScenarioError(`${what}: not within ${TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}

async function measureRun(timeScale: number, eventGridDown: boolean): Promise<OutageSample> {
  const root = packageRoot();
  const example: unknown = JSON.parse(await readFile(join(root, 'examples', 'plan.json'), 'utf8'));
  const dataDir = await mkdtemp(join(tmpdir(), 'hc-bench-outage-'));
  const server = await startServer({
    simulate: true,
    appDir: root,
    dataDir,
    port: 0,
    timeScale,
    seed: 'bench-outage',
    log: () => undefined,
  });
  try {
    const sim = server.sim;
    if (!sim) throw new BenchScenarioError('the simulator did not start');
    if (eventGridDown) sim.inspect.setEventGridOutage(OUTAGE_MS);
    const plan = planForSimulator(example, sim.readyInfo());
    const headers = { 'x-functions-key': server.keys.function, 'content-type': 'application/json' };
    const wallStart = wallNow();
    const virtualStart = server.clock.now();
    const started = await fetch(`${server.url}/api/connections`, {
      method: 'POST',
      headers,
      body: JSON.stringify(plan),
    });
    if (started.status !== 202) throw new BenchScenarioError(`POST /api/connections answered ${started.status}`);
    let runtimeStatus = 'Pending';
    await until('the run to end', async () => {
      const answer = await fetch(`${server.url}/api/connections/${String(plan.name)}`, { headers });
      const body = (await answer.json()) as { runtimeStatus?: unknown };
      if (typeof body.runtimeStatus === 'string') runtimeStatus = body.runtimeStatus;
      return FINISHED.includes(runtimeStatus);
    });
    const sample: OutageSample = {
      runtimeStatus,
      wallMs: wallNow() - wallStart,
      virtualMs: server.clock.now() - virtualStart,
      eventsAtEnd: sim.inspect.events().length,
    };
    if (eventGridDown) {
      const back = wallNow();
      sim.inspect.setEventGridOutage(0);
      await until('the events after the outage', () => sim.inspect.events().length >= 8);
      sample.deliveredAfterMs = wallNow() - back;
    }
    return sample;
  } finally {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const timeScale = Number(process.argv[2] ?? 1000);
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new BenchScenarioError('timeScale must be a number > 0');
  const up = await measureRun(timeScale, false);
  const down = await measureRun(timeScale, true);
  const row = (label: string, s: OutageSample): string[] => [
    label,
    s.runtimeStatus,
    formatNumber(s.wallMs / 1000),
    formatNumber(s.virtualMs / 60_000),
    String(s.eventsAtEnd),
    s.deliveredAfterMs === undefined ? 'n/a' : formatNumber(s.deliveredAfterMs / 1000),
  ];
  console.log(
    renderTable({
      title: `One run with Event Grid up vs down (time scale ${timeScale})`,
      headers: [
        'Event Grid',
        'status',
        'wall s',
        'virtual min',
        'events at end',
        'all 8 events after its return, wall s',
      ],
      rows: [row('up', up), row('down', down)],
      notes: [
        `Wall time down / up: ${formatNumber(down.wallMs / up.wallMs)}x (virtual: ${formatNumber(down.virtualMs / up.virtualMs)}x).`,
        'Down: the simulator resets every connection to the topic from before the start until after the run ended; each event is then delivered by its own child on its next retry (every minute at most).',
      ],
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
