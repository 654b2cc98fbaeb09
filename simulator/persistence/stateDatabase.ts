// The simulator's state on disk (<data>/simulator.db, node:sqlite in WAL mode): the port it serves on, every request
// that reached a service (the journal a restart replays), and the bearer tokens it issued. Each append is one
// autocommitted transaction, so a kill at any moment (SIGKILL included) leaves every earlier request and nothing
// half-written. The file is held under an exclusive lock while open: a second simulator on the same folder is refused.
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import type { IssuedToken } from '../identity/tokenStore';

export const STATE_FILE = 'simulator.db';
const SCHEMA_VERSION = '1';
const SQLITE_BUSY = 5;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  virtual_time INTEGER NOT NULL,
  wall_time INTEGER NOT NULL,
  method TEXT NOT NULL,
  url TEXT NOT NULL,
  headers TEXT NOT NULL,
  body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, grant TEXT NOT NULL);
`;

/** One request as a service received it: replaying the journal in order rebuilds the simulator's state. */
export interface JournalEntry {
  virtualTime: number;
  wallTime: number;
  method: string;
  /** The full URL the client addressed, query included. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export class SimulatorStateError extends Error {
  override readonly name = 'SimulatorStateError';
}

export class StateDatabase {
  private readonly append: StatementSync;
  private readonly saveToken: StatementSync;

  private constructor(
    private readonly db: DatabaseSync,
    readonly file: string,
  ) {
    this.append = db.prepare(
      'INSERT INTO journal (virtual_time, wall_time, method, url, headers, body) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.saveToken = db.prepare('INSERT OR REPLACE INTO tokens (token, grant) VALUES (?, ?)');
  }

  /** Opens (creating) <dataDir>/simulator.db; throws SimulatorStateError when another simulator holds it. */
  static open(dataDir: string): StateDatabase {
    const file = join(dataDir, STATE_FILE);
    const created = !existsSync(file);
    const db = new DatabaseSync(file);
    try {
      db.exec('PRAGMA busy_timeout = 1000');
      // Taken before WAL is first used, so SQLite keeps the WAL index in memory and the lock until close (or death).
      db.exec('PRAGMA locking_mode = EXCLUSIVE');
      db.exec('PRAGMA journal_mode = WAL');
      // NORMAL survives a killed process (the commits are in the WAL); only an OS crash could lose the last ones.
      db.exec('PRAGMA synchronous = NORMAL');
      db.exec(SCHEMA);
      const state = new StateDatabase(db, file);
      const version = state.meta('schema_version');
      if (version === undefined) state.setMeta('schema_version', SCHEMA_VERSION);
      else if (version !== SCHEMA_VERSION) {
        throw new SimulatorStateError(`${file} has schema version ${version}; this simulator reads ${SCHEMA_VERSION}`);
      }
      // Tokens and secrets are in there: owner-only, like the principal's key next to it.
      if (created) chmodSync(file, 0o600);
      return state;
    } catch (error) {
      db.close();
      if (isBusy(error)) {
        throw new SimulatorStateError(`${file} is in use by another simulator: stop it, or pass another data folder`);
      }
      throw error;
    }
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key);
    return row === undefined ? undefined : String(row.value);
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  record(entry: JournalEntry): void {
    this.append.run(
      entry.virtualTime,
      entry.wallTime,
      entry.method,
      entry.url,
      JSON.stringify(entry.headers),
      entry.body,
    );
  }

  /** The virtual time of the first journaled request, if any. */
  firstVirtualTime(): number | undefined {
    const row = this.db.prepare('SELECT virtual_time FROM journal ORDER BY seq LIMIT 1').get();
    return row === undefined ? undefined : Number(row.virtual_time);
  }

  /** The journal in the order the requests were handled. */
  *entries(): Generator<JournalEntry> {
    for (const row of this.db.prepare('SELECT * FROM journal ORDER BY seq').iterate()) {
      yield {
        virtualTime: Number(row.virtual_time),
        wallTime: Number(row.wall_time),
        method: String(row.method),
        url: String(row.url),
        headers: JSON.parse(String(row.headers)) as JournalEntry['headers'],
        body: toBuffer(row.body),
      };
    }
  }

  recordToken(accessToken: string, token: IssuedToken): void {
    this.saveToken.run(accessToken, JSON.stringify(token));
  }

  tokens(): [string, IssuedToken][] {
    return this.db
      .prepare('SELECT token, grant FROM tokens')
      .all()
      .map((row) => [String(row.token), JSON.parse(String(row.grant)) as IssuedToken]);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}

function toBuffer(value: SQLOutputValue): Buffer {
  if (value instanceof Uint8Array) return Buffer.from(value);
  return Buffer.alloc(0);
}

function isBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { errcode } = error as { errcode?: unknown };
  return typeof errcode === 'number' && (errcode & 0xff) === SQLITE_BUSY;
}
