// How big and how often the runtime benchmark measures. Types only: the defaults live with the entry point
// (bench/runtime.ts), so one place says what `npm run bench` does.

/** One orchestration size per shape. */
export interface WorkloadSizes {
  /** Activities in the sequential chain. */
  chainSteps: number;
  /** Activities in the fan-out/fan-in. */
  fanOutWidth: number;
  /** External events one orchestration awaits, one after another. */
  events: number;
}

export interface RuntimeBenchSizes {
  /** Measured runs per scenario and store, after `warmups` runs that are thrown away. */
  runs: number;
  warmups: number;
  /** The sizes measured against the published targets, on both stores. */
  workload: WorkloadSizes;
  /** Two sizes measured in alternation on the SQLite store, to show how per-instance rates change with history. */
  scaling: { small: WorkloadSizes; large: WorkloadSizes; runs: number };
  timerMinutes: number;
  /** Virtual ms per wall ms of the host's clock (drives the durable timer). */
  timeScale: number;
}
