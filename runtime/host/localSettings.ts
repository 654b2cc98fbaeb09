// local.settings.json as Core Tools applies it: `Values` become environment variables (never overriding one that is
// already set) and `Host.LocalHttpPort` is the default port. It never logs setting values (they hold secrets).
import { join } from 'node:path';
import { HostConfigError } from './errors';
import { isRecord } from '../contracts';
import { readJsonFile } from './jsonFile';

export interface LocalSettings {
  values: Record<string, string>;
  localHttpPort: number | undefined;
}

export async function readLocalSettings(appDir: string): Promise<LocalSettings> {
  const path = join(appDir, 'local.settings.json');
  const json = await readJsonFile(path);
  if (json === undefined) return { values: {}, localHttpPort: undefined };
  if (!isRecord(json)) throw new HostConfigError(`${path} must hold a JSON object`);
  if (json.IsEncrypted === true) {
    throw new HostConfigError(`${path} is encrypted; decrypt it (func settings decrypt) to use it here`);
  }
  const values: Record<string, string> = {};
  if (json.Values !== undefined && json.Values !== null) {
    if (!isRecord(json.Values)) throw new HostConfigError(`${path}: 'Values' must be an object`);
    for (const [name, value] of Object.entries(json.Values)) {
      if (value === null) continue;
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new HostConfigError(`${path}: Values.${name} must be a string`);
      }
      values[name] = String(value);
    }
  }
  let localHttpPort: number | undefined;
  const host = json.Host;
  if (isRecord(host) && host.LocalHttpPort !== undefined) {
    const port = host.LocalHttpPort;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw new HostConfigError(`${path}: Host.LocalHttpPort must be a port number`);
    }
    localHttpPort = port;
  }
  return { values, localHttpPort };
}

/** Copies settings into `env` unless a variable of that name is already set; returns the names applied. */
export function applySettings(values: Record<string, string>, env: NodeJS.ProcessEnv): string[] {
  const applied: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    applied.push(name);
  }
  return applied;
}
