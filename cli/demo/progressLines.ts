// Turns successive connection statuses into live progress lines (one per cloud and stage whose state changed, plus
// the tunnel and the ping). Pure: views in, text out; it remembers only what it has already reported.
import { CLOUD_IDS } from '../../lib/cloudIds';
import type { ConnectionView, StageView } from '../client/apiTypes';

const CLOUD_WIDTH = 11;
const STAGE_WIDTH = 20;

export class ProgressTracker {
  private readonly seen = new Map<string, string>();

  /** Lines for what changed since the last call; `elapsed` prefixes each line (e.g. virtual minutes). */
  update(view: ConnectionView, elapsed: string): string[] {
    const lines: string[] = [];
    for (const cloud of CLOUD_IDS) {
      for (const [stage, state] of Object.entries(view.stages[cloud])) {
        const key = `${cloud}/${stage}`;
        const text = stageText(state);
        if (state.state === 'pending' || this.seen.get(key) === text) continue;
        this.seen.set(key, text);
        lines.push(`${elapsed}  ${cloud.padEnd(CLOUD_WIDTH)} ${stage.padEnd(STAGE_WIDTH)} ${text}`);
      }
    }
    const tunnel = tunnelText(view);
    if (tunnel !== undefined && this.seen.get('tunnel') !== tunnel) {
      this.seen.set('tunnel', tunnel);
      lines.push(`${elapsed}  ${'link'.padEnd(CLOUD_WIDTH)} ${'tunnel'.padEnd(STAGE_WIDTH)} ${tunnel}`);
    }
    return lines;
  }
}

function stageText(state: StageView): string {
  const name = state.resourceId?.split('/').pop();
  return [state.state, state.detail, name].filter((part) => part !== undefined && part !== '').join('  ');
}

function tunnelText(view: ConnectionView): string | undefined {
  const { state, connectionStatus } = view.connection;
  if (state === 'pending') return undefined;
  const sides = CLOUD_IDS.filter((cloud) => connectionStatus[cloud] !== undefined)
    .map((cloud) => `${cloud} ${connectionStatus[cloud]}`)
    .join(', ');
  return sides === '' ? state : `${state} (${sides})`;
}

/** `+1h02m05s` style offset of virtual time, for progress lines. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mm = String(minutes).padStart(2, '0');
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}h${mm}m${ss}s` : `${mm}m${ss}s`;
}
