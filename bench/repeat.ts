// Runs one measurement several times and keeps every sample, after optional warm-up runs that are thrown away (the
// first run pays for JIT and cold caches). It never times anything itself: each run returns its own number(s).

export interface RepeatOptions {
  runs: number;
  warmups?: number;
}

/** Calls `measure(run)` warmups + runs times, in sequence; returns the samples of the measured runs only. */
export async function repeat<T>(options: RepeatOptions, measure: (run: number) => Promise<T>): Promise<T[]> {
  const samples: T[] = [];
  const warmups = options.warmups ?? 0;
  for (let run = 0; run < warmups + options.runs; run++) {
    const sample = await measure(run);
    if (run >= warmups) samples.push(sample);
  }
  return samples;
}
