// Resolves package.json `main` to the entry files the worker would load: one path, or a glob (relative to the app
// folder) expanded with node:fs. It only lists files; loading them is appLoader's job.
import { globSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppLoadError } from './errors';
import { isRecord } from '../contracts';
import { readJsonFile } from './jsonFile';

export interface AppPackage {
  main: string;
  /** `"type": "module"` makes .js entry files ES modules, as in the worker. */
  isModuleType: boolean;
}

export async function readAppPackage(appDir: string): Promise<AppPackage> {
  const path = join(appDir, 'package.json');
  let json: unknown;
  try {
    json = await readJsonFile(path);
  } catch (error) {
    throw new AppLoadError(`Cannot read the app's package.json: ${path}`, { cause: error });
  }
  if (json === undefined) throw new AppLoadError(`The app folder has no package.json: ${appDir}`);
  if (!isRecord(json) || typeof json.main !== 'string' || json.main.trim() === '') {
    throw new AppLoadError(`${path} needs a "main" entry: the file or glob of the app's function files`);
  }
  return { main: json.main.trim(), isModuleType: json.type === 'module' };
}

const GLOB_CHARACTERS = /[*?[\]{}]/;

/** Absolute paths of the entry files, in a stable order; none matching is an error, as in the worker. */
export function resolveEntryPoints(appDir: string, main: string): string[] {
  if (!GLOB_CHARACTERS.test(main)) return [join(appDir, main)];
  const files = globSync(main, { cwd: appDir })
    .map((relative) => join(appDir, relative))
    .filter((file) => statSync(file).isFile())
    .sort();
  if (files.length === 0)
    throw new AppLoadError(`Found zero files matching the supplied pattern "${main}" in ${appDir}`);
  return files;
}
