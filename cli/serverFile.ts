// `<dataDir>/server.json` = {"url","pid"}: tells the user CLI where a running `host` or `serve` listens (its key is in
// keys.json beside it). Written when ready, removed on a clean stop. Never holds a key or any other secret.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVER_FILE = 'server.json';

export interface ServerFile {
  url: string;
  pid: number;
}

/** Writes the file atomically (temp + rename), so a reader never sees half of it. Returns its path. */
export function writeServerFile(dataDir: string, url: string, pid: number = process.pid): string {
  const path = join(dataDir, SERVER_FILE);
  const content: ServerFile = { url, pid };
  writeFileSync(`${path}.tmp`, `${JSON.stringify(content)}\n`);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** Reads the file, or undefined when it is missing or not of the expected shape. */
export function readServerFile(dataDir: string): ServerFile | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(dataDir, SERVER_FILE), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { url, pid } = parsed as Record<string, unknown>;
    return typeof url === 'string' && typeof pid === 'number' ? { url, pid } : undefined;
  } catch {
    return undefined;
  }
}

/** Removes the file if it still names this process: a newer server in the same folder keeps its own. */
export function removeServerFile(dataDir: string, pid: number = process.pid): void {
  if (readServerFile(dataDir)?.pid !== pid) return;
  rmSync(join(dataDir, SERVER_FILE), { force: true });
}
