// Reads one cloud of a connection as ARM answers now, through the site's real SDK clients: each resource the run
// builds (absent ones left out), its connection's status and byte counters, and its gateway's public IP. GETs only;
// the connection's shared key is never asked for, and only the named fields are copied out of ARM's answers (an
// old-API connection GET carries the key in its body).
import { getOrUndefined } from '../shared/arm';
import type { Site } from '../shared/site';
import type { LiveCloudState, LiveResource } from '../../lib/api/connectionStatus';

interface ArmRead {
  readonly id?: string;
  readonly provisioningState?: string;
}

export async function readLiveCloud(site: Site): Promise<LiveCloudState> {
  const clients = await site.clients();
  const { network, compute, resourceManager } = clients;
  const rg = site.target.resourceGroup;
  const names = site.names;
  const group = await getOrUndefined(() => resourceManager.resourceGroups.get(rg));
  // Nothing below a missing group exists: ARM would answer ResourceGroupNotFound for each.
  if (!group) return { resources: [], connection: null, gatewayIpAddress: null };
  // In the order the run builds them (and teardown removes them backwards), read side by side.
  const [vnet, publicIp, gateway, nic, vm, disk, lgw, connection] = await Promise.all([
    getOrUndefined(() => network.virtualNetworks.get(rg, names.virtualNetwork)),
    getOrUndefined(() => network.publicIPAddresses.get(rg, names.gatewayPublicIp)),
    getOrUndefined(() => network.virtualNetworkGateways.get(rg, names.virtualNetworkGateway)),
    getOrUndefined(() => network.networkInterfaces.get(rg, names.networkInterface)),
    getOrUndefined(() => compute.virtualMachines.get(rg, names.virtualMachine)),
    getOrUndefined(() => compute.disks.get(rg, names.osDisk)),
    getOrUndefined(() => network.localNetworkGateways.get(rg, names.localNetworkGateway)),
    getOrUndefined(() => network.virtualNetworkGatewayConnections.get(rg, names.connection)),
  ]);
  const groupRead: ArmRead = { id: group.id, provisioningState: group.properties?.provisioningState };
  const resources = [groupRead, vnet, publicIp, gateway, nic, vm, disk, lgw, connection].flatMap(resourceOf);
  return {
    resources,
    connection: connection
      ? {
          connectionStatus: connection.connectionStatus ?? null,
          ingressBytesTransferred: connection.ingressBytesTransferred ?? null,
          egressBytesTransferred: connection.egressBytesTransferred ?? null,
        }
      : null,
    gatewayIpAddress: publicIp?.ipAddress ?? null,
  };
}

function resourceOf(read: ArmRead | undefined): LiveResource[] {
  if (read?.id === undefined) return [];
  return [{ id: read.id, provisioningState: read.provisioningState ?? null }];
}
