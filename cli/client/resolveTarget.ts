// Where the app is and which key opens it: --url/--key, else HYBRID_CONNECTION_URL/_KEY, else the data folder of a
// local `serve`/`host` (server.json url + keys.json function key). Never prints or logs a key; never picks the
// master key (a function key is all the connections API needs).
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SERVER_FILE } from '../serverFile';
import { isRecord } from '../../lib/json';

export const URL_ENV = 'HYBRID_CONNECTION_URL';
export const KEY_ENV = 'HYBRID_CONNECTION_KEY';
export const DEFAULT_DATA_DIR = '.hybrid-connection';
export const KEYS_FILE = 'keys.json';

export interface TargetOptions {
  url?: string;
  key?: string;
  /** The data folder of a local serve/host (default .hybrid-connection in cwd). */
  data?: string;
}

export interface Target {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:7071. */
  url: string;
  key: string;
  /** Where each came from, for error messages (never the key itself). */
  source: { url: string; key: string };
  /** The data folder when one was found and read (duration history lives there). */
  dataDir?: string;
}

/** The URL or key cannot be found or is malformed: a usage problem (exit 2). */
export class TargetResolutionError extends Error {
  override readonly name = 'TargetResolutionError';
}

export async function resolveTarget(
  options: TargetOptions,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<Target> {
  const dataDir = resolve(cwd, options.data ?? DEFAULT_DATA_DIR);
  const explicitData = options.data !== undefined;
  let url = nonEmpty(options.url);
  let urlSource = '--url';
  let key = nonEmpty(options.key);
  let keySource = '--key';
  if (url === undefined && nonEmpty(env[URL_ENV]) !== undefined) [url, urlSource] = [env[URL_ENV], URL_ENV];
  if (key === undefined && nonEmpty(env[KEY_ENV]) !== undefined) [key, keySource] = [env[KEY_ENV], KEY_ENV];

  let usedData = false;
  // An explicit --data wins over the environment: the user pointed at a particular local server.
  const localUrl = url === undefined || explicitData ? await readServerFile(dataDir, isAlive) : undefined;
  if (localUrl !== undefined && (url === undefined || options.url === undefined)) {
    [url, urlSource, usedData] = [localUrl, `${dataDir}/${SERVER_FILE}`, true];
  }
  // The local key only ever goes to the local server: never send it to a URL that came from elsewhere.
  const urlIsLocal = usedData || (url !== undefined && sameServer(url, await readServerUrlQuietly(dataDir)));
  if (urlIsLocal && (key === undefined || (explicitData && options.key === undefined))) {
    const stored = await readFunctionKey(dataDir);
    if (stored !== undefined) [key, keySource, usedData] = [stored, `${dataDir}/${KEYS_FILE}`, true];
  }

  if (url === undefined) {
    throw new TargetResolutionError(
      `no app URL: pass --url, set ${URL_ENV}, or start a local server (hybrid-connection serve --simulate) ` +
        `whose data folder is ${dataDir} (or point --data at it)`,
    );
  }
  if (key === undefined) {
    throw new TargetResolutionError(
      `no function key for ${url}: pass --key, set ${KEY_ENV}, or point --data at the local server's data folder`,
    );
  }
  return {
    url: normaliseUrl(url, urlSource),
    key,
    source: { url: urlSource, key: keySource },
    ...(usedData ? { dataDir } : {}),
  };
}

/** The url of server.json, or undefined when the folder has none; a stale file (dead pid) is an error. */
async function readServerFile(dataDir: string, isAlive: (pid: number) => boolean): Promise<string | undefined> {
  const path = resolve(dataDir, SERVER_FILE);
  const parsed = await readJson(path);
  if (parsed === undefined) return undefined;
  if (!isRecord(parsed) || typeof parsed.url !== 'string') {
    throw new TargetResolutionError(`${path} must hold {"url": "...", "pid": N}`);
  }
  if (typeof parsed.pid === 'number' && !isAlive(parsed.pid)) {
    throw new TargetResolutionError(
      `${path} names a server (pid ${parsed.pid}) that is no longer running: start it again or pass --url`,
    );
  }
  return parsed.url;
}

/** server.json's url without judging the file (for comparing URLs only). */
async function readServerUrlQuietly(dataDir: string): Promise<string | undefined> {
  try {
    const parsed = await readJson(resolve(dataDir, SERVER_FILE));
    return isRecord(parsed) && typeof parsed.url === 'string' ? parsed.url : undefined;
  } catch {
    return undefined;
  }
}

function sameServer(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

async function readFunctionKey(dataDir: string): Promise<string | undefined> {
  const path = resolve(dataDir, KEYS_FILE);
  const parsed = await readJson(path);
  if (parsed === undefined) return undefined;
  if (!isRecord(parsed) || typeof parsed.function !== 'string' || parsed.function === '') {
    throw new TargetResolutionError(`${path} has no function key`);
  }
  return parsed.function;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TargetResolutionError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TargetResolutionError(`${path} is not valid JSON`);
  }
}

function normaliseUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetResolutionError(`${source}: '${text}' is not a URL (e.g. http://127.0.0.1:7071)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TargetResolutionError(`${source}: the URL must be http or https`);
  }
  if (url.search !== '' || url.username !== '' || url.password !== '') {
    throw new TargetResolutionError(`${source}: give the app's base URL only (the key goes in --key)`);
  }
  return url.toString().replace(/\/+$/, '');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
