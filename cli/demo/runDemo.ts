// The demo behind `npm start`: the app and the simulator in this process (startServer), the example plan sent
// through the HTTP API, live progress from GET /api/connections/{name}, then a summary. Returns the exit code; the
// function key stays in memory and host logs go to a file, so the terminal shows progress only.
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectionsClient } from '../client/apiClient';
import { isFinished, parseConnectionView, validationErrorsOf, type ConnectionView } from '../client/apiTypes';
import { EXIT_FAILED, EXIT_OK } from '../exitCodes';
import { packageRoot } from '../packageRoot';
import { startServer, type RunningServer } from '../startServer';
import { ProgressTracker, formatDuration } from './progressLines';
import { planForSimulator } from './simulatedPlan';
import { summaryText } from './summaryText';

export interface DemoOptions {
  /** A plan file; default examples/plan.json of this package. */
  planFile?: string;
  timeScale: number;
  seed?: number | string;
  /** Give up after this much wall time. */
  timeoutMs: number;
  /** Keep the data folder (task hub, logs) even when the run succeeds. */
  keepData: boolean;
  out: (line: string) => void;
}

const POLL_EVERY_MS = 100;
/** Wall ms the summary waits for the run's last events to reach the topic. */
const EVENTS_SETTLE_MS = 5_000;

export async function runDemo(options: DemoOptions): Promise<number> {
  const { out } = options;
  const root = packageRoot();
  const planFile = options.planFile ?? join(root, 'examples', 'plan.json');
  const plan: unknown = JSON.parse(await readFile(planFile, 'utf8'));
  const dataDir = await mkdtemp(join(tmpdir(), 'hybrid-connection-demo-'));
  const logFile = join(dataDir, 'demo.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  let server: RunningServer | undefined;
  let ok = false;
  // A run that started and failed leaves its task hub and log behind for a look; a refused plan leaves nothing.
  let keepForInspection = false;
  try {
    server = await startServer({
      simulate: true,
      appDir: root,
      dataDir,
      port: 0,
      timeScale: options.timeScale,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      log: (level, message) => logStream.write(`[${new Date().toISOString()}] ${level}: ${message}\n`),
    });
    const sim = server.sim;
    if (!sim) throw new Error('the simulator did not start');
    out(`hybrid-connection demo: app ${server.url}, simulator ${sim.url}, time scale ${options.timeScale}`);
    const body = planForSimulator(plan, sim.readyInfo());
    const name = typeof body.name === 'string' ? body.name : '';
    const client = new ConnectionsClient({ url: server.url, key: server.keys.function });
    const wallStart = Date.now();
    const virtualStart = server.clock.now();

    const started = await client.start(JSON.stringify(body));
    if (started.status !== 202) {
      out(`POST /api/connections answered ${started.status}`);
      for (const error of validationErrorsOf(started.body)) out(`  ${error.path || '(body)'}: ${error.message}`);
      return EXIT_FAILED;
    }
    keepForInspection = true;
    out(`POST /api/connections -> 202: provisioning ${name} (instance hc-${name}) in both clouds`);
    out('');

    const progress = new ProgressTracker();
    const clock = server.clock;
    const elapsed = (): string => `+${formatDuration(clock.now() - virtualStart)}`.padStart(10);
    let view: ConnectionView | undefined;
    while (Date.now() - wallStart < options.timeoutMs) {
      const answer = await client.get(name);
      if (answer.status === 200) {
        view = parseConnectionView(answer.body);
        for (const line of progress.update(view, elapsed())) out(line);
        if (isFinished(view.runtimeStatus)) break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    }
    const wallMs = Date.now() - wallStart;
    const virtualMs = clock.now() - virtualStart;
    if (!view || !isFinished(view.runtimeStatus)) {
      out(`gave up after ${(wallMs / 1000).toFixed(0)} s of wall time: ${view?.runtimeStatus ?? 'no status'}`);
      return EXIT_FAILED;
    }
    // Events are delivered off the run's critical path: the last ones may reach the topic just after it ended.
    const handedOver = view.events;
    const settleBy = Date.now() + EVENTS_SETTLE_MS;
    const atTopic = (): Set<unknown> => new Set(sim.inspect.events().map((event) => (event as { id?: unknown }).id));
    while (!handedOver.every((id) => atTopic().has(id)) && Date.now() < settleBy) {
      await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    }
    for (const line of summaryText({ view, events: sim.inspect.events(), virtualMs, wallMs, timeScale: clock.scale })) {
      out(line);
    }
    ok = view.runtimeStatus === 'Completed' && view.error === null;
    return ok ? EXIT_OK : EXIT_FAILED;
  } finally {
    await server?.stop();
    await new Promise((resolve) => logStream.end(resolve));
    if (options.keepData || (keepForInspection && !ok)) out(`\nData folder (task hub, host log demo.log): ${dataDir}`);
    else await rm(dataDir, { recursive: true, force: true });
  }
}
