// `hybrid-connection host --app <this package>` as a child process for the soak, in a process group of its own so a
// crash is a SIGKILL of everything it runs. Its virtual clock is set from the simulator's before each start (see
// alignClock), its app's HTTP API is called with the host function key, every answer recorded for the secrets scan.
import { closeSync, fstatSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../cli/packageRoot';
import { serverArgs, startServerProcess, type ServerProcess } from './processes';
import type { Recorder } from './recorder';

interface HostReady {
  ready: true;
  url: string;
  keys: { master: string; function: string };
}

export interface HostAnswer {
  status: number;
  text: string;
  body: unknown;
}

export interface HostProcess {
  url: string;
  keys: HostReady['keys'];
  process: ServerProcess<HostReady>;
  /** The app's API with the function key; a string body is sent as is, anything else as JSON. */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HostAnswer>;
  /** A request with the function key and nothing else added. */
  request(
    method: string,
    path: string,
    init?: { body?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<HostAnswer>;
  /** Every instance of the task hub (sub-orchestrations included), through the Durable HTTP API (master key). */
  instances(): Promise<InstanceSummary[]>;
  /** The host's virtual time now, from the clock file it saves (at start, then every wall second). */
  virtualNow(): number;
}

export interface InstanceSummary {
  instanceId: string;
  name: string;
  runtimeStatus: string;
}

export interface StartHostOptions {
  dataDir: string;
  timeScale: number;
  env: NodeJS.ProcessEnv;
  stderrFile: string;
  recorder: Recorder;
}

const CLOCK_FILE = 'clock.json';

export async function startHostProcess(options: StartHostOptions): Promise<HostProcess> {
  const child = await startServerProcess<HostReady>(
    ['host', '--app', packageRoot(), ...serverArgs(options.dataDir, options.timeScale)],
    {
      env: options.env,
      stderrFile: options.stderrFile,
      onExit: (text) => options.recorder.record('stdout host', text),
    },
  );
  const { url, keys } = child.ready;
  const request: HostProcess['request'] = async (method, path, init = {}) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'x-functions-key': keys.function, ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.text();
    options.recorder.record(`host ${method} ${path}`, text);
    return { status: response.status, text, body: parseJson(text) };
  };
  return {
    url,
    keys,
    process: child,
    request,
    api(method, path, body, headers = {}) {
      return request(method, path, {
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    },
    async instances() {
      const all: InstanceSummary[] = [];
      let continuation: string | null = null;
      do {
        const response: Response = await fetch(`${url}/runtime/webhooks/durabletask/instances?top=200`, {
          headers: {
            'x-functions-key': keys.master,
            ...(continuation !== null ? { 'x-ms-continuation-token': continuation } : {}),
          },
        });
        const text = await response.text();
        options.recorder.record('host GET /runtime/webhooks/durabletask/instances', text);
        if (!response.ok) throw new Error(`listing the task hub answered ${response.status}: ${text.slice(0, 200)}`);
        all.push(...(JSON.parse(text) as InstanceSummary[]));
        continuation = response.headers.get('x-ms-continuation-token');
      } while (continuation !== null && continuation !== '');
      return all;
    },
    virtualNow: () => hostVirtualNow(options.dataDir, options.timeScale),
  };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Sets the virtual time a host on this data folder starts at (it starts at the later of this and its own saved
 * time): the soak starts each host life at the simulator's time plus the lag the last start measured, so the host's
 * clock resumes where the clouds' is, as a real host's wall clock would after a restart.
 */
export function alignClock(dataDir: string, virtualNow: number): void {
  const path = join(dataDir, CLOCK_FILE);
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ virtualNow: Math.round(virtualNow) })}\n`);
  renameSync(`${path}.tmp`, path);
}

/** The host's virtual now: its last saved time moved on by the wall time since it was saved. */
export function hostVirtualNow(dataDir: string, timeScale: number): number {
  // One open file: its content and its time of writing belong together even while the host replaces it.
  const fd = openSync(join(dataDir, CLOCK_FILE), 'r');
  try {
    const saved = (JSON.parse(readFileSync(fd, 'utf8')) as { virtualNow: number }).virtualNow;
    return saved + (Date.now() - fstatSync(fd).mtimeMs) * timeScale;
  } finally {
    closeSync(fd);
  }
}
