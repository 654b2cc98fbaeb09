// The task hub's durable state in SQLite (node:sqlite, WAL): instances, history, inbound messages (incl. timers)
// and activity work items. Every method is synchronous; callers group writes with transaction() so an episode
// commits all-or-nothing. It knows nothing about replay or invoking functions.
import type { DatabaseSync, SQLInputValue, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { HistoryEvent } from '../history/historyEvent';
import { TERMINAL_STATUSES, type RuntimeStatus } from '../runtimeStatus';
import { openDatabase } from './openDatabase';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema';
import { StoreCorruptError, integer, integerOrNull, text, textOrNull } from './rowValues';

export interface InstanceRecord {
  instanceId: string;
  name: string;
  version: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  /** ExecutionStarted.Input of the current execution (JSON text or null). */
  input: string | null;
  /** JSON text of the output, or a raw message (failure, terminate reason). */
  output: string | null;
  customStatus: string | null;
  createdTime: number;
  lastUpdatedTime: number;
  parentInstanceId: string | null;
  parentExecutionId: string | null;
  parentTaskId: number | null;
}

export interface StoredMessage {
  id: number;
  instanceId: string;
  executionId: string | null;
  event: HistoryEvent;
  visibleAt: number;
  control: boolean;
}

export interface ActivityWorkItem {
  id: number;
  instanceId: string;
  executionId: string;
  taskId: number;
  name: string;
  /** The `{string}` trigger data S (docs/durable-protocol.md §4), null when the activity has no input. */
  input: string | null;
}

export interface InstanceQuery {
  instanceIdPrefix?: string;
  createdFrom?: number;
  createdTo?: number;
  statuses?: RuntimeStatus[];
  /** Keyset position after which to continue (from a continuation token). */
  after?: { createdTime: number; instanceId: string };
  limit?: number;
}

type Row = Record<string, SQLOutputValue>;

export class DurableStore {
  /** Prepared statements by SQL text (see statement()); the SQL texts are constants or built from bounded options. */
  private readonly statements = new Map<string, StatementSync>();

  private constructor(private readonly db: DatabaseSync) {}

  /**
   * Opens (creating if needed) the store at `file`, or an in-memory store when `file` is undefined. A file another
   * host holds is refused with TaskHubInUseError (see openDatabase).
   */
  static open(file: string | undefined): DurableStore {
    const db = openDatabase(file, SCHEMA_SQL);
    const store = new DurableStore(db);
    const version = store.getMeta('schema_version');
    if (version === undefined) store.setMeta('schema_version', String(SCHEMA_VERSION));
    else if (version !== String(SCHEMA_VERSION)) {
      throw new StoreCorruptError(`store schema version ${version} is not supported (expected ${SCHEMA_VERSION})`);
    }
    return store;
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  get isOpen(): boolean {
    return this.db.isOpen;
  }

  /** Runs `work` in one IMMEDIATE transaction; an exception rolls everything back. */
  transaction<T>(work: () => T): T {
    this.statement('BEGIN IMMEDIATE').run();
    try {
      const result = work();
      this.statement('COMMIT').run();
      return result;
    } catch (error) {
      if (this.db.isTransaction) this.statement('ROLLBACK').run();
      throw error;
    }
  }

  getMeta(key: string): string | undefined {
    const row = this.one('SELECT value FROM meta WHERE key = ?', key);
    return row ? text(row.value, 'meta.value') : undefined;
  }

  setMeta(key: string, value: string): void {
    this.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
  }

  // ---- instances ----

  getInstance(instanceId: string): InstanceRecord | undefined {
    const row = this.one('SELECT * FROM instances WHERE instance_id = ?', instanceId);
    return row ? toInstance(row) : undefined;
  }

  /**
   * Inserts or fully replaces an instance row. An upsert, not INSERT OR REPLACE: a replace deletes the row and inserts
   * it again, rewriting every index entry of it; the update touches only the indexes whose columns changed (a third
   * fewer pages written per episode's commit).
   */
  putInstance(record: InstanceRecord): void {
    this.run(UPSERT_INSTANCE, ...instanceValues(record));
  }

  /**
   * Creates an instance row, or replaces one whose status is final together with its history, messages and work
   * items; returns the status of an instance with this id that is still active (Pending, Running, Suspended), which
   * it leaves untouched. One conditional INSERT decides, so no second start of the same id can pass between a check
   * and the write (the extension's overridableExistingInstanceStates = NonRunningStates).
   */
  insertInstance(record: InstanceRecord): RuntimeStatus | undefined {
    const finished = TERMINAL_STATUSES.map(() => '?').join(', ');
    const written = this.run(
      `${UPSERT_INSTANCE} WHERE instances.runtime_status IN (${finished})`,
      ...instanceValues(record),
      ...TERMINAL_STATUSES,
    );
    if (written === 0) return this.getInstance(record.instanceId)?.runtimeStatus ?? 'Pending';
    // What the replaced execution left behind (nothing for a new id).
    this.run('DELETE FROM history WHERE instance_id = ?', record.instanceId);
    this.run('DELETE FROM messages WHERE instance_id = ?', record.instanceId);
    this.run('DELETE FROM activities WHERE instance_id = ?', record.instanceId);
    return undefined;
  }

  /** Deletes an instance with its history, messages and pending activities. Returns whether it existed. */
  deleteInstance(instanceId: string): boolean {
    this.run('DELETE FROM history WHERE instance_id = ?', instanceId);
    this.run('DELETE FROM messages WHERE instance_id = ?', instanceId);
    this.run('DELETE FROM activities WHERE instance_id = ?', instanceId);
    return this.run('DELETE FROM instances WHERE instance_id = ?', instanceId) > 0;
  }

  queryInstances(query: InstanceQuery): InstanceRecord[] {
    const where: string[] = [];
    const params: SQLInputValue[] = [];
    if (query.instanceIdPrefix) {
      where.push('substr(instance_id, 1, ?) = ?');
      params.push(query.instanceIdPrefix.length, query.instanceIdPrefix);
    }
    if (query.createdFrom !== undefined) {
      where.push('created_time >= ?');
      params.push(query.createdFrom);
    }
    if (query.createdTo !== undefined) {
      where.push('created_time <= ?');
      params.push(query.createdTo);
    }
    if (query.statuses && query.statuses.length > 0) {
      where.push(`runtime_status IN (${query.statuses.map(() => '?').join(', ')})`);
      params.push(...query.statuses);
    }
    if (query.after) {
      where.push('(created_time > ? OR (created_time = ? AND instance_id > ?))');
      params.push(query.after.createdTime, query.after.createdTime, query.after.instanceId);
    }
    // Keys first, from an index that holds every column the filter and the order read (instances_by_created, or
    // instances_by_status_created): sorting the matches of a status filter then moves keys, not rows with their
    // inputs and custom statuses, and only the page's rows are read.
    let sql = 'SELECT instance_id FROM instances';
    if (where.length > 0) sql += ` WHERE ${where.join(' AND ')}`;
    sql += ' ORDER BY created_time, instance_id';
    if (query.limit !== undefined) {
      sql += ' LIMIT ?';
      params.push(query.limit);
    }
    return this.all(sql, ...params).map((row) => {
      const instanceId = text(row.instance_id, 'instance_id');
      const instance = this.getInstance(instanceId);
      // Read in the same synchronous call as the keys: nothing can delete it in between.
      if (!instance) throw new StoreCorruptError(`instance ${instanceId} vanished while it was listed`);
      return instance;
    });
  }

  // ---- history ----

  loadHistory(instanceId: string): HistoryEvent[] {
    return this.all('SELECT event FROM history WHERE instance_id = ? ORDER BY seq', instanceId).map(
      (row) => JSON.parse(text(row.event, 'history.event')) as HistoryEvent,
    );
  }

  appendHistory(instanceId: string, firstSeq: number, events: HistoryEvent[]): void {
    const insert = this.statement('INSERT INTO history (instance_id, seq, event) VALUES (?, ?, ?)');
    events.forEach((event, index) => insert.run(instanceId, firstSeq + index, JSON.stringify(event)));
  }

  clearHistory(instanceId: string): void {
    this.run('DELETE FROM history WHERE instance_id = ?', instanceId);
  }

  // ---- messages ----

  enqueueMessage(message: Omit<StoredMessage, 'id'>): void {
    this.run(
      'INSERT INTO messages (instance_id, execution_id, event, visible_at, control) VALUES (?, ?, ?, ?, ?)',
      message.instanceId,
      message.executionId,
      JSON.stringify(message.event),
      message.visibleAt,
      message.control ? 1 : 0,
    );
  }

  /**
   * Up to `limit` instances with a message they can process now, leaving out those in `skip` (in flight, backing
   * off): the instance whose message became visible first goes first (ties: the older message). A suspended instance
   * only counts control messages (resume/terminate); messages of unknown instances are ignored. The walk follows the
   * messages' visibility index and stops once it has `limit` instances, so its cost is the messages of those instances
   * (and of skipped ones), not every message of the task hub: a dispatch round runs after every commit.
   */
  readyInstanceIds(now: number, limit: number, skip: ReadonlySet<string> = new Set()): string[] {
    const ready = new Set<string>();
    if (limit <= 0) return [];
    const rows = this.statement(
      `SELECT m.instance_id AS instance_id, m.control AS control, i.runtime_status AS runtime_status
         FROM messages m JOIN instances i ON i.instance_id = m.instance_id
        WHERE m.visible_at <= ? ORDER BY m.visible_at, m.id`,
    ).iterate(now);
    for (const row of rows) {
      const instanceId = text(row.instance_id, 'messages.instance_id');
      if (ready.has(instanceId) || skip.has(instanceId)) continue;
      if (
        text(row.runtime_status, 'instances.runtime_status') === 'Suspended' &&
        integer(row.control, 'control') !== 1
      ) {
        continue;
      }
      ready.add(instanceId);
      // Leaving the loop ends the iterator, which resets the statement.
      if (ready.size >= limit) break;
    }
    return [...ready];
  }

  visibleMessages(instanceId: string, now: number): StoredMessage[] {
    return this.all(
      'SELECT * FROM messages WHERE instance_id = ? AND visible_at <= ? ORDER BY id',
      instanceId,
      now,
    ).map(toMessage);
  }

  /** Every message of an instance, visible or not, in arrival order. */
  allMessages(instanceId: string): StoredMessage[] {
    return this.all('SELECT * FROM messages WHERE instance_id = ? ORDER BY id', instanceId).map(toMessage);
  }

  deleteMessages(ids: number[]): void {
    const del = this.statement('DELETE FROM messages WHERE id = ?');
    for (const id of ids) del.run(id);
  }

  deleteAllMessages(instanceId: string): void {
    this.run('DELETE FROM messages WHERE instance_id = ?', instanceId);
  }

  /** The earliest visible_at strictly after `now`, for arming the wake-up timer. */
  nextMessageTime(now: number): number | undefined {
    const row = this.one('SELECT MIN(visible_at) AS t FROM messages WHERE visible_at > ?', now);
    return row ? (integerOrNull(row.t, 'messages.visible_at') ?? undefined) : undefined;
  }

  // ---- activities ----

  enqueueActivity(item: Omit<ActivityWorkItem, 'id'>): void {
    this.run(
      'INSERT INTO activities (instance_id, execution_id, task_id, name, input) VALUES (?, ?, ?, ?, ?)',
      item.instanceId,
      item.executionId,
      item.taskId,
      item.name,
      item.input,
    );
  }

  /** Work items in queue order, leaving out the ids in `skip` (being run, or backing off). */
  pendingActivities(limit: number, skip: ReadonlySet<number>): ActivityWorkItem[] {
    const items: ActivityWorkItem[] = [];
    let after = 0;
    while (items.length < limit) {
      const batch = this.all('SELECT * FROM activities WHERE id > ? ORDER BY id LIMIT ?', after, limit + skip.size);
      if (batch.length === 0) break;
      for (const row of batch) {
        const item = toActivity(row);
        after = item.id;
        if (!skip.has(item.id)) items.push(item);
        if (items.length >= limit) break;
      }
    }
    return items;
  }

  /** Removes a finished work item; false when it was already gone (purged instance, duplicate completion). */
  deleteActivity(id: number): boolean {
    return this.run('DELETE FROM activities WHERE id = ?', id) > 0;
  }

  // ---- helpers ----

  /**
   * The prepared statement of `sql`, prepared once per store: every episode runs the same few dozen statements, and
   * preparing (parsing and planning) one again on every call cost more than running it.
   */
  private statement(sql: string): StatementSync {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  private run(sql: string, ...params: SQLInputValue[]): number {
    return Number(this.statement(sql).run(...params).changes);
  }

  private one(sql: string, ...params: SQLInputValue[]): Row | undefined {
    return this.statement(sql).get(...params);
  }

  private all(sql: string, ...params: SQLInputValue[]): Row[] {
    return this.statement(sql).all(...params);
  }
}

/** Writes every column of an instance row, inserting it or updating the row with its id (instanceValues order). */
const UPSERT_INSTANCE = `INSERT INTO instances (instance_id, name, version, execution_id, runtime_status, input, output,
    custom_status, created_time, last_updated_time, parent_instance_id, parent_execution_id, parent_task_id)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
   ON CONFLICT (instance_id) DO UPDATE SET name = excluded.name, version = excluded.version,
    execution_id = excluded.execution_id, runtime_status = excluded.runtime_status, input = excluded.input,
    output = excluded.output, custom_status = excluded.custom_status, created_time = excluded.created_time,
    last_updated_time = excluded.last_updated_time, parent_instance_id = excluded.parent_instance_id,
    parent_execution_id = excluded.parent_execution_id, parent_task_id = excluded.parent_task_id`;

/** An instance's columns in the order UPSERT_INSTANCE names them. */
function instanceValues(record: InstanceRecord): SQLInputValue[] {
  return [
    record.instanceId,
    record.name,
    record.version,
    record.executionId,
    record.runtimeStatus,
    record.input,
    record.output,
    record.customStatus,
    record.createdTime,
    record.lastUpdatedTime,
    record.parentInstanceId,
    record.parentExecutionId,
    record.parentTaskId,
  ];
}

function toInstance(row: Row): InstanceRecord {
  return {
    instanceId: text(row.instance_id, 'instance_id'),
    name: text(row.name, 'name'),
    version: text(row.version, 'version'),
    executionId: text(row.execution_id, 'execution_id'),
    runtimeStatus: text(row.runtime_status, 'runtime_status') as RuntimeStatus,
    input: textOrNull(row.input, 'input'),
    output: textOrNull(row.output, 'output'),
    customStatus: textOrNull(row.custom_status, 'custom_status'),
    createdTime: integer(row.created_time, 'created_time'),
    lastUpdatedTime: integer(row.last_updated_time, 'last_updated_time'),
    parentInstanceId: textOrNull(row.parent_instance_id, 'parent_instance_id'),
    parentExecutionId: textOrNull(row.parent_execution_id, 'parent_execution_id'),
    parentTaskId: integerOrNull(row.parent_task_id, 'parent_task_id'),
  };
}

function toMessage(row: Row): StoredMessage {
  return {
    id: integer(row.id, 'messages.id'),
    instanceId: text(row.instance_id, 'messages.instance_id'),
    executionId: textOrNull(row.execution_id, 'messages.execution_id'),
    event: JSON.parse(text(row.event, 'messages.event')) as HistoryEvent,
    visibleAt: integer(row.visible_at, 'messages.visible_at'),
    control: integer(row.control, 'messages.control') === 1,
  };
}

function toActivity(row: Row): ActivityWorkItem {
  return {
    id: integer(row.id, 'activities.id'),
    instanceId: text(row.instance_id, 'activities.instance_id'),
    executionId: text(row.execution_id, 'activities.execution_id'),
    taskId: integer(row.task_id, 'activities.task_id'),
    name: text(row.name, 'activities.name'),
    input: textOrNull(row.input, 'activities.input'),
  };
}
