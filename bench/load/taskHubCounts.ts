// What a host's task hub holds after a load run, read straight from its SQLite file once the host has stopped (the
// file is locked while a host runs): every instance with its status and virtual times, and per instance its history
// events and its episodes (each episode the host ran begins with one OrchestratorStarted event and replays the
// whole history before it). Read-only.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** DTFx EventType of OrchestratorStarted (runtime/durable/history/historyEvent.ts). */
const ORCHESTRATOR_STARTED = 12;

export interface InstanceCounts {
  instanceId: string;
  name: string;
  runtimeStatus: string;
  parentInstanceId: string | null;
  /** Virtual ms. */
  createdTime: number;
  lastUpdatedTime: number;
  historyEvents: number;
  episodes: number;
}

export function readTaskHubCounts(dataDir: string): InstanceCounts[] {
  const file = readdirSync(dataDir).find((name) => name.endsWith('.sqlite'));
  if (file === undefined) throw new Error(`no task hub (*.sqlite) in ${dataDir}`);
  const db = new DatabaseSync(join(dataDir, file), { readOnly: true });
  try {
    const rows = db
      .prepare(
        `SELECT i.instance_id AS instanceId, i.name AS name, i.runtime_status AS runtimeStatus,
                i.parent_instance_id AS parentInstanceId, i.created_time AS createdTime,
                i.last_updated_time AS lastUpdatedTime,
                COUNT(h.seq) AS historyEvents,
                COALESCE(SUM(json_extract(h.event, '$.EventType') = ${ORCHESTRATOR_STARTED}), 0) AS episodes
         FROM instances i LEFT JOIN history h ON h.instance_id = i.instance_id
         GROUP BY i.instance_id`,
      )
      .all();
    return rows.map((row) => ({
      instanceId: String(row.instanceId),
      name: String(row.name),
      runtimeStatus: String(row.runtimeStatus),
      parentInstanceId: row.parentInstanceId === null ? null : String(row.parentInstanceId),
      createdTime: Number(row.createdTime),
      lastUpdatedTime: Number(row.lastUpdatedTime),
      historyEvents: Number(row.historyEvents),
      episodes: Number(row.episodes),
    }));
  } finally {
    db.close();
  }
}
