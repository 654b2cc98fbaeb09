// Every resource a run builds on one site, as ARM answers now (GETs through the site's own SDK clients; a 404 is
// "absent"), read side by side after the group: the one reader behind the pre-flight's preview and the live state.
// Callers copy out the fields they need; a connection's body is never passed on whole (an old-API GET carries the key).
import type { ArmClients } from '../../lib/clouds';
import { getOrUndefined } from './arm';
import type { Site } from './site';

type Read<T extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<T>> | undefined;
type Network = ArmClients['network'];
type Compute = ArmClients['compute'];

export interface SiteResources {
  resourceGroup?: Awaited<ReturnType<ArmClients['resourceManager']['resourceGroups']['get']>>;
  virtualNetwork?: Read<Network['virtualNetworks']['get']>;
  publicIp?: Read<Network['publicIPAddresses']['get']>;
  gateway?: Read<Network['virtualNetworkGateways']['get']>;
  networkInterface?: Read<Network['networkInterfaces']['get']>;
  virtualMachine?: Read<Compute['virtualMachines']['get']>;
  osDisk?: Read<Compute['disks']['get']>;
  localNetworkGateway?: Read<Network['localNetworkGateways']['get']>;
  connection?: Read<Network['virtualNetworkGatewayConnections']['get']>;
}

export async function readSiteResources(clients: ArmClients, site: Site): Promise<SiteResources> {
  const rg = site.target.resourceGroup;
  const names = site.names;
  const { network, compute, resourceManager } = clients;
  const resourceGroup = await getOrUndefined(() => resourceManager.resourceGroups.get(rg));
  // Nothing below a missing group exists: ARM would answer ResourceGroupNotFound for each.
  if (!resourceGroup) return {};
  const [virtualNetwork, publicIp, gateway, networkInterface, virtualMachine, osDisk, localNetworkGateway, connection] =
    await Promise.all([
      getOrUndefined(() => network.virtualNetworks.get(rg, names.virtualNetwork)),
      getOrUndefined(() => network.publicIPAddresses.get(rg, names.gatewayPublicIp)),
      getOrUndefined(() => network.virtualNetworkGateways.get(rg, names.virtualNetworkGateway)),
      getOrUndefined(() => network.networkInterfaces.get(rg, names.networkInterface)),
      getOrUndefined(() => compute.virtualMachines.get(rg, names.virtualMachine)),
      getOrUndefined(() => compute.disks.get(rg, names.osDisk)),
      getOrUndefined(() => network.localNetworkGateways.get(rg, names.localNetworkGateway)),
      getOrUndefined(() => network.virtualNetworkGatewayConnections.get(rg, names.connection)),
    ]);
  return {
    resourceGroup,
    virtualNetwork,
    publicIp,
    gateway,
    networkInterface,
    virtualMachine,
    osDisk,
    localNetworkGateway,
    connection,
  };
}
