// Progress bars as text: Unicode blocks with eighth-steps on a terminal, `#` and `.` in plain logs. Pure.

export type BarStyle = 'unicode' | 'ascii';

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar `width` cells wide, filled to `fraction` (clamped to 0..1). */
export function progressBar(fraction: number, width: number, style: BarStyle): string {
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  if (style === 'ascii') {
    const filled = Math.round(clamped * width);
    return `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  }
  const eighths = Math.round(clamped * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = EIGHTHS[eighths % 8];
  const empty = width - full - (partial ? 1 : 0);
  return `${'█'.repeat(full)}${partial}${'░'.repeat(Math.max(0, empty))}`;
}

/**
 * How full a running stage's bar is: elapsed against the typical duration, eased so it never reaches the end while
 * the stage still runs (a full bar must mean done). Past the typical time it creeps towards 97%.
 */
export function runningFraction(elapsedMs: number, typicalMs: number): number {
  if (typicalMs <= 0) return 0;
  const ratio = Math.max(0, elapsedMs) / typicalMs;
  if (ratio <= 0.9) return ratio;
  // From 90% on, approach 97% asymptotically.
  return 0.97 - 0.07 * Math.exp(-(ratio - 0.9) / 0.35);
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function spinnerFrame(tick: number): string {
  return SPINNER[((tick % SPINNER.length) + SPINNER.length) % SPINNER.length];
}
