// Reads what exists of one site, in the order the run would write it (GETs only; a 404 is "absent"), and every
// VNet of the subscription for the overlap check. Whether the connection has a shared key is kept as a boolean:
// the key itself is dropped as soon as it is read.
import type { ArmClients } from '../../lib/clouds';
import type { ExistingVnet, LiveSite } from '../../lib/preflight';
import { getOrUndefined } from '../shared/arm';
import type { Site } from '../shared/site';
import { readSiteResources, type SiteResources } from '../shared/siteResources';

export async function readLiveSite(clients: ArmClients, site: Site): Promise<LiveSite> {
  const { osDisk: _disk, ...live }: LiveSite & SiteResources = await readSiteResources(clients, site);
  if (live.connection) {
    const connections = clients.network.virtualNetworkGatewayConnections;
    const key = await getOrUndefined(() => connections.getSharedKey(site.target.resourceGroup, site.names.connection));
    return { ...live, connectionSharedKeySet: key !== undefined && key.value !== '' };
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
