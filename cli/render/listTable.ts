// `list` as an aligned table: name, runtime status, phase, created, last update. Pure; names are printed as the
// server sent them (the client already replaced control characters).
import type { ListItemView } from '../client/apiTypes';
import { painter, type Style } from './ansi';

const HEADERS = ['NAME', 'STATUS', 'PHASE', 'CREATED', 'UPDATED'] as const;

export function renderList(items: readonly ListItemView[], colour: boolean): string[] {
  if (items.length === 0) return ['no connections yet: start one with `hybrid-connection up PLAN.json`'];
  const paint = painter(colour);
  const rows = items.map((item) => [
    item.name,
    item.runtimeStatus,
    item.phase ?? '-',
    shortTime(item.createdTime),
    shortTime(item.lastUpdatedTime),
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

/** `2024-05-01T12:03:04.123Z` -> `2024-05-01 12:03:04Z`. */
function shortTime(iso: string): string {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} ${match[2]}Z` : iso || '-';
}
