// A VPN gateway create through arm-network 39 (beginCreateOrUpdateAndWait, the SDK's default polling) against a
// simulator whose gateway create takes a fixed virtual duration: the virtual time the operation took, the wall time
// the SDK waited, and the polls it made (from the request log). It never changes the clock itself.
import type { NetworkManagementClient } from '@azure/arm-network';
import type { Simulator } from '../../simulator';
import { BenchScenarioError } from '../errors';
import { wallNow } from '../wallClock';
import { escapeRegExp, logPosition, requestsSince } from './requestCount';
import { BENCH_GROUP } from './workload';

export interface GatewaySite {
  gatewayName: string;
  gatewaySubnetId: string;
  publicIpId: string;
}

export interface GatewaySample {
  /** Virtual ms between the operation's start and end, as the simulator recorded them. */
  operationVirtualMs: number;
  /** Virtual ms that passed between the SDK call and its return (operation plus the last poll's wait). */
  clientVirtualMs: number;
  wallMs: number;
  /** GETs of the operation's status URL (Azure-AsyncOperation or Location). */
  polls: number;
  /** Every request about this gateway: the PUT, the polls, the final GET. */
  requests: number;
}

export async function createGateway(
  sim: Simulator,
  network: NetworkManagementClient,
  site: GatewaySite,
  location: string,
): Promise<GatewaySample> {
  const since = logPosition(sim);
  const virtualStart = sim.clock.now();
  const started = wallNow();
  const gateway = await network.virtualNetworkGateways.beginCreateOrUpdateAndWait(BENCH_GROUP, site.gatewayName, {
    location,
    gatewayType: 'Vpn',
    vpnType: 'RouteBased',
    sku: { name: 'VpnGw1AZ', tier: 'VpnGw1AZ' },
    ipConfigurations: [
      {
        name: 'default',
        privateIPAllocationMethod: 'Dynamic',
        subnet: { id: site.gatewaySubnetId },
        publicIPAddress: { id: site.publicIpId },
      },
    ],
  });
  const wallMs = wallNow() - started;
  const clientVirtualMs = sim.clock.now() - virtualStart;
  const gatewayId = (gateway.id ?? '').toLowerCase();
  const operation = sim.inspect
    .operations('azure')
    .find((o) => o.resourceId.toLowerCase() === gatewayId && o.startTime >= virtualStart && o.endTime !== undefined);
  if (!gatewayId || !operation || operation.endTime === undefined) {
    throw new BenchScenarioError(`no finished create operation recorded for gateway ${site.gatewayName}`);
  }
  const pollPath = new RegExp(`/(operations|operationResults)/${escapeRegExp(operation.id)}$`, 'i');
  const gatewayPath = new RegExp(`/virtualNetworkGateways/${escapeRegExp(site.gatewayName)}$`, 'i');
  const mine = requestsSince(sim, 'azure', since).filter((r) => pollPath.test(r.path) || gatewayPath.test(r.path));
  return {
    operationVirtualMs: operation.endTime - operation.startTime,
    clientVirtualMs,
    wallMs,
    polls: mine.filter((r) => pollPath.test(r.path)).length,
    requests: mine.length,
  };
}
