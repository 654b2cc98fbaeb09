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
  set('virtualNetwork', await getOrUndefined(() => network.virtualNetworks.get(rg, names.virtualNetwork)));
  set('publicIp', await getOrUndefined(() => network.publicIPAddresses.get(rg, names.gatewayPublicIp)));
  set('gateway', await getOrUndefined(() => network.virtualNetworkGateways.get(rg, names.virtualNetworkGateway)));
  set('networkInterface', await getOrUndefined(() => network.networkInterfaces.get(rg, names.networkInterface)));
  set('virtualMachine', await getOrUndefined(() => compute.virtualMachines.get(rg, names.virtualMachine)));
  set(
    'localNetworkGateway',
    await getOrUndefined(() => network.localNetworkGateways.get(rg, names.localNetworkGateway)),
  );
  const connections = network.virtualNetworkGatewayConnections;
  set('connection', await getOrUndefined(() => connections.get(rg, names.connection)));
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
