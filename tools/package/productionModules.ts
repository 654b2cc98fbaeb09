// The production dependency tree, read from package-lock.json and copied from the installed node_modules: the same
// packages `npm ci --omit=dev` would install, without a second install or the network. The installed tree must be the
// locked one (it is after `npm ci` / `npm install`); any difference stops the packaging instead of shipping it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { treeEntries } from './fileTree';
import type { ZipEntry } from './zipWriter';

interface LockedPackage {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

interface Lockfile {
  lockfileVersion?: number;
  packages?: Record<string, LockedPackage>;
}

/** Files nothing reads at run time: source maps and type declarations (together more than half of the tree). */
export function isBuildOnlyFile(name: string): boolean {
  return /\.map$|\.d\.[cm]?ts$/.test(name);
}

export function readLockfile(root: string): Required<Lockfile> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile;
  if (lock.lockfileVersion === undefined || lock.lockfileVersion < 2 || lock.packages === undefined) {
    throw new Error('package-lock.json has no "packages" map (lockfileVersion 2 or later is needed)');
  }
  return { lockfileVersion: lock.lockfileVersion, packages: lock.packages };
}

/** Lock paths ("node_modules/a", "node_modules/a/node_modules/b") of the packages a production install has. */
export function productionPackagePaths(lock: Required<Lockfile>): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.dev !== true)
    .map(([path]) => path)
    .sort();
}

/** Lock paths of the packages only development needs. */
export function devOnlyPackagePaths(lock: Required<Lockfile>): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && entry.dev === true)
    .map(([path]) => path)
    .sort();
}

function installedVersion(folder: string): string | undefined {
  const manifest = join(folder, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
}

/** Every file of every production package, as `node_modules/...` entries. */
export function* productionModuleEntries(root: string): Generator<ZipEntry> {
  const lock = readLockfile(root);
  for (const path of productionPackagePaths(lock)) {
    const entry = lock.packages[path];
    if (entry.link) throw new Error(`${path} is a linked package; the packaging copies installed packages only`);
    const folder = join(root, path);
    const version = installedVersion(folder);
    // An optional package for another platform is locked but never installed; npm skips it the same way.
    if (version === undefined && (entry.optional || entry.devOptional)) continue;
    if (version !== entry.version) {
      throw new Error(
        `${path} is ${version ?? 'not installed'} but package-lock.json locks ${entry.version}: run npm ci first`,
      );
    }
    yield* treeEntries(folder, path, { skipFolders: new Set(['node_modules']), skipFile: isBuildOnlyFile });
  }
}
