// The load bench's plumbing at a tiny size, on the built dist/ (`hybrid-connection sim` and `host` as processes): two
// provisionings end Completed, the host's CPU and peak RSS are read from /proc, the task hub is read after the host
// stopped; and one cold start of `serve --simulate` is timed to its ready line. No timing is asserted.
import '../../bench/quietSqliteWarning';
import { loadRow } from '../../bench/load/loadMetrics';
import { measureLoadStep } from '../../bench/load/measureLoad';
import { measureColdStarts } from '../../bench/startup/measureStartup';

describe('load bench plumbing', () => {
  it('runs N provisionings on a host process and reads its usage and task hub', async () => {
    const row = loadRow(await measureLoadStep({ n: 2, timeScale: 1000, seed: 'load-test', timeoutMs: 150_000 }));
    expect(row.completed).toBe(2);
    expect(row.finished).toBe(true);
    expect(row.failed + row.unfinished).toBe(0);
    // Each provisioning runs one site orchestration per cloud and one link per site besides its own, and one delivery
    // per event (8).
    expect(row.instancesPerRun).toBe(12);
    expect(row.historyEventsPerInstance).toBeGreaterThan(10);
    expect(row.episodesPerInstance).toBeGreaterThan(1);
    expect(row.episodesMax).toBeLessThan(row.historyEventsMax);
    expect(row.cpuPerRunS).toBeGreaterThan(0);
    expect(row.peakRssMb).toBeGreaterThan(20);
    expect(row.peakRssMb).toBeGreaterThanOrEqual(row.rssAtEndMb);
  }, 180_000);

  it('times a cold start of serve --simulate to its ready line', async () => {
    const starts = await measureColdStarts(1);
    expect(starts).toHaveLength(1);
    expect(starts[0]?.wallMs).toBeGreaterThan(0);
    // Its main thread's CPU, read from /proc at the ready line: some, and never more than the wall time allowed.
    expect(starts[0]?.mainThreadCpuMs).toBeGreaterThan(0);
  }, 120_000);
});
