// `list` as an aligned table: name, runtime status, phase, created, last update (and how long ago, on the server's
// clock, when the server sends its `now`). Pure; names are printed as the server sent them (the client already
// replaced control characters).
import type { ListItemView } from '../client/apiTypes';
import { painter, type Style } from './ansi';
import { formatDuration, shortTime } from './format';

const HEADERS = ['NAME', 'STATUS', 'PHASE', 'CREATED', 'UPDATED'] as const;

/** `now`: the server's time of the answer (ISO), when it sent one. */
export function renderList(items: readonly ListItemView[], colour: boolean, now?: string): string[] {
  if (items.length === 0) return ['no connections yet: start one with `hybrid-connection up PLAN.json`'];
  const paint = painter(colour);
  const rows = items.map((item) => [
    item.name,
    item.runtimeStatus,
    item.phase ?? '-',
    shortTime(item.createdTime),
    `${shortTime(item.lastUpdatedTime)}${ago(item.lastUpdatedTime, now)}`,
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  const styleOf = (status: string): Style =>
    status === 'Completed' ? 'green' : status === 'Running' || status === 'Pending' ? 'yellow' : 'red';
  return [
    paint('bold', format(HEADERS)),
    ...rows.map((row) =>
      row
        .map((cell, column) => {
          const padded = column === row.length - 1 ? cell : cell.padEnd(widths[column]);
          return column === 1 ? paint(styleOf(cell), padded) : padded;
        })
        .join('  '),
    ),
  ];
}

/** ` (12m 04s ago)` on the server's clock; nothing when either time is missing. */
function ago(time: string, now: string | undefined): string {
  const then = Date.parse(time);
  const at = now === undefined ? NaN : Date.parse(now);
  return Number.isFinite(then) && Number.isFinite(at) ? ` (${formatDuration(at - then)} ago)` : '';
}
