// The host's access keys: a master key, the default function key and one system key per extension, generated once
// (crypto random) and kept in <dataDir>/keys.json (owner-only). It never logs a key.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HostConfigError } from './errors';
import { isRecord, readJsonFile } from './jsonFile';

export const SYSTEM_KEY_NAMES = ['durabletask_extension', 'eventgrid_extension'] as const;
export type SystemKeyName = (typeof SYSTEM_KEY_NAMES)[number];

export interface HostKeys {
  master: string;
  function: string;
  system: Record<SystemKeyName, string>;
}

export const KEYS_FILE = 'keys.json';

function newKey(): string {
  return randomBytes(32).toString('base64url');
}

export function generateKeys(): HostKeys {
  return {
    master: newKey(),
    function: newKey(),
    system: { durabletask_extension: newKey(), eventgrid_extension: newKey() },
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
  };
  if (JSON.stringify(keys) !== JSON.stringify(stored)) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  // `mode` applies only when the file is created: a keys file someone copied in with wider rights is narrowed too.
  await chmod(path, 0o600);
  return keys;
}

function storedKey(value: unknown, name: string, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length < 16) {
    throw new HostConfigError(`${path}: '${name}' must be a key string of at least 16 characters`);
  }
  return value;
}
