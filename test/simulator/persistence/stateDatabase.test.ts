// The simulator's state file: what was appended is there after a reopen, and a process killed (SIGKILL) in the middle
// of a transaction leaves exactly the commits before it, never a torn entry.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  StateDatabase,
  STATE_FILE,
  SimulatorStateError,
  type JournalEntry,
} from '../../../simulator/persistence/stateDatabase';

function entry(n: number): JournalEntry {
  return {
    virtualTime: 1_000 + n,
    wallTime: 2_000 + n,
    method: 'PUT',
    url: `https://127.0.0.1:1/azure/subscriptions/s/resourceGroups/rg${n}?api-version=2025-04-01`,
    headers: { 'content-type': 'application/json', 'x-ms-client-request-id': String(n) },
    body: Buffer.from(JSON.stringify({ location: 'eastus', n })),
  };
}

/** Runs `script` in a fresh Node process on the state file, and resolves with the signal that ended it. */
function runKilled(file: string, script: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--no-warnings', '-e', script, file], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', (_code, signal) => resolve(signal)));
}

describe('the simulator state database', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sim-state-db-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('gives back the meta, journal and tokens written before it was closed, owner-only', () => {
    const first = StateDatabase.open(dataDir);
    first.setMeta('port', '4242');
    for (let n = 1; n <= 3; n++) first.record(entry(n));
    first.recordToken('sim.token', { audience: 'a/', clientId: 'c', tenant: 't', issuer: 'aad', expiresAt: 9 });
    first.close();
    const second = StateDatabase.open(dataDir);
    try {
      expect(second.meta('port')).toBe('4242');
      expect([...second.entries()]).toEqual([entry(1), entry(2), entry(3)]);
      expect(second.tokens()).toEqual([
        ['sim.token', { audience: 'a/', clientId: 'c', tenant: 't', issuer: 'aad', expiresAt: 9 }],
      ]);
      expect(statSync(join(dataDir, STATE_FILE)).mode & 0o777).toBe(0o600);
    } finally {
      second.close();
    }
  });

  it('is refused to a second simulator while one holds it', () => {
    const holder = StateDatabase.open(dataDir);
    try {
      expect(() => StateDatabase.open(dataDir)).toThrow(SimulatorStateError);
    } finally {
      holder.close();
    }
  });

  it('keeps the last committed state when the process is killed inside a transaction', async () => {
    const before = StateDatabase.open(dataDir);
    before.record(entry(1));
    before.close();
    // The same pragmas as the simulator; one committed append, then a transaction killed before its COMMIT.
    const script = `
      const { DatabaseSync } = require('node:sqlite');
      const db = new DatabaseSync(process.argv[1]);
      db.exec('PRAGMA locking_mode = EXCLUSIVE'); db.exec('PRAGMA journal_mode = WAL'); db.exec('PRAGMA synchronous = NORMAL');
      const add = db.prepare("INSERT INTO journal (virtual_time, wall_time, method, url, headers, body) VALUES (?, 0, 'PUT', 'https://x/', '{}', ?)");
      add.run(2, Buffer.from('committed'));
      db.exec('BEGIN');
      for (let i = 0; i < 500; i++) add.run(3, Buffer.alloc(4096, 1));
      process.kill(process.pid, 'SIGKILL');
    `;
    await expect(runKilled(join(dataDir, STATE_FILE), script)).resolves.toBe('SIGKILL');
    const after = StateDatabase.open(dataDir);
    try {
      expect([...after.entries()].map((e) => [e.virtualTime, e.body.toString()])).toEqual([
        [1001, entry(1).body.toString()],
        [2, 'committed'],
      ]);
    } finally {
      after.close();
    }
  });
});
