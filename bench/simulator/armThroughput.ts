// ARM request throughput through the real SDK clients: GETs of one VNet, and PUT + long-running-operation creates of
// public IPs. Each run returns its rates and what the simulator's request log saw; it never judges them.
import type { Simulator } from '../../simulator';
import { runPool } from '../pool';
import { wallNow } from '../wallClock';
import { logPosition, requestsSince } from './requestCount';
import type { CloudClients } from './sdkClients';
import { BENCH_GROUP, READ_VNET, publicIpBody } from './workload';

export interface ArmRateSample {
  /** SDK calls completed per wall second (a GET, or a whole PUT + polls + final GET). */
  operationsPerSecond: number;
  /** HTTP requests the simulator answered for this cloud per wall second, from its request log. */
  requestsPerSecond: number;
  requestsPerOperation: number;
  /** 429s among them (throttling would make the numbers about the token bucket, not the simulator). */
  throttled: number;
  /** Mean wall ms per SDK call. */
  meanLatencyMs: number;
}

function sample(
  sim: Simulator,
  clients: CloudClients,
  since: number,
  operations: number,
  wallMs: number,
  latencies: number[],
): ArmRateSample {
  const requests = requestsSince(sim, clients.cloud, since);
  const seconds = wallMs / 1000;
  return {
    operationsPerSecond: operations / seconds,
    requestsPerSecond: requests.length / seconds,
    requestsPerOperation: requests.length / operations,
    throttled: requests.filter((r) => r.status === 429).length,
    meanLatencyMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
  };
}

/** `count` GETs of the bench VNet, `concurrency` at a time. */
export async function measureVnetGets(
  sim: Simulator,
  clients: CloudClients,
  count: number,
  concurrency: number,
): Promise<ArmRateSample> {
  const since = logPosition(sim);
  const latencies: number[] = [];
  const started = wallNow();
  await runPool(count, concurrency, async () => {
    const t0 = wallNow();
    await clients.network.virtualNetworks.get(BENCH_GROUP, READ_VNET);
    latencies.push(wallNow() - t0);
  });
  return sample(sim, clients, since, count, wallNow() - started, latencies);
}

/** `count` public IP creates (PUT, then the SDK's own polling until Succeeded), `concurrency` at a time. */
export async function measurePublicIpCreates(
  sim: Simulator,
  clients: CloudClients,
  count: number,
  concurrency: number,
  tag: string,
): Promise<ArmRateSample> {
  const since = logPosition(sim);
  const latencies: number[] = [];
  const body = publicIpBody(clients.cloud, clients.location);
  const started = wallNow();
  await runPool(count, concurrency, async (index) => {
    const t0 = wallNow();
    await clients.network.publicIPAddresses.beginCreateOrUpdateAndWait(BENCH_GROUP, `pip-${tag}-${index}`, body);
    latencies.push(wallNow() - t0);
  });
  return sample(sim, clients, since, count, wallNow() - started, latencies);
}
