// Event Grid's .NET-style UTC time text ("M/d/yyyy h:mm:ss AM"), used in SAS expiries and error trailers.
// Pure formatting and parsing; no clock of its own.

export function serviceTime(d: Date): string {
  const hours = d.getUTCHours();
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${hour12}:${mm}:${ss} ${hours >= 12 ? 'PM' : 'AM'}`;
}

/** Epoch ms of a service time string, or undefined if it is not one. */
export function parseServiceTime(text: string): number | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text.trim());
  if (!match) return undefined;
  const [, month, day, year, hour, minute, second, half] = match;
  const h = Number(hour);
  if (h < 1 || h > 12) return undefined;
  const hours24 = (h % 12) + (half === 'PM' ? 12 : 0);
  return Date.UTC(Number(year), Number(month) - 1, Number(day), hours24, Number(minute), Number(second));
}
