// The host.json settings this host honours: the Durable task hub and its concurrency limits, and the HTTP route
// prefix. It reads and validates; it never writes host.json.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { HostConfigError } from './errors';
import { isRecord } from '../contracts';
import { readJsonFile } from './jsonFile';

export interface HostSettings {
  hubName: string;
  routePrefix: string;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
  /** False when the app has no host.json (func start refuses to start then; this host uses the defaults). */
  fromFile: boolean;
}

/** The Durable extension's local default hub name. */
export const DEFAULT_HUB_NAME = 'TestHubName';

export async function readHostSettings(appDir: string, env: NodeJS.ProcessEnv): Promise<HostSettings> {
  const path = join(appDir, 'host.json');
  const json = await readJsonFile(path);
  if (json !== undefined && !isRecord(json)) throw new HostConfigError(`${path} must hold a JSON object`);
  const extensions = section(json, 'extensions', path);
  const durableTask = section(extensions, 'durableTask', path);
  const http = section(extensions, 'http', path);
  // The extension's default: 10 per core.
  const perCore = 10 * availableParallelism();
  return {
    hubName: resolveAppSettings(optionalString(durableTask, 'hubName', path) ?? DEFAULT_HUB_NAME, env, path),
    routePrefix: trimSlashes(optionalString(http, 'routePrefix', path) ?? 'api'),
    maxConcurrentActivityFunctions: optionalCount(durableTask, 'maxConcurrentActivityFunctions', path) ?? perCore,
    maxConcurrentOrchestratorFunctions:
      optionalCount(durableTask, 'maxConcurrentOrchestratorFunctions', path) ?? perCore,
    fromFile: json !== undefined,
  };
}

function section(
  parent: Record<string, unknown> | undefined,
  key: string,
  path: string,
): Record<string, unknown> | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new HostConfigError(`${path}: '${key}' must be an object`);
  return value;
}

function optionalString(parent: Record<string, unknown> | undefined, key: string, path: string): string | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HostConfigError(`${path}: '${key}' must be a string`);
  return value;
}

function optionalCount(parent: Record<string, unknown> | undefined, key: string, path: string): number | undefined {
  const value = parent?.[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new HostConfigError(`${path}: '${key}' must be a positive integer`);
  }
  return value;
}

/** `%Name%` in host.json refers to an app setting, as in the Functions host (e.g. `"hubName": "%TaskHub%"`). */
function resolveAppSettings(value: string, env: NodeJS.ProcessEnv, path: string): string {
  const resolved = value.replace(/%([^%]+)%/g, (_match, name: string) => {
    const setting = env[name];
    if (setting === undefined)
      throw new HostConfigError(`${path}: app setting '${name}' referenced as %${name}% is not set`);
    return setting;
  });
  if (resolved.trim() === '') throw new HostConfigError(`${path}: the task hub name is empty`);
  return resolved;
}

function trimSlashes(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '');
}
