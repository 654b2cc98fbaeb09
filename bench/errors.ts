// Typed failures of the benchmarks: a scenario that did not produce a measurable result. Never thrown for slowness
// (benchmarks report timings, they do not judge them).

/** A benchmark scenario went wrong (a request failed, an orchestration did not complete, an output was malformed). */
export class BenchScenarioError extends Error {
  override readonly name = 'BenchScenarioError';
}
