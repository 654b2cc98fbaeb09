// Loads an app into this process the way the Node worker does: the core-module seam answers for this host, then every
// entry file of package.json `main` is required (or imported, for ES modules) by Node's own loader. It never edits the
// app's files or node_modules.
import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppLoadError, messageOf } from './errors';
import { readAppPackage, resolveEntryPoints } from './entryPoints';
import { nodeRequire } from './nodeLoader';
import { coreModuleSeam } from './coreModuleSeam';
import type { CoreApi } from './coreApi';
import type { HostLog } from './log';

export interface LoadedApp {
  entryPoints: string[];
  /** Drops the app's modules from the require cache and detaches its core API (the app stays usable by reference). */
  unload(): void;
}

/**
 * Packages whose module state belongs to one worker (the cached core API, "setup locked", registered hooks): each app
 * load gets fresh copies, so a second host in the same process registers its functions again.
 */
const PER_WORKER_PACKAGES = [
  `${sep}node_modules${sep}@azure${sep}functions${sep}`,
  `${sep}node_modules${sep}durable-functions${sep}`,
];

export async function loadApp(appDir: string, coreApi: CoreApi, log: HostLog): Promise<LoadedApp> {
  const appPackage = await readAppPackage(appDir);
  const entryPoints = resolveEntryPoints(appDir, appPackage.main);
  const seam = coreModuleSeam();
  const requireFromApp = nodeRequire(`${appDir}${sep}package.json`);
  const cache = requireFromApp.cache;

  for (const file of [...seam.appModules, ...Object.keys(cache).filter(isPerWorkerModule)]) {
    delete cache[file];
  }
  seam.appModules.clear();
  const before = new Set(Object.keys(cache));
  seam.current = coreApi;

  // Forget only the module objects this load created: a later host's load may own the same file names by now.
  const forget = (modules: Map<string, NodeJS.Module | undefined>): void => {
    for (const [file, module] of modules) {
      if (cache[file] !== module) continue;
      seam.appModules.delete(file);
      delete cache[file];
    }
    if (seam.current === coreApi) seam.current = undefined;
  };
  const loadedSoFar = (): Map<string, NodeJS.Module | undefined> =>
    new Map(
      Object.keys(cache)
        .filter((file) => !before.has(file))
        .map((file) => [file, cache[file]]),
    );

  for (const file of entryPoints) {
    log('debug', `Loading entry point file "${file}"`);
    try {
      if (isEsModule(file, appPackage.isModuleType)) {
        await import(pathToFileURL(file).href);
      } else {
        requireFromApp(file);
      }
    } catch (error) {
      forget(loadedSoFar());
      throw new AppLoadError(`Worker was unable to load entry point "${file}": ${messageOf(error)}`, { cause: error });
    }
  }

  const loaded = loadedSoFar();
  for (const file of loaded.keys()) seam.appModules.add(file);
  return { entryPoints, unload: () => forget(loaded) };
}

function isPerWorkerModule(file: string): boolean {
  return PER_WORKER_PACKAGES.some((fragment) => file.includes(fragment));
}

function isEsModule(file: string, isModuleType: boolean): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  return isModuleType;
}
