// The teardown of a connection as terminal lines: per cloud how many resources are deleted, out of about how many
// the run had made (the resource ids its stages recorded), and the last one deleted. Pure.
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isFinished, type ConnectionView } from '../client/apiTypes';
import { painter } from './ansi';
import { formatDuration } from './format';
import { cloudLabel } from './labels';
import { progressBar, spinnerFrame, type BarStyle } from './progressBar';
import { parseTime } from './stageRows';
import { allFailureLines } from './failures';
import { BAR_WIDTH } from './statusView';

export interface TeardownViewOptions {
  serverNowMs: number;
  colour: boolean;
  bars: BarStyle;
  tick?: number;
}

/** How many resources a cloud's stages recorded: what a teardown will about delete there. */
export function knownResourceCount(view: ConnectionView, cloud: CloudId): number {
  const ids = new Set<string>();
  for (const stage of Object.values(view.stages[cloud])) if (stage.resourceId) ids.add(stage.resourceId.toLowerCase());
  return ids.size;
}

export function renderTeardown(view: ConnectionView, options: TeardownViewOptions): string[] {
  const paint = painter(options.colour);
  const teardown = view.teardown;
  if (!teardown) return [`${paint('bold', view.name)}  no teardown has run`];
  const finished = isFinished(teardown.runtimeStatus);
  const start = parseTime(teardown.createdTime);
  const end = finished ? (parseTime(teardown.lastUpdatedTime) ?? options.serverNowMs) : options.serverNowMs;
  const elapsed = start === undefined ? '' : `  ${finished ? 'took' : 'elapsed'} ${formatDuration(end - start)}`;
  const badge =
    teardown.runtimeStatus === 'Completed'
      ? paint('green', '✔ Completed')
      : finished
        ? paint('red', `✖ ${teardown.runtimeStatus}`)
        : paint('yellow', `● ${teardown.runtimeStatus}`);
  const lines = [`${paint('bold', view.name)}  teardown ${badge}${elapsed}`];
  for (const cloud of CLOUD_IDS) {
    const deleted = teardown.deleted[cloud] ?? [];
    const known = Math.max(knownResourceCount(view, cloud), deleted.length);
    const done = teardown.runtimeStatus === 'Completed';
    const fraction = done ? 1 : known === 0 ? 0 : Math.min(0.97, deleted.length / known);
    const icon = done
      ? paint('green', '✔')
      : finished
        ? paint('red', '✖')
        : paint('yellow', options.bars === 'unicode' ? spinnerFrame(options.tick ?? 0) : '>');
    const last = deleted.at(-1)?.split('/').pop();
    const of = done || known === 0 ? `${deleted.length}` : `${deleted.length} of ~${known}`;
    lines.push(
      `  ${icon} ${cloudLabel(cloud).padEnd(16)} ${progressBar(fraction, BAR_WIDTH, options.bars)}  deleted ${of}${last ? paint('dim', ` · last ${last}`) : ''}`,
    );
  }
  lines.push(...allFailureLines(teardown, paint).map((line) => `  ${line}`));
  return lines;
}

/** Teardown progress for logs: one line per deleted resource, one when the teardown ends. */
export class TeardownPlainLog {
  private readonly said = new Map<CloudId, number>();
  private status?: string;
  private instance?: string;

  update(view: ConnectionView, serverNowMs: number): string[] {
    const teardown = view.teardown;
    if (!teardown) return [];
    const out: string[] = [];
    const start = parseTime(teardown.createdTime);
    const stamp = `[${start === undefined ? '?' : formatDuration(serverNowMs - start).padStart(7)}]`;
    if (teardown.instanceId + teardown.createdTime !== this.instance) {
      // A new teardown (or the first look at one): count from what it has deleted so far.
      this.instance = teardown.instanceId + teardown.createdTime;
      this.said.clear();
      this.status = undefined;
    }
    if (teardown.runtimeStatus !== this.status && !isFinished(teardown.runtimeStatus)) {
      out.push(`${stamp} ${view.name}: teardown ${teardown.runtimeStatus}`);
    }
    for (const cloud of CLOUD_IDS) {
      const deleted = teardown.deleted[cloud] ?? [];
      const known = Math.max(knownResourceCount(view, cloud), deleted.length);
      for (let index = this.said.get(cloud) ?? 0; index < deleted.length; index++) {
        const name = deleted[index].split('/').pop() ?? deleted[index];
        out.push(`${stamp} ${cloudLabel(cloud)}: deleted ${name} (${index + 1} of ~${known})`);
      }
      this.said.set(cloud, deleted.length);
    }
    if (teardown.runtimeStatus !== this.status && isFinished(teardown.runtimeStatus)) {
      const total = CLOUD_IDS.reduce((sum, cloud) => sum + (teardown.deleted[cloud]?.length ?? 0), 0);
      out.push(`${stamp} ${view.name}: teardown ${teardown.runtimeStatus}, ${total} resource(s) deleted`);
      out.push(...allFailureLines(teardown).map((line) => `${stamp} ${line}`));
    }
    this.status = teardown.runtimeStatus;
    return out;
  }
}
