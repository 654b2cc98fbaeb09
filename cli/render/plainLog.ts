// Progress for logs and pipes (CI): lines are appended, never redrawn, and only when something changed — a stage
// started, noted a new state, reached a quarter of its typical time, finished; the tunnel moved (a fleet's: a site's
// state, stage under way or ping); an event arrived; the run ended. Pure apart from the memory of what it already said.
import { CLOUD_IDS } from '../../lib/cloudIds';
import { isFinished, type ConnectionView } from '../client/apiTypes';
import type { FleetView } from '../client/fleetViews';
import { formatApprox, formatDuration, formatRange } from './format';
import { cloudLabel, eventLabel, stageLabel, tunnelLabel } from './labels';
import { progressBar } from './progressBar';
import { cloudRows, rowsNow, runElapsedMs, stageRows, type HistoryLookup, type StageRow } from './stageRows';
import { allFailureLines, failuresOf } from './failures';
import { pingText, removedStateOf, siteRows, siteStateOf } from './fleetView';

/** Stages shorter than this get no "still running" lines: they finish before anyone reads one. */
const MILESTONE_MIN_TYPICAL_MS = 60_000;

interface Said {
  state: string;
  detail?: string;
  milestone: number;
}

export class PlainLog {
  private readonly stages = new Map<string, Said>();
  private runtimeStatus?: string;
  private tunnel?: string;
  private verify?: string;
  /** What was said of each site of a fleet last (its state, its stage under way, its ping). */
  private readonly sites = new Map<string, string>();
  /** Event ids already shown: the list is not append-only (a site's events join it when the site finishes). */
  private readonly events = new Set<string>();
  /** The failures already said (their cloud, stage and code). */
  private error?: string;
  private teardown?: string;
  private finishedSaid = false;

  constructor(private readonly history?: HistoryLookup) {}

  /** The lines to append for this status (none when nothing changed). */
  update(view: ConnectionView, serverNowMs: number): string[] {
    const finished = isFinished(view.runtimeStatus);
    const elapsed = runElapsedMs(view, serverNowMs, finished);
    const stamp = `[${elapsed === undefined ? '?' : formatDuration(elapsed).padStart(7)}]`;
    const out: string[] = [];
    const say = (text: string): void => {
      out.push(`${stamp} ${text}`);
    };

    if (view.runtimeStatus !== this.runtimeStatus) {
      this.runtimeStatus = view.runtimeStatus;
      if (!finished) say(`${view.name}: ${view.runtimeStatus}${view.phase ? ` (phase ${view.phase})` : ''}`);
    }
    const changes = view.fleet ? this.fleetChanges(view, view.fleet, serverNowMs) : this.pairChanges(view, serverNowMs);
    for (const line of changes) say(line);
    for (const id of view.events) {
      if (this.events.has(id)) continue;
      this.events.add(id);
      say(`Event: ${eventLabel(id)}`);
    }
    // Said once per set of failures: a second cloud's failure arriving later is said again with the first.
    const errors = failuresOf(view).map((error) => `${error.cloud ?? ''}/${error.stage ?? ''}/${error.code}`);
    if (errors.length > 0 && errors.join('|') !== this.error) {
      this.error = errors.join('|');
      for (const line of allFailureLines(view, undefined, view.fleet !== undefined)) say(line);
    }
    if (view.teardown) {
      const teardown = view.teardown;
      const count = CLOUD_IDS.reduce((sum, c) => sum + (teardown.deleted[c]?.length ?? 0), 0);
      const key = `${teardown.runtimeStatus}|${count}`;
      if (key !== this.teardown) {
        this.teardown = key;
        say(`Teardown: ${teardown.runtimeStatus}, ${count} resource(s) deleted`);
        for (const line of allFailureLines(teardown)) say(line);
      }
    }
    if (finished && !this.finishedSaid) {
      this.finishedSaid = true;
      say(`${view.name}: ${view.runtimeStatus}${elapsed !== undefined ? ` after ${formatDuration(elapsed)}` : ''}`);
    }
    return out;
  }

  /** A single site's: each cloud's stages, the tunnel, the ping. */
  private pairChanges(view: ConnectionView, serverNowMs: number): string[] {
    const said: string[] = [];
    for (const row of stageRows(view, serverNowMs, this.history)) {
      const line = this.stageChange(row);
      if (line !== undefined) said.push(`${cloudLabel(row.cloud)} / ${stageLabel(row.stage)}: ${line}`);
    }
    const tunnel = `${view.connection.state}|${CLOUD_IDS.map((c) => view.connection.connectionStatus[c] ?? '').join('|')}`;
    if (tunnel !== this.tunnel && (this.tunnel !== undefined || view.connection.state !== 'pending')) {
      this.tunnel = tunnel;
      const sides = CLOUD_IDS.filter((c) => view.connection.connectionStatus[c] !== undefined).map(
        (c) => `${cloudLabel(c)} ${view.connection.connectionStatus[c]}`,
      );
      said.push(`Tunnel: ${tunnelLabel(view.connection.state)}${sides.length > 0 ? ` (${sides.join(', ')})` : ''}`);
    }
    const verify = view.connection.verify;
    const verifyKey = `${verify.state}|${String(verify.reachable)}`;
    if (verifyKey !== this.verify && verify.state !== 'pending') {
      this.verify = verifyKey;
      const result =
        verify.reachable === undefined
          ? verify.state
          : `${verify.reachable ? 'reachable' : 'unreachable'} (${verify.packetsReceived ?? 0}/${verify.packetsSent ?? 0} replies)`;
      said.push(`Ping VM to VM: ${result}`);
    }
    return said;
  }

  /** A fleet's: the hub's stages, then each site once its state, its stage under way or its ping changed. */
  private fleetChanges(view: ConnectionView, fleet: FleetView, serverNowMs: number): string[] {
    const said: string[] = [];
    for (const row of cloudRows('azure', fleet.hub.stages, rowsNow(view, serverNowMs), this.history)) {
      const line = this.stageChange(row);
      if (line !== undefined) said.push(`${cloudLabel('azure')} hub / ${stageLabel(row.stage)}: ${line}`);
    }
    for (const site of fleet.sites) {
      const state = siteStateOf(view, site).words;
      const rows = siteRows(view, site, serverNowMs, this.history);
      const running = rows.find((row) => row.state === 'running');
      const doing = running ? `, running ${stageLabel(running.stage)} (${cloudLabel(running.cloud)})` : '';
      const ping = site.tunnel.verify.state === 'pending' ? '' : ` · ${pingText(site.tunnel.verify)}`;
      const key = `${state}|${doing}|${ping}`;
      const quiet = this.sites.get(site.name) === key || (!this.sites.has(site.name) && state === 'not started');
      this.sites.set(site.name, key);
      if (quiet) continue;
      const done = rows.filter((row) => row.state === 'succeeded').length;
      said.push(`Site ${site.name}: ${state} — ${done}/${rows.length} stages done${doing}${ping}`);
    }
    for (const removed of fleet.removed) {
      const state = removedStateOf(view, removed).words;
      const key = `${state}|${removed.deleted}`;
      if (this.sites.get(removed.name) === key) continue;
      this.sites.set(removed.name, key);
      said.push(`Site ${removed.name}: ${state}, ${removed.deleted} resource(s) deleted`);
    }
    return said;
  }

  private stageChange(row: StageRow): string | undefined {
    const key = `${row.cloud}/${row.stage}`;
    const before = this.stages.get(key);
    const milestone = milestoneOf(row);
    const now: Said = { state: row.state, milestone, ...(row.detail !== undefined ? { detail: row.detail } : {}) };
    if (before && before.state === now.state && before.detail === now.detail && before.milestone >= milestone) {
      return undefined;
    }
    if (!before && row.state === 'pending') {
      this.stages.set(key, now);
      return undefined;
    }
    this.stages.set(key, { ...now, milestone: Math.max(milestone, before?.milestone ?? 0) });
    const took = row.elapsedMs !== undefined ? formatDuration(row.elapsedMs) : undefined;
    const detail = row.detail ? ` (${row.detail})` : '';
    switch (row.state) {
      case 'succeeded':
        return took ? `done in ${took}` : 'done';
      case 'failed':
        return `failed${took ? ` after ${took}` : ''}${detail}`;
      case 'running': {
        const typical = formatApprox(row.expectation.typicalMs);
        if (!before || before.state !== 'running') {
          return `started (usually ${formatRange(row.expectation.minMs, row.expectation.maxMs)})${detail}`;
        }
        const bar = `[${progressBar(row.fraction, 20, 'ascii')}]`;
        const outlook = row.overdue ? 'longer than usual' : `of ${typical}`;
        // A new state reads as itself ("Updating — ..."); the same state again as "still running (Updating) — ...".
        const lead = before.detail !== row.detail && row.detail ? row.detail : `still running${detail}`;
        return `${lead} — ${took ?? '?'} ${outlook} ${bar}`;
      }
      default:
        return undefined;
    }
  }
}

/** 0 until a quarter of the typical time, then 1..3, 4 at the typical time, +1 per further half of it. */
export function milestoneOf(row: StageRow): number {
  if (row.state !== 'running' || row.elapsedMs === undefined) return 0;
  if (row.expectation.typicalMs < MILESTONE_MIN_TYPICAL_MS) return 0;
  const ratio = row.elapsedMs / row.expectation.typicalMs;
  return ratio < 1 ? Math.floor(ratio * 4) : 4 + Math.floor((ratio - 1) / 0.5);
}
