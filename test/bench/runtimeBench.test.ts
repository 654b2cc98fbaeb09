// The runtime benchmark end to end at tiny sizes: the bench app runs on startHost with both stores, every scenario
// validates its orchestration's output, and the tables carry one row per metric. Counts and shapes only, never speed.
import { runRuntimeBench, type RuntimeBenchSizes } from '../../bench/runtime';
import { benchAppDir } from '../../bench/appLocation';
import { withBenchHost } from '../../bench/runtime/benchHost';
import { BenchScenarioError } from '../../bench/errors';
import type { HostLog } from '../../runtime';

const quiet: HostLog = () => undefined;
const MINUTE = 60_000;

const TINY: RuntimeBenchSizes = {
  runs: 2,
  warmups: 0,
  workload: { chainSteps: 4, fanOutWidth: 6, events: 3 },
  scaling: {
    small: { chainSteps: 2, fanOutWidth: 2, events: 2 },
    large: { chainSteps: 4, fanOutWidth: 4, events: 4 },
    runs: 1,
  },
  timerMinutes: 45,
  timeScale: 100_000,
};

describe('runtime benchmark', () => {
  it('measures every shape on both stores and prints them beside the published targets', async () => {
    const result = await runRuntimeBench(TINY, quiet);

    expect(result.stores.map((s) => s.store)).toEqual(['sqlite', 'memory']);
    for (const store of result.stores) {
      const rates = [...store.sequential, ...store.events, ...store.fanOutFanIn.flatMap((f) => [f.fanOut, f.fanIn])];
      expect(rates).toHaveLength(TINY.runs * 4);
      for (const rate of rates) expect(rate).toBeGreaterThan(0);
      // The timer never fires early in virtual time, whatever the wall clock did.
      for (const timer of store.timer) expect(timer.virtualMs).toBeGreaterThanOrEqual(45 * MINUTE);
    }
    expect(result.scaling?.runs).toHaveLength(1);

    const [throughput, scaling, timer] = result.tables;
    expect(throughput?.rows.map((r) => r[0])).toEqual([
      'sequential activities/s (chain of 4)',
      'fan-out activities/s (6 in parallel)',
      'fan-in responses/s (6 results)',
      'fan-in completion after last result, ms',
      'external events/s (3 awaited in turn)',
    ]);
    expect(throughput?.rows.map((r) => r[1])).toEqual(['5.00', '100', '150', '-', '50.0']);
    expect(scaling?.rows).toHaveLength(4);
    expect(timer?.rows.map((r) => r[0])).toEqual(['SQLite store', 'in-memory store']);
  }, 60_000);

  it('reports a start the host refuses as a scenario error naming the HTTP status, not as a rate', async () => {
    const run = withBenchHost('memory', benchAppDir('throughput'), 1000, quiet, (api) =>
      api.startAndWait('NoSuchOrchestration', 'missing-1', {}, 10),
    );
    await expect(run).rejects.toBeInstanceOf(BenchScenarioError);
    await expect(run).rejects.toThrow(/start of NoSuchOrchestration 'missing-1': unexpected HTTP 400/);
  }, 30_000);
});
