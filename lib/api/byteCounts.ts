// How a connection's byte counters read for people: decimal units, as Azure shows transfer counters ("950 B",
// "12.3 kB", "4.1 MB"). Shared by the CLI and the status page; the page ships this factory to the browser as source
// text (functions/view/pageDocument.ts), so it stays self-contained: no imports, nothing outside its body.
export interface ByteFormat {
  /** A count as text; anything that is not a finite number reads as "?". */
  bytes: (count: unknown) => string;
}

export function createByteFormat(): ByteFormat {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];

  function bytes(count: unknown): string {
    if (typeof count !== 'number' || !Number.isFinite(count)) return '?';
    let value = Math.max(0, count);
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    if (unit === 0) return `${Math.round(value)} B`;
    return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
  }

  return { bytes };
}
