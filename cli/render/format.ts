// Human figures for the terminal: durations ("12s", "12m 04s", "1h 02m"), approximate figures ("~38m") and ranges
// ("30–45m") of milliseconds, byte counts, short timestamps. Pure functions.
import { createByteFormat } from '../../lib/api/byteCounts';

const S = 1000;
const MIN = 60 * S;
const HOUR = 60 * MIN;

/** An exact elapsed time: seconds under a minute, minutes and seconds under an hour, then hours and minutes. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / S));
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m ${pad(total % 60)}s`;
  return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

/** A rough figure for estimates, rounded so it does not pretend to be precise: "~45s", "~38m", "~1h 05m". */
export function formatApprox(ms: number): string {
  return `~${roundish(ms)}`;
}

/** A typical range: "30–45m", "10–30s", "30s–5m". */
export function formatRange(minMs: number, maxMs: number): string {
  if (Math.abs(maxMs - minMs) < S) return roundish(minMs);
  // A minute or more at both ends reads in minutes: "1–3m", not "60s–3m".
  const low = minMs >= MIN && maxMs >= 90 * S && maxMs < 2 * HOUR ? `${Math.round(minMs / MIN)}m` : roundish(minMs);
  const high = roundish(maxMs);
  if (low === high) return low;
  const simple = !low.includes(' ') && !high.includes(' ');
  if (simple && low.slice(-1) === high.slice(-1)) return `${low.replace(/[smh]$/, '')}–${high}`;
  return `${low}–${high}`;
}

function roundish(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 90 * S) return `${Math.max(1, Math.round(value / S))}s`;
  if (value < 2 * HOUR) return `${Math.round(value / MIN)}m`;
  const minutes = Math.round(value / MIN);
  return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** A byte count in decimal units, as Azure shows transfer counters: "950 B", "12.3 kB", "4.1 MB". */
export const formatBytes: (bytes: number) => string = createByteFormat().bytes;

/** `2024-05-01T12:03:04.123Z` -> `2024-05-01 12:03:04Z`; anything else as it is, or `-` when empty. */
export function shortTime(iso: string): string {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} ${match[2]}Z` : iso || '-';
}
