// The model behind every progress view: per cloud, per stage, its state, how long it has run or took, what it is
// expected to take and how full its bar is. Pure: the status, the server time and the history come in.
import type { StageStateName } from '../../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isFinished, type ConnectionView, type StageView } from '../client/apiTypes';
import { expectedDuration, type Expectation, type StageHistory } from './expectedDurations';
import { orderedStages } from './labels';
import { runningFraction } from './progressBar';

export interface StageRow {
  cloud: CloudId;
  stage: string;
  state: StageStateName;
  /** Running: time so far (server time); finished: how long it took. */
  elapsedMs?: number;
  expectation: Expectation;
  /** 0..1; 1 only when succeeded. */
  fraction: number;
  /** Running for longer than the slowest typical run. */
  overdue: boolean;
  /** Running: the typical duration minus the elapsed time (0 when overdue). */
  remainingMs?: number;
  detail?: string;
}

export type HistoryLookup = (cloud: CloudId, stage: string) => StageHistory;

export function stageRows(view: ConnectionView, serverNowMs: number, history?: HistoryLookup): StageRow[] {
  const now = rowsNow(view, serverNowMs);
  return CLOUD_IDS.flatMap((cloud) => cloudRows(cloud, view.stages[cloud], now, history));
}

/** The time running stages are measured to: a finished run's clock stopped at its last update. */
export function rowsNow(view: ConnectionView, serverNowMs: number): number {
  return isFinished(view.runtimeStatus) ? (parseTime(view.lastUpdatedTime) ?? serverNowMs) : serverNowMs;
}

/** One map of stages (a cloud's, the hub's, a fleet's site's side) as rows in the order they are shown. */
export function cloudRows(
  cloud: CloudId,
  map: Record<string, StageView>,
  now: number,
  history?: HistoryLookup,
): StageRow[] {
  return orderedStages(Object.keys(map)).map((stage) => {
    const state = map[stage];
    const expectation = expectedDuration(cloud, stage, history?.(cloud, stage));
    const started = parseTime(state.startedAt);
    const ended = parseTime(state.endedAt);
    const row: StageRow = { cloud, stage, state: state.state, expectation, fraction: 0, overdue: false };
    if (state.detail !== undefined) row.detail = state.detail;
    if (state.state === 'running' && started !== undefined) {
      const elapsed = Math.max(0, now - started);
      row.elapsedMs = elapsed;
      row.fraction = runningFraction(elapsed, expectation.typicalMs);
      row.overdue = elapsed > expectation.maxMs;
      row.remainingMs = Math.max(0, expectation.typicalMs - elapsed);
    } else if ((state.state === 'succeeded' || state.state === 'failed') && started !== undefined) {
      row.elapsedMs = Math.max(0, (ended ?? now) - started);
      row.fraction = state.state === 'succeeded' ? 1 : runningFraction(row.elapsedMs, expectation.typicalMs);
    } else if (state.state === 'succeeded') {
      row.fraction = 1;
    }
    return row;
  });
}

/** When the whole run started, in server time (undefined when the API sent no creation time). */
function runStartMs(view: ConnectionView): number | undefined {
  return parseTime(view.createdTime);
}

/** Elapsed time of the run: until its last update when finished, until now while it runs. */
export function runElapsedMs(view: ConnectionView, serverNowMs: number, finished: boolean): number | undefined {
  const start = runStartMs(view);
  if (start === undefined) return undefined;
  const end = finished ? (parseTime(view.lastUpdatedTime) ?? serverNowMs) : serverNowMs;
  return Math.max(0, end - start);
}

export function parseTime(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}
