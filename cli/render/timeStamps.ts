// Times in the terminal as the status page shows them: the absolute moment (UTC) beside how long ago it was, or when
// something started and how long it took (or has been running), all on the server's clock. Pure.
import { formatDuration, shortTime } from './format';

function ms(iso: string | null | undefined): number | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

/** `2030-01-01 10:45:00Z (2m 00s ago)`; the stamp alone when it is no time the server's now can age. */
export function stampAgo(iso: string, serverNowMs: number): string {
  const t = ms(iso);
  return t === undefined ? shortTime(iso) : `${shortTime(iso)} (${formatDuration(serverNowMs - t)} ago)`;
}

/** `started 2030-01-01 10:45:00Z, took 2m 00s` once it ended; `…, running for 1m 00s` while it goes on. */
export function stampSpan(start: string, end: string | null | undefined, serverNowMs: number): string {
  const began = ms(start);
  const ended = ms(end);
  if (began === undefined) return end ? `ended ${shortTime(end)}` : '';
  if (ended !== undefined) return `started ${shortTime(start)}, took ${formatDuration(ended - began)}`;
  return `started ${shortTime(start)}, running for ${formatDuration(serverNowMs - began)}`;
}
