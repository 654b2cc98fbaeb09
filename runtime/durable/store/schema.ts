// The SQLite schema of one task hub. DDL only; it is applied idempotently when the store opens.

export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS instances (
  instance_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  runtime_status TEXT NOT NULL,
  input TEXT,
  output TEXT,
  custom_status TEXT,
  created_time INTEGER NOT NULL,
  last_updated_time INTEGER NOT NULL,
  parent_instance_id TEXT,
  parent_execution_id TEXT,
  parent_task_id INTEGER
);
CREATE INDEX IF NOT EXISTS instances_by_created ON instances (created_time, instance_id);
-- Status filters (the list API) read keys in created order from here without touching the rows.
DROP INDEX IF EXISTS instances_by_status;
CREATE INDEX IF NOT EXISTS instances_by_status_created ON instances (runtime_status, created_time, instance_id);
-- History of the current execution only (continue-as-new starts a fresh one).
CREATE TABLE IF NOT EXISTS history (
  instance_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (instance_id, seq)
) WITHOUT ROWID;
-- Inbound events of orchestrations; timers are messages that become visible at their fire time.
-- execution_id NULL = for whichever execution is current (external events, control messages).
CREATE TABLE IF NOT EXISTS messages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  execution_id TEXT,
  event TEXT NOT NULL,
  visible_at INTEGER NOT NULL,
  control INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS messages_by_visible ON messages (visible_at);
CREATE INDEX IF NOT EXISTS messages_by_instance ON messages (instance_id, id);
-- Activity work items; a row lives until its result is committed as a message, so a crash re-runs it.
CREATE TABLE IF NOT EXISTS activities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  instance_id TEXT NOT NULL,
  execution_id TEXT NOT NULL,
  task_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  input TEXT
);
`;
