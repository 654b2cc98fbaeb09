// Helpers for the host tests: temp folders, tiny generated apps, HTTP calls, and `hybrid-connection host` as a child
// process read through its JSON ready line. Every process and folder they create is cleaned up by the caller's hooks.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { assertBuilt, PROJECT_ROOT, startCliProcess, type CliProcess } from '../../support/cliProcess';

export const HTTP_APP = join(PROJECT_ROOT, 'test', 'fixtures', 'http-app');

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

export type HostProcess = CliProcess<ReadyLine>;

/** Starts `hybrid-connection host` and waits for its ready line (fails with its stderr when it exits first). */
export async function startHostProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 20000,
): Promise<HostProcess> {
  assertBuilt(['dist/cli/host.js']);
  return startCliProcess<ReadyLine>(['host', ...args], { env, readyTimeoutMs: timeoutMs });
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
