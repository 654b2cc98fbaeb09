// A fleet's sites as terminal lines: one row per site (its state as the status page's spoke shows it, a bar of its
// stages on both sides, what is under way, the hub VM's ping), its failure under it, then the sites a replacing run
// removes. The hub's own stages are drawn by the caller like any cloud's. Pure: the same view gives the same lines.
import { CLOUD_IDS } from '../../lib/cloudIds';
import { isFinished, type ConnectionView, type FailureView } from '../client/apiTypes';
import type { FleetView, RemovedSiteView, SiteView } from '../client/fleetViews';
import type { Painter, Style } from './ansi';
import { failureLines, failuresOf, type WithFailures } from './failures';
import { formatDuration } from './format';
import { cloudLabel, stageLabel, teardownPhaseOf } from './labels';
import { progressBar, type BarStyle } from './progressBar';
import { cloudRows, rowsNow, type HistoryLookup, type StageRow } from './stageRows';

/** A site's state in words, with the colour and icon the CLI gives it. */
export interface SiteState {
  words: string;
  style: Style;
  icon: string;
}

const CONNECTED: SiteState = { words: 'Connected', style: 'green', icon: '✔' };
const WIDTH_OF_STATE = 'failed (NotConnected)'.length;
const SITE_BAR_WIDTH = 12;

function state(words: string, style: Style): SiteState {
  const icon = style === 'red' ? '✖' : style === 'yellow' ? '●' : style === 'green' ? '✔' : '○';
  return { words, style, icon };
}

/** The same words as the status page's spokes: the tunnel first, then a failure, then how far the building got. */
export function siteStateOf(view: ConnectionView, site: SiteView): SiteState {
  const teardown = teardownPhaseOf(view.phase);
  if (teardown?.state === 'running') return state('being torn down', 'yellow');
  if (teardown?.state === 'done') return state('torn down', 'grey');
  if (site.tunnel.state === 'connected') return CONNECTED;
  if (site.tunnel.state === 'notConnected') return state('failed (NotConnected)', 'red');
  if (site.error) return state('failed', 'red');
  if (site.tunnel.state === 'connecting') return state('connecting', 'yellow');
  // A run that ended leaves a site it never linked as it is: not being built any more.
  if (isFinished(view.runtimeStatus)) return state('not linked', 'grey');
  const started = CLOUD_IDS.some((cloud) => Object.values(site.stages[cloud]).some((s) => s.state !== 'pending'));
  return started ? state('building', 'yellow') : state('not started', 'grey');
}

export function removedStateOf(view: ConnectionView, removed: RemovedSiteView): SiteState {
  if (teardownPhaseOf(view.phase)?.state === 'done') return state('removed', 'grey');
  switch (removed.state) {
    case 'succeeded':
      return state('removed', 'grey');
    case 'running':
      return state('being removed', 'yellow');
    case 'failed':
      return state('removal failed', 'red');
    default:
      return state('to be removed', 'grey');
  }
}

/** Every stage of a site, its stamp's then the hub's for it, as progress rows. */
export function siteRows(
  view: ConnectionView,
  site: SiteView,
  serverNowMs: number,
  history?: HistoryLookup,
): StageRow[] {
  const now = rowsNow(view, serverNowMs);
  return [
    ...cloudRows('azureStack', site.stages.azureStack, now, history),
    ...cloudRows('azure', site.stages.azure, now, history),
  ];
}

export function pingText(verify: SiteView['tunnel']['verify']): string {
  if (verify.state === 'skipped') return 'ping skipped';
  if (verify.reachable === undefined) return `ping ${verify.state}`;
  const replies = `(${verify.packetsReceived ?? 0}/${verify.packetsSent ?? 0} replies)`;
  return `ping ${verify.reachable ? 'reachable' : 'unreachable'} ${replies}`;
}

/** What a site is doing now: its running stages (with how long so far), else the stages that failed. */
function underWay(rows: readonly StageRow[]): string {
  const running = rows.filter((row) => row.state === 'running');
  if (running.length > 0) {
    const first = running[0];
    const elapsed = first.elapsedMs !== undefined ? ` ${formatDuration(first.elapsedMs)}` : '';
    const more = running.length > 1 ? ` (+${running.length - 1})` : '';
    return `running ${stageLabel(first.stage)} (${cloudLabel(first.cloud)})${elapsed}${more}`;
  }
  const failed = rows.filter((row) => row.state === 'failed');
  return failed.length > 0 ? `failed ${failed.map((row) => stageLabel(row.stage)).join(', ')}` : '';
}

export interface SitesOptions {
  serverNowMs: number;
  bars: BarStyle;
  history?: HistoryLookup;
}

/** The sites block of `status` and the live view: a heading, a row per site with its failure, the removed sites. */
export function siteLines(view: ConnectionView, fleet: FleetView, options: SitesOptions, paint: Painter): string[] {
  const width = Math.max(4, ...[...fleet.sites, ...fleet.removed].map((site) => site.name.length));
  const connected = fleet.sites.filter((site) => siteStateOf(view, site).words === CONNECTED.words).length;
  const lines = [`  ${paint('bold', 'Sites')}  ${paint('dim', `${connected} of ${fleet.sites.length} Connected`)}`];
  for (const site of fleet.sites) {
    const said = siteStateOf(view, site);
    const rows = siteRows(view, site, options.serverNowMs, options.history);
    const done = rows.filter((row) => row.state === 'succeeded').length;
    const fraction = rows.length > 0 ? rows.reduce((sum, row) => sum + row.fraction, 0) / rows.length : 0;
    const bar = paint(said.style, progressBar(fraction, SITE_BAR_WIDTH, options.bars));
    const count = `${done}/${rows.length}`.padStart(5);
    const sides = CLOUD_IDS.filter((cloud) => site.tunnel.connectionStatus[cloud] !== undefined).map(
      (cloud) => `${cloudLabel(cloud)} ${site.tunnel.connectionStatus[cloud]}`,
    );
    const extra = [
      pingText(site.tunnel.verify),
      underWay(rows),
      said.words !== CONNECTED.words && sides.length > 0 ? sides.join(', ') : '',
      site.tunnel.diagnosis ? `diagnosis: ${site.tunnel.diagnosis}` : '',
    ].filter((part) => part !== '');
    lines.push(
      `    ${site.name.padEnd(width)}  ${stateText(said, paint)}  ${bar} ${count}  ${paint('dim', extra.join(' · '))}`,
    );
    if (site.error) {
      const indent = ' '.repeat(width + 6);
      lines.push(...failureLines(site.error, paint).map((line) => `${indent}${line}`));
    }
  }
  for (const removed of fleet.removed) {
    const said = removedStateOf(view, removed);
    const deleted = `removed from the plan; ${removed.deleted} resource(s) deleted`;
    lines.push(`    ${removed.name.padEnd(width)}  ${stateText(said, paint)}  ${paint('dim', deleted)}`);
  }
  return lines;
}

function stateText(said: SiteState, paint: Painter): string {
  return paint(said.style, `${said.icon} ${said.words}`.padEnd(WIDTH_OF_STATE + 2));
}

/**
 * The run's failures a fleet's rows do not show: the hub's shared ones, and any of a site's but the one under its
 * row (`errors` lists every failure; each site's row shows its first).
 */
export function failuresBesideSites(view: ConnectionView, fleet: FleetView): WithFailures {
  const shown = fleet.sites.flatMap((site) => (site.error ? [failureKey(site.error, site.name)] : []));
  const rest = failuresOf(view).filter((failure) => !shown.includes(failureKey(failure, failure.site)));
  return { error: rest[0] ?? null, errors: rest };
}

function failureKey(failure: FailureView, site: string | undefined): string {
  return JSON.stringify([site ?? '', failure.cloud ?? '', failure.stage ?? '', failure.code, failure.message]);
}
