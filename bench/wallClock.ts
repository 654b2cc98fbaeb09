// Wall-clock readings for the benchmarks: epoch milliseconds with sub-millisecond precision, on the same scale as the
// bench app's activities read in this process. Never used for virtual time.
import { performance } from 'node:perf_hooks';

export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
