// Starts one provisioning over the HTTP API and follows it to its end: the answer's status, its wall time, its last
// episode's time (the task hub's clock) and how many events it handed over. What the workflow and start-up benches
// share; it judges nothing.
import { BenchScenarioError } from './errors';
import { wallNow } from './wallClock';

export interface FollowedRun {
  runtimeStatus: string;
  wallMs: number;
  /** The run's lastUpdatedTime once it ended: its last episode, on the server's (virtual) clock. */
  lastUpdatedMs: number;
  /** Events the run handed over for delivery (its status' `events`). */
  events: number;
  /** What failed, as its status' `errors` name it. */
  errors: RunFailure[];
}

/** One entry of a status' `errors`: its code, and where when it says. */
export interface RunFailure {
  code: string;
  site?: string;
  cloud?: string;
  stage?: string;
}

const FINISHED = ['Completed', 'Failed', 'Terminated', 'Canceled'];
/**
 * How often the status is read while the run goes on: its end is the task hub's time, so this only decides how soon
 * the bench notices; each read costs the server a status query (in the same process, for the workflow bench).
 */
const POLL_EVERY_MS = 200;

export async function followRun(
  server: { url: string; key: string },
  plan: Record<string, unknown>,
  timeoutMs: number,
): Promise<FollowedRun> {
  const name = String(plan.name);
  const headers = { 'x-functions-key': server.key, 'content-type': 'application/json' };
  const started = wallNow();
  const answer = await fetch(`${server.url}/api/connections`, { method: 'POST', headers, body: JSON.stringify(plan) });
  if (answer.status !== 202) throw new BenchScenarioError(`POST /api/connections answered ${answer.status}`);
  let runtimeStatus = 'Pending';
  let lastUpdatedMs = Number.NaN;
  let events = 0;
  let errors: RunFailure[] = [];
  while (!FINISHED.includes(runtimeStatus)) {
    if (wallNow() - started > timeoutMs) throw new BenchScenarioError(`${name}: no result within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
    const status = await fetch(`${server.url}/api/connections/${encodeURIComponent(name)}`, { headers });
    const body = (await status.json()) as {
      runtimeStatus?: unknown;
      lastUpdatedTime?: unknown;
      events?: unknown;
      errors?: unknown;
    };
    if (typeof body.runtimeStatus === 'string') runtimeStatus = body.runtimeStatus;
    if (typeof body.lastUpdatedTime === 'string') lastUpdatedMs = Date.parse(body.lastUpdatedTime);
    if (Array.isArray(body.events)) events = body.events.length;
    if (Array.isArray(body.errors)) errors = body.errors.map(describeFailure);
  }
  if (!Number.isFinite(lastUpdatedMs)) throw new BenchScenarioError(`${name}: the finished run has no lastUpdatedTime`);
  return { runtimeStatus, wallMs: wallNow() - started, lastUpdatedMs, events, errors };
}

/** The parts of a status' `errors` entry the bench reports. */
function describeFailure(failure: unknown): RunFailure {
  const fields = (failure ?? {}) as Record<string, unknown>;
  const text = (key: string): Partial<RunFailure> => (typeof fields[key] === 'string' ? { [key]: fields[key] } : {});
  return { code: String(fields.code), ...text('site'), ...text('cloud'), ...text('stage') };
}
