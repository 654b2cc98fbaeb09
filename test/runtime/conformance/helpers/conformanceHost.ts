// Runs `hybrid-connection host` on the conformance app as a child process and talks to it over HTTP only: the ready
// line, the HTTP starter, the management URLs it hands out, and polling helpers. Test-only; every process started
// here is stopped by the caller's hooks.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..', '..', '..');
export const CONFORMANCE_APP = join(PROJECT_ROOT, 'test', 'fixtures', 'conformance-app');
const CLI = join(PROJECT_ROOT, 'bin', 'hybrid-connection.js');

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

function nodeBinary(): string {
  // bin/hybrid-connection.js re-spawns itself on Node < 22 and signals would then miss the host: use Node 22 directly.
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const bundled = join(PROJECT_ROOT, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) throw new Error('Node 22 not found: run npm install');
  return bundled;
}

/** Starts the host on the conformance app and waits for its one-line JSON ready message. */
export async function startConformanceHost(options: {
  dataDir: string;
  timeScale: number;
  env?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
}): Promise<ConformanceHost> {
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'cli', 'host.js'))) {
    throw new Error('dist/ is missing: build first (npx tsc -p tsconfig.build.json, or npm test)');
  }
  const args = [CLI, 'host', '--app', CONFORMANCE_APP, '--port', '0', '--data', options.dataDir];
  args.push('--time-scale', String(options.timeScale));
  const child = spawn(nodeBinary(), args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(stdout.slice(0, newline));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code} before it was ready; stderr:\n${stderr}`));
    });
  });
  const ready = JSON.parse(line) as { ready: boolean; url: string; keys: { master: string } };
  return {
    child,
    url: ready.url,
    masterKey: ready.keys.master,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
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
