// The full status of one connection as terminal lines: a header, one line per cloud per stage with a progress bar,
// the tunnel, the ping (a fleet's: the hub's stages once, then a row per site with its tunnel, ping and failure), the
// last events, every error with its hint, the teardown, the health monitor and the key rotations (times as stamps
// beside durations). Pure: the same inputs give the same lines, so the TTY redraw and `status` share it and tests
// can read it.
import { CLOUD_IDS } from '../../lib/cloudIds';
import { isFinished, type AddressesView, type ConnectionView } from '../client/apiTypes';
import type { FleetView } from '../client/fleetViews';
import { painter, type Painter } from './ansi';
import { allFailureLines } from './failures';
import { failuresBesideSites, siteLines } from './fleetView';
import { formatApprox, formatDuration, formatRange, shortTime } from './format';
import { cloudLabel, eventLabel, stageLabel, teardownPhaseOf, tunnelLabel } from './labels';
import { liveLines } from './liveLines';
import { monitorLines } from './monitorView';
import { progressBar, spinnerFrame, type BarStyle } from './progressBar';
import { rotationLines } from './rotationsView';
import { cloudRows, rowsNow, runElapsedMs, stageRows, type HistoryLookup, type StageRow } from './stageRows';
import { stampSpan } from './timeStamps';

export interface StatusViewOptions {
  /** Server time (ms) to measure running stages against. */
  serverNowMs: number;
  colour: boolean;
  bars: BarStyle;
  /** Animation step for the spinner of running stages (TTY only). */
  tick?: number;
  history?: HistoryLookup;
  /** How many of the latest events to list. */
  maxEvents?: number;
}

export const BAR_WIDTH = 20;
const LABEL_WIDTH = 22;

export function renderStatus(view: ConnectionView, options: StatusViewOptions): string[] {
  const paint = painter(options.colour);
  const finished = isFinished(view.runtimeStatus);
  const lines: string[] = [headerLine(view, options, paint, finished)];
  if (view.fleet) {
    lines.push(...fleetBlock(view, view.fleet, options, paint));
  } else {
    const rows = stageRows(view, options.serverNowMs, options.history);
    for (const cloud of CLOUD_IDS) {
      const own = rows.filter((row) => row.cloud === cloud);
      if (own.length === 0) continue;
      lines.push(`  ${paint('bold', cloudLabel(cloud))}${addressText(view.addresses[cloud], paint)}`);
      for (const row of own) lines.push(`    ${stageLine(row, options, paint)}`);
    }
    lines.push(...tunnelLines(view, paint));
  }
  if (view.live) lines.push(...liveLines(view.live, options.serverNowMs, paint));
  const events = view.events.slice(-(options.maxEvents ?? 4));
  if (events.length > 0) {
    const more =
      view.events.length > events.length ? paint('dim', ` (+${view.events.length - events.length} earlier)`) : '';
    lines.push(`  ${paint('bold', 'Events')}  ${events.map(eventLabel).join(paint('dim', ' · '))}${more}`);
  }
  const failures = view.fleet ? failuresBesideSites(view, view.fleet) : view;
  lines.push(...allFailureLines(failures, paint, view.fleet !== undefined).map((line) => `  ${line}`));
  if (view.teardown) lines.push(...teardownLines(view, options.serverNowMs, paint));
  lines.push(...monitorLines(view.monitor, options.serverNowMs, paint));
  lines.push(...rotationLines(view.rotations, options.serverNowMs, paint));
  return lines;
}

/** A fleet: the hub's shared stages once, then a row per site (each with its tunnel, ping and failure). */
function fleetBlock(view: ConnectionView, fleet: FleetView, options: StatusViewOptions, paint: Painter): string[] {
  const now = rowsNow(view, options.serverNowMs);
  const lines = [`  ${paint('bold', `${cloudLabel('azure')} hub`)}${addressText(fleet.hub.addresses, paint)}`];
  for (const row of cloudRows('azure', fleet.hub.stages, now, options.history)) {
    lines.push(`    ${stageLine(row, options, paint)}`);
  }
  return [...lines, ...siteLines(view, fleet, options, paint)];
}

/** A cloud's addresses beside its name, as soon as each is known (nothing while none is). */
function addressText(addresses: AddressesView, paint: Painter): string {
  const parts = [
    addresses.gatewayPublicIp ? `gateway public IP ${addresses.gatewayPublicIp}` : undefined,
    addresses.vmPrivateIp ? `VM private IP ${addresses.vmPrivateIp}` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? `  ${paint('dim', parts.join(' · '))}` : '';
}

function headerLine(view: ConnectionView, options: StatusViewOptions, paint: Painter, finished: boolean): string {
  const elapsed = runElapsedMs(view, options.serverNowMs, finished);
  const parts = [paint('bold', view.name), runtimeBadge(view.runtimeStatus, paint)];
  const teardown = teardownPhaseOf(view.phase);
  // Once a teardown started, it is what the connection is doing: the run's Completed alone would say "still there".
  if (teardown) parts.push(teardownBadge(teardown, paint));
  else if (view.phase && !finished) parts.push(paint('dim', `phase ${view.phase}`));
  if (elapsed !== undefined)
    parts.push(finished ? `took ${formatDuration(elapsed)}` : `${formatDuration(elapsed)} elapsed`);
  // The moment as well as the duration: "12m elapsed" alone does not say when it started.
  if (view.createdTime) parts.push(paint('dim', `started ${shortTime(view.createdTime)}`));
  return parts.join('  ');
}

function teardownBadge(phase: NonNullable<ReturnType<typeof teardownPhaseOf>>, paint: Painter): string {
  if (phase.state === 'running') return paint('yellow', `● ${phase.text}`);
  return phase.state === 'done' ? paint('grey', `○ ${phase.text}`) : paint('red', `✖ ${phase.text}`);
}

function runtimeBadge(status: string, paint: Painter): string {
  switch (status) {
    case 'Completed':
      return paint('green', '✔ Completed');
    case 'Failed':
    case 'Terminated':
    case 'Canceled':
      return paint('red', `✖ ${status}`);
    case 'Running':
      return paint('yellow', '● Running');
    default:
      return paint('grey', `○ ${status}`);
  }
}

function stageLine(row: StageRow, options: StatusViewOptions, paint: Painter): string {
  const label = stageLabel(row.stage).padEnd(LABEL_WIDTH);
  const bar = progressBar(row.fraction, BAR_WIDTH, options.bars);
  const typical =
    row.expectation.source === 'history'
      ? `here ${formatApprox(row.expectation.typicalMs)}`
      : `usually ${formatRange(row.expectation.minMs, row.expectation.maxMs)}`;
  const detail = row.detail ? paint('dim', ` · ${row.detail}`) : '';
  switch (row.state) {
    case 'succeeded':
      return `${paint('green', '✔')} ${label} ${paint('green', bar)}  ${row.elapsedMs !== undefined ? formatDuration(row.elapsedMs) : 'done'}`;
    case 'failed':
      return `${paint('red', '✖')} ${label} ${paint('red', bar)}  ${paint('red', row.elapsedMs !== undefined ? `failed after ${formatDuration(row.elapsedMs)}` : 'failed')}${detail}`;
    case 'running': {
      const icon = options.bars === 'unicode' ? spinnerFrame(options.tick ?? 0) : '>';
      const elapsed = row.elapsedMs !== undefined ? formatDuration(row.elapsedMs) : 'starting';
      const outlook = row.overdue
        ? paint('yellow', `longer than usual (${typical})`)
        : `of ${formatApprox(row.expectation.typicalMs)}${row.remainingMs ? ` · ${formatApprox(row.remainingMs)} left` : ''}`;
      return `${paint('yellow', icon)} ${label} ${paint('yellow', bar)}  ${elapsed} ${outlook}${detail}`;
    }
    default:
      return `${paint('grey', '·')} ${paint('grey', label)} ${paint('grey', bar)}  ${paint('grey', typical)}`;
  }
}

function tunnelLines(view: ConnectionView, paint: Painter): string[] {
  const tunnel = view.connection;
  // The run's record of the tunnel stops being true once the teardown removes the connections.
  const teardown = teardownPhaseOf(view.phase);
  if (teardown?.state === 'running') return [`  ${paint('bold', 'Tunnel')}  ${paint('yellow', 'being torn down')}`];
  if (teardown?.state === 'done') return [`  ${paint('bold', 'Tunnel')}  ${paint('grey', 'torn down')}`];
  const colourOf = tunnel.state === 'connected' ? 'green' : tunnel.state === 'notConnected' ? 'red' : 'yellow';
  const sides = CLOUD_IDS.filter((cloud) => tunnel.connectionStatus[cloud] !== undefined).map(
    (cloud) => `${cloudLabel(cloud)} ${tunnel.connectionStatus[cloud]}`,
  );
  const diagnosis = tunnel.diagnosis ? paint('red', ` · diagnosis: ${tunnel.diagnosis}`) : '';
  const lines = [
    `  ${paint('bold', 'Tunnel')}  ${paint(tunnel.state === 'pending' ? 'grey' : colourOf, tunnelLabel(tunnel.state))}${sides.length > 0 ? paint('dim', ` (${sides.join(', ')})`) : ''}${diagnosis}`,
  ];
  const verify = tunnel.verify;
  if (verify.state !== 'pending' || tunnel.state === 'connected') {
    const packets =
      verify.packetsSent !== undefined ? ` (${verify.packetsReceived ?? 0}/${verify.packetsSent} replies)` : '';
    const text =
      verify.state === 'skipped'
        ? paint('grey', 'skipped (options.verifyConnectivity is off)')
        : verify.reachable === true
          ? paint('green', `VM to VM reachable${packets}`)
          : verify.reachable === false
            ? paint('red', `VM to VM unreachable${packets}`)
            : paint(verify.state === 'running' ? 'yellow' : 'grey', verify.state);
    lines.push(`  ${paint('bold', 'Ping')}    ${text}`);
  }
  return lines;
}

function teardownLines(view: ConnectionView, serverNowMs: number, paint: Painter): string[] {
  const teardown = view.teardown;
  if (!teardown) return [];
  const finished = isFinished(teardown.runtimeStatus);
  const when = stampSpan(teardown.createdTime, finished ? teardown.lastUpdatedTime : undefined, serverNowMs);
  const counts = CLOUD_IDS.map((cloud) => `${cloudLabel(cloud)} ${teardown.deleted[cloud]?.length ?? 0}`);
  const total = CLOUD_IDS.reduce((sum, cloud) => sum + (teardown.deleted[cloud]?.length ?? 0), 0);
  const state =
    teardown.runtimeStatus === 'Completed'
      ? paint('green', '✔ Completed')
      : isFinished(teardown.runtimeStatus)
        ? paint('red', `✖ ${teardown.runtimeStatus}`)
        : paint('yellow', `● ${teardown.runtimeStatus}`);
  const deleted = finished ? `deleted ${total}` : `deleted ${total} so far`;
  const lines = [
    `  ${paint('bold', 'Teardown')}  ${state}  ${deleted} (${counts.join(', ')})${when ? paint('dim', `  ${when}`) : ''}`,
  ];
  lines.push(...allFailureLines(teardown, paint).map((line) => `  ${line}`));
  return lines;
}
