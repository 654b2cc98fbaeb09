// Runs `hybrid-connection host` on the conformance app as a child process and talks to it over HTTP only: the ready
// line, the HTTP starter, the management URLs it hands out, and polling helpers. Test-only; every process started
// here is stopped by the caller's hooks.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, PROJECT_ROOT, startCliProcess } from '../../../support/cliProcess';

const CONFORMANCE_APP = join(PROJECT_ROOT, 'test', 'fixtures', 'conformance-app');

export interface ConformanceHost {
  child: ChildProcess;
  url: string;
  masterKey: string;
  stderr(): string;
  /** Resolves with the exit code (null when ended by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function makeDataDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `hc-conf-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

interface HostReady {
  ready: true;
  url: string;
  keys: { master: string };
}

/** Starts the host on the conformance app and waits for its one-line JSON ready message. */
export async function startConformanceHost(options: {
  dataDir: string;
  timeScale: number;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}): Promise<ConformanceHost> {
  assertBuilt(['dist/cli/host.js']);
  const host = await startCliProcess<HostReady>(
    [
      'host',
      '--app',
      CONFORMANCE_APP,
      '--port',
      '0',
      '--data',
      options.dataDir,
      '--time-scale',
      String(options.timeScale),
    ],
    { env: options.env, readyTimeoutMs: options.readyTimeoutMs },
  );
  return {
    child: host.child,
    url: host.ready.url,
    masterKey: host.ready.keys.master,
    stderr: host.stderr,
    stop: (signal) => host.stop(signal),
  };
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function http(url: string, init: RequestInit = {}): Promise<HttpResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}

export interface CheckStatusLinks {
  id: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  purgeHistoryDeleteUri: string;
  suspendPostUri: string;
  resumePostUri: string;
}

/** Starts an orchestration through the app's HTTP starter; returns the createCheckStatusResponse links. */
export async function startThroughApp(
  host: ConformanceHost,
  name: string,
  input?: unknown,
  instanceId?: string,
): Promise<CheckStatusLinks> {
  const path = `${host.url}/api/orchestrators/${name}${instanceId ? `/${instanceId}` : ''}`;
  const init: RequestInit = { method: 'POST' };
  if (input !== undefined) {
    init.body = JSON.stringify(input);
    init.headers = { 'content-type': 'application/json' };
  }
  const result = await http(path, init);
  if (result.status !== 202) throw new Error(`start ${name} answered ${result.status}: ${JSON.stringify(result.body)}`);
  return result.body as CheckStatusLinks;
}

export interface OrchestrationStatus {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: Array<Record<string, unknown>>;
}

export async function getStatus(statusUrl: string, query = ''): Promise<{ status: number; body: OrchestrationStatus }> {
  const result = await http(`${statusUrl}${query}`);
  return { status: result.status, body: result.body as OrchestrationStatus };
}

/** Polls the status URL until `predicate` holds (fails after `attempts` polls, 20 ms apart). */
export async function waitForStatus(
  statusUrl: string,
  predicate: (status: OrchestrationStatus) => boolean,
  attempts = 1500,
): Promise<OrchestrationStatus> {
  let last: OrchestrationStatus | undefined;
  for (let i = 0; i < attempts; i++) {
    const result = await http(statusUrl);
    if (result.status === 200 || result.status === 202) {
      last = result.body as OrchestrationStatus;
      if (predicate(last)) return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`status never matched; last: ${JSON.stringify(last)}`);
}

const FINAL = ['Completed', 'Failed', 'Terminated', 'Canceled'];

export function waitForFinal(statusUrl: string): Promise<OrchestrationStatus> {
  return waitForStatus(statusUrl, (s) => FINAL.includes(s.runtimeStatus));
}
