// Summaries of repeated measurements: median and spread (min-max), and ratios of medians. Pure arithmetic; it never
// decides whether a number is good.

export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number;
}

export function summarize(samples: readonly number[]): Summary {
  const finite = samples.filter((s) => Number.isFinite(s));
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, samples: 0 };
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], samples: sorted.length };
}

/** Half the min-max range relative to the median, in percent: a quick read of how noisy a row is. */
export function spreadPercent(summary: Summary): number {
  if (!(summary.median > 0)) return Number.NaN;
  return ((summary.max - summary.min) / 2 / summary.median) * 100;
}

export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 && Number.isFinite(numerator) ? numerator / denominator : Number.NaN;
}
