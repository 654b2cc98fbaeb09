// `monitor` of a connection's status as the CLI uses it: its state, interval, latest read and latest transition,
// checked field by field (a server older than the monitor sends none, and the CLI then shows none).
import type { MonitorStatus } from '../../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isRecord, uncheckedOf } from '../../lib/json';

export interface MonitorView {
  state: 'running' | 'stopped';
  intervalMinutes: number;
  lastRead?: { readAt: string; sides: Partial<Record<CloudId, string>> };
  lastTransition?: { at: string; cloud: string; kind: string };
}

export function monitorViewOf(value: unknown): MonitorView | undefined {
  if (!isRecord(value)) return undefined;
  const sent = uncheckedOf<MonitorStatus>(value);
  const view: MonitorView = {
    state: sent.state === 'running' ? 'running' : 'stopped',
    intervalMinutes: typeof sent.intervalMinutes === 'number' ? sent.intervalMinutes : 0,
  };
  const read: unknown = Array.isArray(sent.reads) ? sent.reads[0] : undefined;
  if (isRecord(read) && typeof read.readAt === 'string' && isRecord(read.sides)) {
    const sides: Partial<Record<CloudId, string>> = {};
    for (const cloud of CLOUD_IDS) {
      const side = read.sides[cloud];
      if (!isRecord(side)) continue;
      const status = typeof side.connectionStatus === 'string' ? side.connectionStatus : undefined;
      const code = typeof side.errorCode === 'string' ? side.errorCode : undefined;
      const shown = status ?? code;
      if (shown !== undefined) sides[cloud] = shown;
    }
    view.lastRead = { readAt: read.readAt, sides };
  }
  const transition: unknown = Array.isArray(sent.transitions) ? sent.transitions[0] : undefined;
  if (
    isRecord(transition) &&
    typeof transition.at === 'string' &&
    typeof transition.cloud === 'string' &&
    typeof transition.kind === 'string'
  ) {
    view.lastTransition = { at: transition.at, cloud: transition.cloud, kind: transition.kind };
  }
  return view;
}
