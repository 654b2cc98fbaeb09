// The health monitor in one line of `status`: running or stopped, how often it reads, its latest read per side
// and its latest transition, times in UTC as the server's clock gives them.
import { CLOUD_IDS } from '../../lib/cloudIds';
import type { MonitorView } from '../client/monitorView';
import type { Painter } from './ansi';
import { cloudLabel } from './labels';

export function monitorLines(monitor: MonitorView | undefined, paint: Painter): string[] {
  if (!monitor) return [];
  const state =
    monitor.state === 'running'
      ? paint('green', `● running, every ${monitor.intervalMinutes} min`)
      : paint('grey', '○ stopped');
  const parts = [state];
  if (monitor.lastRead) {
    const sides = CLOUD_IDS.filter((cloud) => monitor.lastRead?.sides[cloud] !== undefined).map(
      (cloud) => `${cloudLabel(cloud)} ${monitor.lastRead?.sides[cloud] ?? ''}`,
    );
    parts.push(`read ${clockTime(monitor.lastRead.readAt)} (${sides.join(', ')})`);
  }
  if (monitor.lastTransition) {
    const { kind, cloud, at } = monitor.lastTransition;
    parts.push(paint(kind === 'degraded' ? 'red' : 'green', `${kind} ${cloudLabel(cloud)} at ${clockTime(at)}`));
  }
  return [`  ${paint('bold', 'Monitor')}  ${parts.join(paint('dim', ' · '))}`];
}

/** `HH:MM:SS UTC` of an ISO time (as sent when it is not one). */
function clockTime(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${iso.slice(11, 19)} UTC` : iso;
}
