// Runs the simulator scenarios against one startSimulator on 127.0.0.1 (free port, trusted in process): VNet GETs and
// public IP creates on both clouds at a high time scale, then 40-minute gateway creates at each scale. It always
// stops the simulator; it never asserts on a timing.
import { startSimulator, trustCertificateInProcess, type Simulator } from '../../simulator';
import { BenchScenarioError } from '../errors';
import { repeat } from '../repeat';
import { measurePublicIpCreates, measureVnetGets, type ArmRateSample } from './armThroughput';
import { createGateway, type GatewaySample, type GatewaySite } from './gatewayCreate';
import { benchClients, type BenchCloud, type CloudClients } from './sdkClients';
import { BENCH_GROUP, READ_VNET, publicIpBody, vnetBody } from './workload';

const MINUTE = 60_000;

export interface SimulatorBenchSizes {
  runs: number;
  warmups: number;
  /** GETs per run, at each of the concurrencies. */
  getCount: number;
  getConcurrencies: number[];
  putRuns: number;
  /** Public IP creates per run, `putConcurrency` at a time. */
  putCount: number;
  putConcurrency: number;
  /** Virtual ms per wall ms while the throughput scenarios run (keeps throttling refills and LRO latencies short). */
  fastScale: number;
  gatewayMinutes: number;
  gatewayScales: number[];
  /** Gateways created at once per scale: the repeats of that measurement. */
  gatewaysPerScale: number;
}

export interface ArmRateRow {
  cloud: BenchCloud;
  sdk: string;
  call: 'GET virtualNetwork' | 'PUT publicIPAddress + LRO';
  concurrency: number;
  samples: ArmRateSample[];
}

export interface GatewayRow {
  scale: number;
  samples: GatewaySample[];
}

export interface SimulatorSamples {
  arm: ArmRateRow[];
  gateways: GatewayRow[];
}

export async function measureSimulator(sizes: SimulatorBenchSizes): Promise<SimulatorSamples> {
  const sim = await startSimulator({
    timeScale: sizes.fastScale,
    seed: 'bench',
    // A fixed duration (instead of the 30-45 minute default range) so every scale times the same operation.
    latency: { azure: { 'Microsoft.Network/virtualNetworkGateways:create': sizes.gatewayMinutes * MINUTE } },
  });
  try {
    trustCertificateInProcess(sim.caPem);
    const clients = benchClients(sim);
    const sites = await setUp(sim, clients.azure, clients.azureStack, sizes);
    const arm: ArmRateRow[] = [];
    for (const cloud of [clients.azure, clients.azureStack]) {
      for (const concurrency of sizes.getConcurrencies) {
        const samples = await repeat(sizes, () => measureVnetGets(sim, cloud, sizes.getCount, concurrency));
        arm.push({ cloud: cloud.cloud, sdk: cloud.sdk, call: 'GET virtualNetwork', concurrency, samples });
      }
      const samples = await repeat({ runs: sizes.putRuns, warmups: 0 }, (run) =>
        measurePublicIpCreates(sim, cloud, sizes.putCount, sizes.putConcurrency, `bench-r${run}`),
      );
      arm.push({
        cloud: cloud.cloud,
        sdk: cloud.sdk,
        call: 'PUT publicIPAddress + LRO',
        concurrency: sizes.putConcurrency,
        samples,
      });
    }
    const gateways: GatewayRow[] = [];
    for (const [index, scale] of sizes.gatewayScales.entries()) {
      sim.inspect.setClockScale(scale);
      const batch = sites.slice(index * sizes.gatewaysPerScale, (index + 1) * sizes.gatewaysPerScale);
      const samples = await Promise.all(
        batch.map((site) => createGateway(sim, clients.azure.azureNetwork, site, clients.azure.location)),
      );
      gateways.push({ scale, samples });
    }
    return { arm, gateways };
  } finally {
    await sim.stop();
  }
}

/** Resource groups, the VNet the GETs read, and one VNet + public IP per gateway to create (all at the fast scale). */
async function setUp(
  sim: Simulator,
  azure: CloudClients,
  azureStack: CloudClients,
  sizes: SimulatorBenchSizes,
): Promise<GatewaySite[]> {
  sim.inspect.setClockScale(sizes.fastScale);
  await Promise.all(
    [azure, azureStack].map(async (cloud) => {
      await cloud.createResourceGroup(BENCH_GROUP);
      await cloud.network.virtualNetworks.beginCreateOrUpdateAndWait(
        BENCH_GROUP,
        READ_VNET,
        vnetBody(cloud.location, 1),
      );
    }),
  );
  const count = sizes.gatewayScales.length * sizes.gatewaysPerScale;
  return Promise.all(
    Array.from({ length: count }, async (_, index): Promise<GatewaySite> => {
      const vnet = await azure.network.virtualNetworks.beginCreateOrUpdateAndWait(
        BENCH_GROUP,
        `vnet-bench-gw-${index}`,
        vnetBody(azure.location, 10 + index),
      );
      const pip = await azure.network.publicIPAddresses.beginCreateOrUpdateAndWait(
        BENCH_GROUP,
        `pip-bench-gw-${index}`,
        publicIpBody('azure', azure.location),
      );
      const gatewaySubnetId = vnet.subnets?.find((s) => s.name === 'GatewaySubnet')?.id;
      if (!gatewaySubnetId || !pip.id) throw new BenchScenarioError(`set-up of gateway site ${index} returned no ids`);
      return { gatewayName: `vgw-bench-${index}`, gatewaySubnetId, publicIpId: pip.id };
    }),
  );
}
