// Reads what exists of one site, in the order the run would write it (GETs only; a 404 is "absent"), and every
// VNet of the subscription for the overlap check. Whether the connection has a shared key is kept as a boolean:
// the key itself is dropped as soon as it is read.
import type { ArmClients } from '../../lib/clouds';
import type { ExistingVnet, LiveSite } from '../../lib/preflight';
import { getOrUndefined } from '../shared/arm';
import type { Site } from '../shared/site';

export async function readLiveSite(clients: ArmClients, site: Site): Promise<LiveSite> {
  const rg = site.target.resourceGroup;
  const names = site.names;
  const { network, compute, resourceManager } = clients;
  const live: LiveSite = {};
  const set = <K extends keyof LiveSite>(key: K, value: LiveSite[K] | undefined): void => {
    if (value !== undefined) live[key] = value;
  };
  set('resourceGroup', await getOrUndefined(() => resourceManager.resourceGroups.get(rg)));
  // Nothing below a missing group exists: ARM would answer ResourceGroupNotFound for each.
  if (!live.resourceGroup) return live;
  // The reads are independent: in parallel, so stage 0 costs one round trip per site, not eight (it is ahead of
  // every billable write on the critical path).
  const connections = network.virtualNetworkGatewayConnections;
  const [virtualNetwork, publicIp, gateway, networkInterface, virtualMachine, localNetworkGateway, connection] =
    await Promise.all([
      getOrUndefined(() => network.virtualNetworks.get(rg, names.virtualNetwork)),
      getOrUndefined(() => network.publicIPAddresses.get(rg, names.gatewayPublicIp)),
      getOrUndefined(() => network.virtualNetworkGateways.get(rg, names.virtualNetworkGateway)),
      getOrUndefined(() => network.networkInterfaces.get(rg, names.networkInterface)),
      getOrUndefined(() => compute.virtualMachines.get(rg, names.virtualMachine)),
      getOrUndefined(() => network.localNetworkGateways.get(rg, names.localNetworkGateway)),
      getOrUndefined(() => connections.get(rg, names.connection)),
    ]);
  set('virtualNetwork', virtualNetwork);
  set('publicIp', publicIp);
  set('gateway', gateway);
  set('networkInterface', networkInterface);
  set('virtualMachine', virtualMachine);
  set('localNetworkGateway', localNetworkGateway);
  set('connection', connection);
  if (live.connection) {
    const key = await getOrUndefined(() => connections.getSharedKey(rg, names.connection));
    live.connectionSharedKeySet = key !== undefined && key.value !== '';
  }
  return live;
}

export async function listVnets(clients: ArmClients): Promise<ExistingVnet[]> {
  const found: ExistingVnet[] = [];
  for await (const vnet of clients.network.virtualNetworks.listAll()) {
    if (vnet.id === undefined) continue;
    found.push({ id: vnet.id, name: vnet.name ?? vnet.id, addressPrefixes: vnet.addressSpace?.addressPrefixes ?? [] });
  }
  return found;
}
