// Finds this package's root folder (the one holding package.json and host.json) from wherever the CLI runs: cli/ in
// tests, dist/cli/ when built. Reads the file system only; never assumes the current folder.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'hybrid-connection';

export class PackageRootError extends Error {
  override readonly name = 'PackageRootError';
}

/** The nearest ancestor of `from` whose package.json is this package's. */
export function packageRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (isThisPackage(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new PackageRootError(`no ${PACKAGE_NAME} package.json above ${from}`);
    dir = parent;
  }
}

/** This package's version, from its package.json (what `hybrid-connection --version` prints). */
export function packageVersion(root: string = packageRoot()): string {
  const parsed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof parsed.version !== 'string') throw new PackageRootError(`${root}/package.json has no version`);
  return parsed.version;
}

function isThisPackage(path: string): boolean {
  if (!existsSync(path)) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
