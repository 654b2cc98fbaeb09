// Helpers for the host tests: temp folders, tiny generated apps, HTTP calls, and `hybrid-connection host` as a child
// process read through its JSON ready line. Every process and folder they create is cleaned up by the caller's hooks.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const PROJECT_ROOT = join(__dirname, '..', '..', '..');
export const HTTP_APP = join(PROJECT_ROOT, 'test', 'fixtures', 'http-app');
const CLI = join(PROJECT_ROOT, 'bin', 'hybrid-connection.js');

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `hc-${prefix}-`));
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

/** Writes a small app; `{AZURE_FUNCTIONS}` and `{DURABLE_FUNCTIONS}` in file texts become the packages' absolute paths. */
export async function writeApp(dir: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(
      path,
      text
        .replaceAll('{AZURE_FUNCTIONS}', JSON.stringify(require.resolve('@azure/functions')))
        .replaceAll('{DURABLE_FUNCTIONS}', JSON.stringify(require.resolve('durable-functions'))),
    );
  }
  return dir;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

export async function call(url: string, init: RequestInit = {}): Promise<CallResult> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) as unknown };
}

export interface ReadyLine {
  ready: true;
  url: string;
  keys: { master: string; function: string };
}

export interface HostProcess {
  child: ChildProcess;
  /** The first stdout line, parsed. */
  ready: ReadyLine;
  /** The raw first stdout line. */
  readyText: string;
  stderr: () => string;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function nodeBinary(): string {
  // The CLI re-spawns itself on Node < 22, and then signals would not reach the host: start it on Node 22 directly.
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const bundled = join(PROJECT_ROOT, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(bundled)) throw new Error('Node 22 not found: run npm install');
  return bundled;
}

/** Starts `hybrid-connection host` and waits for its ready line (fails with its stderr when it exits first). */
export async function startHostProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 20000,
): Promise<HostProcess> {
  if (!existsSync(join(PROJECT_ROOT, 'dist', 'cli', 'host.js'))) {
    throw new Error('dist/cli/host.js is missing: build first (npx tsc -p tsconfig.build.json, or npm test)');
  }
  const child = spawn(nodeBinary(), [CLI, 'host', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const readyText = await new Promise<string>((resolve, reject) => {
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
  return {
    child,
    ready: JSON.parse(readyText) as ReadyLine,
    readyText,
    stderr: () => stderr,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the CLI to completion (for usage errors); resolves with its exit code and output. */
export function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(nodeBinary(), [CLI, ...args], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `probe` until it returns a value (not undefined) or the attempts run out. */
export async function eventually<T>(probe: () => Promise<T | undefined>, attempts = 100, pauseMs = 50): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`condition not met after ${attempts} attempts`);
}
