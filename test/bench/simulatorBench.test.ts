// The simulator benchmark end to end at tiny sizes: the real SDK clients against startSimulator, request counts read
// back from the request log, and a 40-minute gateway create at a very high scale. Counts only, never speed.
import { runSimulatorBench, type SimulatorBenchSizes } from '../../bench/simulator';

const MINUTE = 60_000;

const TINY: SimulatorBenchSizes = {
  runs: 1,
  warmups: 0,
  getCount: 5,
  getConcurrencies: [1, 2],
  putRuns: 1,
  putCount: 2,
  putConcurrency: 2,
  fastScale: 10_000,
  gatewayMinutes: 40,
  gatewayScales: [100_000],
  gatewaysPerScale: 2,
};

describe('simulator benchmark', () => {
  it('counts one request per GET and PUT + one poll + final GET per short create, with no throttling', async () => {
    const { samples, tables } = await runSimulatorBench(TINY);

    expect(samples.arm.map((r) => [r.cloud, r.call, r.concurrency])).toEqual([
      ['azure', 'GET virtualNetwork', 1],
      ['azure', 'GET virtualNetwork', 2],
      ['azure', 'PUT publicIPAddress + LRO', 2],
      ['azureStack', 'GET virtualNetwork', 1],
      ['azureStack', 'GET virtualNetwork', 2],
      ['azureStack', 'PUT publicIPAddress + LRO', 2],
    ]);
    for (const row of samples.arm) {
      for (const sample of row.samples) {
        expect(sample.requestsPerOperation).toBe(row.call === 'GET virtualNetwork' ? 1 : 3);
        expect(sample.throttled).toBe(0);
        expect(sample.operationsPerSecond).toBeGreaterThan(0);
      }
    }

    const [gateways] = samples.gateways;
    expect(gateways?.scale).toBe(100_000);
    expect(gateways?.samples).toHaveLength(2);
    for (const sample of gateways?.samples ?? []) {
      // The operation lasts its configured 40 virtual minutes; at this scale one (held) poll sees it end.
      expect(sample.operationVirtualMs).toBeGreaterThanOrEqual(40 * MINUTE);
      expect(sample.clientVirtualMs).toBeGreaterThanOrEqual(sample.operationVirtualMs);
      expect(sample.polls).toBe(1);
      expect(sample.requests).toBe(3);
    }
    expect(tables.map((t) => t.rows.length)).toEqual([6, 1]);
  }, 60_000);
});
