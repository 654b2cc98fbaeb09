// Renders a titled plain-text table with aligned columns (numbers right-aligned), for the terminal and for pasting
// into a report. It only formats; it never measures.

export interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  /** Lines printed under the table: what the columns mean, how the numbers were taken. */
  notes?: string[];
}

/** Cells that start like a number (or n/a) are right-aligned so digits line up. */
const NUMERIC = /^(?:[-+]?\d|n\/a)/;

export function renderTable(table: Table): string {
  const columns = table.headers.length;
  const widths = table.headers.map((header, column) =>
    Math.max(header.length, ...table.rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[], alignNumbers: boolean): string =>
    Array.from({ length: columns }, (_, column) => {
      const cell = cells[column] ?? '';
      const width = widths[column];
      return alignNumbers && column > 0 && NUMERIC.test(cell) ? cell.padStart(width) : cell.padEnd(width);
    })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const out = [table.title, '='.repeat(table.title.length), line(table.headers, false), rule];
  for (const row of table.rows) out.push(line(row, true));
  for (const note of table.notes ?? []) out.push(`  ${note}`);
  return out.join('\n');
}
