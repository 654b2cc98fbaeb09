// Number formatting for the tables: rates, durations, ratios and median-with-spread cells. Strings only; no I/O.
import { spreadPercent, type Summary } from './stats';

/** 3 significant digits for small numbers, thousands grouping for large ones; "n/a" for what could not be measured. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

/** "812 (760-840, ±5%)": the median, the min-max range, and the half-range as a percentage of the median. */
export function formatSummary(summary: Summary, unit = ''): string {
  if (summary.samples === 0) return 'n/a';
  const suffix = unit ? ` ${unit}` : '';
  if (summary.samples === 1) return `${formatNumber(summary.median)}${suffix}`;
  const spread = spreadPercent(summary);
  const spreadText = Number.isFinite(spread) ? `, ±${spread.toFixed(0)}%` : '';
  return `${formatNumber(summary.median)}${suffix} (${formatNumber(summary.min)}-${formatNumber(summary.max)}${spreadText})`;
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${formatNumber(value)}x` : 'n/a';
}

/** Virtual minutes from milliseconds. */
export function formatMinutes(ms: number): string {
  return formatNumber(ms / 60_000);
}

/** A measured run's cells: result, wall s, virtual min, critical path min, run / path. */
export function runCells(run: { runtimeStatus: string; wallMs: number; virtualMs: number; pathMs: number }): string[] {
  return [
    run.runtimeStatus,
    formatNumber(run.wallMs / 1000),
    formatMinutes(run.virtualMs),
    formatMinutes(run.pathMs),
    formatNumber(run.virtualMs / run.pathMs),
  ];
}
