// Turns the simulator samples into tables: ARM calls and requests per second through the real SDKs, and the
// virtual-vs-wall time and poll count of a gateway create per time scale. Formatting only.
import { formatNumber, formatRatio, formatSummary } from '../format';
import { ratio, summarize } from '../stats';
import type { Table } from '../table';
import type { ArmRateRow, GatewayRow, SimulatorBenchSizes, SimulatorSamples } from './measureSimulator';

const CLOUD_LABEL = { azure: 'Azure', azureStack: 'Azure Stack Hub' } as const;

export function simulatorTables(samples: SimulatorSamples, sizes: SimulatorBenchSizes): Table[] {
  return [armTable(samples.arm, sizes), gatewayTable(samples.gateways, sizes)];
}

function armTable(rows: ArmRateRow[], sizes: SimulatorBenchSizes): Table {
  const baseline = (row: ArmRateRow): number => {
    const first = rows.find((r) => r.cloud === row.cloud);
    return first ? summarize(first.samples.map((s) => s.operationsPerSecond)).median : Number.NaN;
  };
  return {
    title: 'ARM through the real SDK clients (simulator/ via startSimulator, HTTPS on 127.0.0.1)',
    headers: [
      'cloud (SDK)',
      'call',
      'in flight',
      'SDK calls/s',
      'x first row',
      'ARM requests/s',
      'requests/call',
      'mean latency, ms',
      '429s',
    ],
    rows: rows.map((row) => {
      const calls = summarize(row.samples.map((s) => s.operationsPerSecond));
      return [
        `${CLOUD_LABEL[row.cloud]} (${row.sdk})`,
        row.call,
        String(row.concurrency),
        formatSummary(calls),
        formatRatio(ratio(calls.median, baseline(row))),
        formatSummary(summarize(row.samples.map((s) => s.requestsPerSecond))),
        formatNumber(summarize(row.samples.map((s) => s.requestsPerOperation)).median),
        formatNumber(summarize(row.samples.map((s) => s.meanLatencyMs)).median),
        String(row.samples.reduce((sum, s) => sum + s.throttled, 0)),
      ];
    }),
    notes: [
      `GET rows: ${sizes.runs} runs of ${sizes.getCount} GETs after ${sizes.warmups} warm-up; PUT rows: ${sizes.putRuns} runs of ${sizes.putCount} creates; time scale ${formatNumber(sizes.fastScale)}`,
      "x first row = calls/s / the same cloud's first row; ARM requests include the SDK's polls and final GETs (request log)",
      'the SDK polls once right after the PUT; a public IP (2-4 virtual s) is done by then, so a create is PUT + poll + GET',
    ],
  };
}

function gatewayTable(rows: GatewayRow[], sizes: SimulatorBenchSizes): Table {
  return {
    title: `${sizes.gatewayMinutes}-minute VPN gateway create (arm-network 39 beginCreateOrUpdateAndWait, default polling)`,
    headers: [
      'time scale',
      'operation, virtual min',
      'SDK saw, virtual min',
      'wall, s',
      'ideal wall, s',
      'effective scale',
      'effective / nominal',
      'polls/create',
      'requests/create',
    ],
    rows: rows.map((row) => {
      const operation = summarize(row.samples.map((s) => s.operationVirtualMs));
      const wall = summarize(row.samples.map((s) => s.wallMs / 1000));
      const effective = ratio(operation.median / 1000, wall.median);
      return [
        formatNumber(row.scale),
        formatNumber(operation.median / 60_000),
        formatNumber(summarize(row.samples.map((s) => s.clientVirtualMs)).median / 60_000),
        formatSummary(wall),
        formatNumber((sizes.gatewayMinutes * 60) / row.scale),
        formatNumber(effective),
        formatRatio(ratio(effective, row.scale)),
        formatSummary(summarize(row.samples.map((s) => s.polls))),
        formatNumber(summarize(row.samples.map((s) => s.requests)).median),
      ];
    }),
    notes: [
      `${sizes.gatewaysPerScale} gateways created at once per scale (the repeats); median (min-max, ±half-range %)`,
      'effective scale = operation virtual time / wall time; polls are GETs of the operation URL in the request log',
      "Retry-After = the RP's 100 s scaled to wall time, whole seconds, at least 1; the simulator holds a poll of an",
      'operation that ends within 1 s wall until it ends, so the SDK returns near the ideal wall time at every scale',
    ],
  };
}
