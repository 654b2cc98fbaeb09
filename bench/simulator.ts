// The simulator benchmark: the real Azure SDK clients against startSimulator, ARM throughput and the virtual-vs-wall
// time of a long gateway create per time scale. It returns tables; it never asserts on a timing.
import { measureSimulator, type SimulatorBenchSizes, type SimulatorSamples } from './simulator/measureSimulator';
import { simulatorTables } from './simulator/report';
import type { Table } from './table';

export type { SimulatorBenchSizes } from './simulator/measureSimulator';

export const DEFAULT_SIMULATOR_SIZES: SimulatorBenchSizes = {
  runs: 5,
  warmups: 1,
  getCount: 1000,
  getConcurrencies: [1, 8],
  putRuns: 3,
  putCount: 20,
  putConcurrency: 10,
  fastScale: 10_000,
  gatewayMinutes: 40,
  gatewayScales: [100, 1000, 10_000],
  gatewaysPerScale: 3,
};

export async function runSimulatorBench(
  sizes: SimulatorBenchSizes = DEFAULT_SIMULATOR_SIZES,
): Promise<{ tables: Table[]; samples: SimulatorSamples }> {
  const samples = await measureSimulator(sizes);
  return { tables: simulatorTables(samples, sizes), samples };
}
