// Opens the SQLite database of a task hub. A file-backed hub is held under an exclusive lock for the connection's
// whole life (released by close(), or by the OS when the process dies, kill -9 included), so a second host on the
// same data folder is refused at once with TaskHubInUseError instead of dispatching the same work twice.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { TaskHubInUseError } from '../errors/taskHubInUseError';

const SQLITE_BUSY = 5;
/** Long enough for a reader that is just closing the file, short enough to tell the user at once. */
const LOCK_WAIT_MS = 1000;

function isBusy(error: unknown): boolean {
  // Read as a plain object: node:sqlite's errors may come from another realm (a test sandbox), failing instanceof.
  if (typeof error !== 'object' || error === null) return false;
  const { errcode } = error as { errcode?: unknown };
  // Extended result codes keep the primary code in the low byte (SQLITE_BUSY_SNAPSHOT = 5 | 2 << 8, ...).
  return typeof errcode === 'number' && (errcode & 0xff) === SQLITE_BUSY;
}

/** Opens `file` (creating it and its folder), or an in-memory database when `file` is undefined; applies `schema`. */
export function openDatabase(file: string | undefined, schema: string): DatabaseSync {
  if (file === undefined) {
    const memory = new DatabaseSync(':memory:');
    memory.exec(schema);
    return memory;
  }
  mkdirSync(dirname(file), { recursive: true });
  const db = new DatabaseSync(file);
  try {
    db.exec(`PRAGMA busy_timeout = ${LOCK_WAIT_MS}`);
    // Set before WAL is first used: SQLite then keeps the WAL index in this process's memory and never lets go of
    // the file lock it takes.
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('PRAGMA journal_mode = WAL');
    // NORMAL is durable against process crashes (kill -9); only an OS crash could lose the last commits.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec(schema);
    // The first write takes the exclusive lock now rather than at the first orchestration step.
    db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
      'host_pid',
      String(process.pid),
    );
  } catch (error) {
    db.close();
    if (isBusy(error)) throw new TaskHubInUseError(file);
    throw error;
  }
  return db;
}
