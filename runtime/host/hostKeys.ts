// The host's access keys: a master key, the default host function key, one system key per extension, and named keys
// per function, generated (crypto random) or set through the admin API and kept in <dataDir>/keys.json (owner-only).
// It never logs a key.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostConfigError } from './errors';
import { isRecord } from '../contracts';
import { readJsonFile } from './jsonFile';

export const SYSTEM_KEY_NAMES = ['durabletask_extension', 'eventgrid_extension'] as const;
export type SystemKeyName = (typeof SYSTEM_KEY_NAMES)[number];

/** Shorter values are refused: a key is only as good as its length. */
export const MIN_KEY_LENGTH = 16;

export interface HostKeys {
  master: string;
  function: string;
  system: Record<SystemKeyName, string>;
  /** Keys of single functions: lower-case function name -> key name -> value (function names are case-insensitive). */
  functionKeys: Record<string, Record<string, string>>;
}

export const KEYS_FILE = 'keys.json';

export function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export function generateKeys(): HostKeys {
  return {
    master: newKey(),
    function: newKey(),
    system: { durabletask_extension: newKey(), eventgrid_extension: newKey() },
    functionKeys: {},
  };
}

/** The keys in `dataDir`, created (and any missing one added) on first use; undefined dataDir = fresh keys in memory. */
export async function loadOrCreateKeys(dataDir: string | undefined): Promise<HostKeys> {
  if (dataDir === undefined) return generateKeys();
  const path = join(dataDir, KEYS_FILE);
  const stored = await readJsonFile(path);
  if (stored !== undefined && !isRecord(stored)) throw new HostConfigError(`${path} must hold a JSON object`);
  const fresh = generateKeys();
  const system = stored?.system;
  if (system !== undefined && !isRecord(system)) throw new HostConfigError(`${path}: 'system' must be an object`);
  const keys: HostKeys = {
    master: storedKey(stored?.master, 'master', path) ?? fresh.master,
    function: storedKey(stored?.function, 'function', path) ?? fresh.function,
    system: {
      durabletask_extension:
        storedKey(system?.durabletask_extension, 'system.durabletask_extension', path) ??
        fresh.system.durabletask_extension,
      eventgrid_extension:
        storedKey(system?.eventgrid_extension, 'system.eventgrid_extension', path) ?? fresh.system.eventgrid_extension,
    },
    functionKeys: storedFunctionKeys(stored?.functionKeys, path),
  };
  if (JSON.stringify(keys) !== JSON.stringify(stored)) await saveKeys(dataDir, keys);
  // `mode` applies only when the file is created: a keys file someone copied in with wider rights is narrowed too.
  await chmod(path, 0o600);
  return keys;
}

/** Writes the keys owner-only through a temporary file and a rename, so a crash never leaves half a keys file. */
export async function saveKeys(dataDir: string, keys: HostKeys): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, KEYS_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

function storedKey(value: unknown, name: string, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < MIN_KEY_LENGTH) {
    throw new HostConfigError(`${path}: '${name}' must be a key string of at least ${MIN_KEY_LENGTH} characters`);
  }
  return value;
}

function storedFunctionKeys(value: unknown, path: string): Record<string, Record<string, string>> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new HostConfigError(`${path}: 'functionKeys' must be an object`);
  const result: Record<string, Record<string, string>> = {};
  for (const [functionName, named] of Object.entries(value)) {
    if (!isRecord(named)) throw new HostConfigError(`${path}: 'functionKeys.${functionName}' must be an object`);
    const keys: Record<string, string> = {};
    for (const [keyName, key] of Object.entries(named)) {
      const checked = storedKey(key, `functionKeys.${functionName}.${keyName}`, path);
      if (checked !== undefined) keys[keyName] = checked;
    }
    // Merged under the lower-case name, as the host matches function names case-insensitively.
    result[functionName.toLowerCase()] = { ...result[functionName.toLowerCase()], ...keys };
  }
  return result;
}

/**
 * Saves `keys` as they are when called, one write at a time and in call order, so the file always ends with the
 * latest state; without a data folder the keys live in memory only.
 */
export function keysWriter(dataDir: string | undefined, keys: HostKeys): () => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return () => {
    if (dataDir === undefined) return Promise.resolve();
    const write = last.then(
      () => saveKeys(dataDir, keys),
      () => saveKeys(dataDir, keys),
    );
    last = write;
    return write;
  };
}
