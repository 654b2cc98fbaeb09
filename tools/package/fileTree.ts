// Lists the regular files below a folder as archive entries, in a stable (sorted) order.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ZipEntry } from './zipWriter';

export interface TreeOptions {
  /** Folder names not descended into (e.g. a package's nested node_modules, listed on their own). */
  skipFolders?: ReadonlySet<string>;
  /** Files left out by name. */
  skipFile?: (name: string) => boolean;
}

/** Keeps the executable bit (a package's CLI script) and drops the rest of the owner/group detail. */
function archiveMode(mode: number): number {
  return mode & 0o111 ? 0o755 : 0o644;
}

/** Yields `<prefix>/<relative path>` entries for every file below `folder`; symbolic links are followed. */
export function* treeEntries(folder: string, prefix: string, options: TreeOptions = {}): Generator<ZipEntry> {
  const names = readdirSync(folder).sort();
  for (const name of names) {
    const path = join(folder, name);
    const stats = statSync(path);
    if (stats.isDirectory()) {
      if (options.skipFolders?.has(name)) continue;
      yield* treeEntries(path, `${prefix}/${name}`, options);
    } else if (stats.isFile() && !options.skipFile?.(name)) {
      yield { name: `${prefix}/${name}`, data: readFileSync(path), mode: archiveMode(stats.mode) };
    }
  }
}
