// Remembers how long each stage took on a server (per URL, cloud and stage, the last few runs) in the local data
// folder, so the next progress bar measures against this server rather than the table. Only durations are kept;
// never names, ids or keys. A missing or unwritable file only loses the history, never fails a command.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CloudId } from '../../lib/cloudIds';
import type { ConnectionView } from './apiTypes';
import { isRecord } from '../../lib/json';

export const HISTORY_FILE = 'stage-durations.json';
/** Enough runs to smooth out one slow gateway, few enough to follow a stamp that got faster. */
export const SAMPLES_KEPT = 5;

type ServerHistory = Record<string, number[]>;

export class DurationHistory {
  private readonly seen = new Set<string>();

  private constructor(
    private readonly file: string | undefined,
    private readonly serverUrl: string,
    private readonly all: Record<string, ServerHistory>,
  ) {}

  /** The history of `serverUrl` kept in `dataDir`; without a data folder it lives in memory only. */
  static async open(dataDir: string | undefined, serverUrl: string): Promise<DurationHistory> {
    if (dataDir === undefined) return new DurationHistory(undefined, serverUrl, {});
    const file = join(dataDir, HISTORY_FILE);
    let all: Record<string, ServerHistory> = {};
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
      if (isRecord(parsed)) all = sanitise(parsed);
    } catch {
      // No history yet, or a damaged file: start over.
    }
    return new DurationHistory(file, serverUrl, all);
  }

  samples(cloud: CloudId, stage: string): number[] {
    return this.all[this.serverUrl]?.[`${cloud}/${stage}`] ?? [];
  }

  /** Records the stages of `view` that succeeded (once per run and stage); returns whether anything was added. */
  record(view: ConnectionView): boolean {
    let added = false;
    for (const [cloud, map] of Object.entries(view.stages)) {
      for (const [stage, state] of Object.entries(map)) {
        if (state.state !== 'succeeded' || !state.startedAt || !state.endedAt) continue;
        const mark = `${view.instanceId}@${view.createdTime}/${cloud}/${stage}`;
        if (this.seen.has(mark)) continue;
        this.seen.add(mark);
        const ms = Date.parse(state.endedAt) - Date.parse(state.startedAt);
        if (!Number.isFinite(ms) || ms <= 0) continue;
        const server = (this.all[this.serverUrl] ??= {});
        const list = (server[`${cloud}/${stage}`] ??= []);
        list.push(ms);
        if (list.length > SAMPLES_KEPT) list.splice(0, list.length - SAMPLES_KEPT);
        added = true;
      }
    }
    return added;
  }

  /** Writes the file (atomically); errors are swallowed: history is a nicety. */
  async save(): Promise<void> {
    if (this.file === undefined) return;
    try {
      await writeFile(`${this.file}.tmp`, `${JSON.stringify(this.all)}\n`);
      await rename(`${this.file}.tmp`, this.file);
    } catch {
      // A read-only data folder keeps the in-memory history only.
    }
  }
}

function sanitise(parsed: Record<string, unknown>): Record<string, ServerHistory> {
  const out: Record<string, ServerHistory> = {};
  for (const [server, stages] of Object.entries(parsed)) {
    if (!isRecord(stages)) continue;
    const history: ServerHistory = {};
    for (const [key, list] of Object.entries(stages)) {
      if (Array.isArray(list)) {
        history[key] = list.filter((ms): ms is number => typeof ms === 'number' && Number.isFinite(ms) && ms > 0);
      }
    }
    out[server] = history;
  }
  return out;
}
