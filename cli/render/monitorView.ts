// The health monitor in `status`: one line for its state, period and repair policy, the latest read of both sides,
// the latest transitions and repairs, each time stamped and aged on the server's clock. Pure; nothing when the
// status carries no monitor.
import { CLOUD_IDS } from '../../lib/cloudIds';
import type { MonitorView } from '../client/dayTwoViews';
import type { Painter, Style } from './ansi';
import { cloudLabel } from './labels';
import { stampAgo } from './timeStamps';

/** How many transitions and repairs `status` lists (the API keeps more). */
const SHOWN = 3;

function sideStyle(connectionStatus: string | null, errorCode: string | undefined): Style {
  if (errorCode) return 'red';
  return connectionStatus === 'Connected' ? 'green' : connectionStatus === 'Connecting' ? 'yellow' : 'red';
}

export function monitorLines(monitor: MonitorView | null | undefined, serverNowMs: number, paint: Painter): string[] {
  if (!monitor) return [];
  const state = monitor.state === 'running' ? paint('green', '● running') : paint('grey', `○ ${monitor.state || '?'}`);
  const every = monitor.intervalMinutes !== null ? ` · every ${monitor.intervalMinutes} min` : '';
  const repair = monitor.repair
    ? ` · repair after ${monitor.repair.afterFailedReads} failed reads, at most ${monitor.repair.maxPerDay}/day`
    : ' · repair off';
  const lines = [`  ${paint('bold', 'Monitor')}  ${state}${paint('dim', `${every}${repair}`)}`];
  const latest = monitor.reads.at(0);
  if (latest) {
    const sides = CLOUD_IDS.filter((cloud) => latest.sides[cloud] !== undefined).map((cloud) => {
      const side = latest.sides[cloud] ?? { connectionStatus: null };
      const text = side.errorCode ? `not read (${side.errorCode})` : (side.connectionStatus ?? 'unknown');
      return `${cloudLabel(cloud)} ${paint(sideStyle(side.connectionStatus, side.errorCode), text)}`;
    });
    lines.push(`    last read ${stampAgo(latest.readAt, serverNowMs)}: ${sides.join(' · ')}`);
  } else {
    lines.push(`    ${paint('grey', 'no read yet')}`);
  }
  for (const t of monitor.transitions.slice(0, SHOWN)) {
    const kind = t.kind === 'recovered' ? paint('green', 'recovered') : paint('red', t.kind);
    lines.push(`    ${cloudLabel(t.cloud)} ${kind} ${stampAgo(t.at, serverNowMs)}`);
  }
  for (const r of monitor.repairs.slice(0, SHOWN)) {
    const outcome = paint(r.outcome === 'succeeded' ? 'green' : r.outcome === 'failed' ? 'red' : 'grey', r.outcome);
    const why = r.error ? paint('dim', `: ${r.error.code}${r.error.message ? ` ${r.error.message}` : ''}`) : '';
    const attempt = r.attempt !== null ? ` #${r.attempt}` : '';
    lines.push(
      `    repair${attempt} ${cloudLabel(r.cloud)} ${r.action} ${outcome} ${stampAgo(r.at, serverNowMs)}${why}`,
    );
  }
  return lines;
}
