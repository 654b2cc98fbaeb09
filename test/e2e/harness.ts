// End-to-end harness: `hybrid-connection serve --simulate` from the built CLI as a child process, its ready line,
// the app's HTTP API with the function key (every answer recorded, for the secrets scan), the simulator's /_sim/
// inspection API over HTTPS (its CA trusted in this process), plans adapted to the simulator, and polling with a
// deadline. Every process and folder it creates is removed by stop().
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planForSimulator } from '../../cli/demo/simulatedPlan';
import { FINISHED_RUNTIME_STATUSES, type ConnectionStatusBody } from '../../lib/api/connectionStatus';
import { trustCertificateInProcess, type ReadyInfo } from '../../simulator';
import { assertBuilt as assertBuiltFiles, PROJECT_ROOT, startCliProcess, type CliProcess } from '../support/cliProcess';

export const EXAMPLE_PLAN_FILE = join(PROJECT_ROOT, 'examples', 'plan.json');

/** 45 virtual minutes of gateway in 2.7 s of wall time. */
export const E2E_TIME_SCALE = 1000;

export interface ServeReady {
  ready: true;
  url: string;
  keys: { master: string; function: string };
  simulator: ReadyInfo;
}

export interface RecordedAnswer {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  body: unknown;
}

export interface Serve {
  child: ChildProcess;
  ready: ServeReady;
  readyText: string;
  dataDir: string;
  /** Everything the process wrote so far. */
  stdout(): string;
  stderr(): string;
  /** Every answer the app gave through api(), in order. */
  answers: RecordedAnswer[];
  /** Calls the app with the function key (x-functions-key); a string body is sent as is, anything else as JSON. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** GET/PUT/POST on the simulator's inspection API, `path` below /_sim/. */
  sim<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** stop() if still running, then remove the data folder. */
  dispose(): Promise<void>;
}

export interface StartServeOptions {
  timeScale?: number;
  seed?: number | string;
  extraArgs?: string[];
  timeoutMs?: number;
  /** An existing data folder (a restart on it); default a fresh one. dispose() removes it either way. */
  dataDir?: string;
}

export function assertBuilt(): void {
  assertBuiltFiles(['dist/cli/serve.js', 'dist/functions/index.js']);
}

/** Starts `serve --simulate` on free ports with a fresh data folder and waits for its ready line. */
export async function startServe(options: StartServeOptions = {}): Promise<Serve> {
  assertBuilt();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'hc-e2e-')));
  const args = [
    'serve',
    '--simulate',
    '--port',
    '0',
    '--data',
    dataDir,
    '--time-scale',
    String(options.timeScale ?? E2E_TIME_SCALE),
    '--seed',
    String(options.seed ?? 1),
    ...(options.extraArgs ?? []),
  ];
  let serve: CliProcess<ServeReady>;
  try {
    serve = await startCliProcess<ServeReady>(args, {
      env: { NO_PROXY: '127.0.0.1,localhost' },
      readyTimeoutMs: options.timeoutMs,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const { ready, stop } = serve;
  trustCertificateInProcess(readFileSync(ready.simulator.caCertPath, 'utf8'));

  const answers: RecordedAnswer[] = [];
  return {
    child: serve.child,
    ready,
    readyText: serve.readyText,
    dataDir,
    stdout: serve.stdout,
    stderr: serve.stderr,
    answers,
    async api(method, path, body, headers = {}) {
      const response = await fetch(`${ready.url}${path}`, {
        method,
        headers: {
          'x-functions-key': ready.keys.function,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await response.text();
      answers.push({ method, path, status: response.status, headers: Object.fromEntries(response.headers), text });
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: response.status, headers: response.headers, text, body: parsed };
    },
    async sim<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await fetch(`${ready.simulator.url}/_sim/${path}`, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`/_sim/${path} answered ${response.status}: ${text}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    },
    stop: (signal) => stop(signal),
    async dispose() {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns something other than undefined, or fails after `timeoutMs` of wall time. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 60_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** examples/plan.json pointed at this simulator, with `name`, resource groups and secret named after it. */
export function planFor(
  ready: ServeReady,
  name: string,
  edit: (plan: Record<string, unknown> & PlanShape) => void = () => undefined,
): Record<string, unknown> {
  const example: unknown = JSON.parse(readFileSync(EXAMPLE_PLAN_FILE, 'utf8'));
  const plan = structuredClone(planForSimulator(example, ready.simulator)) as Record<string, unknown> & PlanShape;
  plan.name = name;
  plan.azure.resourceGroup = `rg-${name}-hybrid`;
  plan.azureStack.resourceGroup = `rg-${name}-hybrid`;
  plan.connection.sharedKeySecretName = `hc-${name}-psk`;
  edit(plan);
  return plan;
}

/** The parts of a plan the tests edit. */
export interface PlanShape {
  name: string;
  azure: Record<string, unknown> & { resourceGroup: string; addressSpace: string[] };
  azureStack: Record<string, unknown> & { resourceGroup: string; addressSpace: string[] };
  connection: Record<string, unknown> & { sharedKeySecretName: string; ipsecPolicy?: Record<string, unknown> };
  options: Record<string, unknown>;
}

/** Polls the status until the run finishes; every status seen is passed to `onStatus` (stage progress). */
export async function waitForRun(
  serve: Serve,
  name: string,
  onStatus: (status: ConnectionStatusBody) => void = () => undefined,
  timeoutMs = 60_000,
): Promise<ConnectionStatusBody> {
  return waitFor(
    `the run of ${name} to finish`,
    async () => {
      const answer = await serve.api('GET', `/api/connections/${name}`);
      if (answer.status !== 200) return undefined;
      const status = answer.body as ConnectionStatusBody;
      onStatus(status);
      return FINISHED_RUNTIME_STATUSES.includes(status.runtimeStatus) ? status : undefined;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/** Polls the status until the connection's teardown finished; returns the status that says so. */
export async function waitForTeardown(serve: Serve, name: string, timeoutMs = 60_000): Promise<ConnectionStatusBody> {
  return waitFor(
    `the teardown of ${name} to finish`,
    async () => {
      const status = (await serve.api('GET', `/api/connections/${name}`)).body as ConnectionStatusBody;
      return status.teardown && FINISHED_RUNTIME_STATUSES.includes(status.teardown.runtimeStatus) ? status : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/** A simulated ARM resource as /_sim/resources returns it. */
export interface SimResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  sku?: { name?: string; tier?: string };
  properties?: Record<string, unknown>;
}

export async function simResources(serve: Serve, cloud: 'azure' | 'azureStack'): Promise<SimResource[]> {
  const answer = await serve.sim<{ value: SimResource[] }>('GET', `resources?cloud=${cloud}`);
  return answer.value;
}

export interface SimRequestEntry {
  sequence: number;
  service: string;
  method: string;
  path: string;
  status: number;
  fault?: string;
  errorCode?: string;
}

export async function simRequests(serve: Serve, query = ''): Promise<SimRequestEntry[]> {
  const answer = await serve.sim<{ requests: SimRequestEntry[] }>('GET', `requests${query ? `?${query}` : ''}`);
  return answer.requests;
}

/**
 * The events the topic accepted. Events are delivered off the run's critical path (a child per event), so the last
 * ones may land just after the run ended: with `until`, reads again until it holds (30 s of wall time at most).
 */
export async function simEvents(
  serve: Serve,
  until?: (events: Record<string, unknown>[]) => boolean,
): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { events } = await serve.sim<{ events: Record<string, unknown>[] }>('GET', 'events');
    if (!until || until(events) || Date.now() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** An `until` for simEvents: an event with this id arrived. */
export function hasEvent(id: string): (events: Record<string, unknown>[]) => boolean {
  return (events) => events.some((event) => event.id === id);
}
