// Reads one cloud of a connection as ARM answers now, through the site's real SDK clients: each resource the run
// builds (absent ones left out), its connection's status and byte counters, and its gateway's public IP. GETs only;
// the connection's shared key is never asked for, and only the named fields are copied out of ARM's answers (an
// old-API connection GET carries the key in its body).
import type { Site } from '../shared/site';
import { readSiteResources } from '../shared/siteResources';
import type { LiveCloudState, LiveResource } from '../../lib/api/connectionStatus';

interface ArmRead {
  readonly id?: string;
  readonly provisioningState?: string;
}

export async function readLiveCloud(site: Site): Promise<LiveCloudState> {
  const clients = await site.clients();
  const { resourceGroup: group, ...found } = await readSiteResources(clients, site);
  if (!group) return { resources: [], connection: null, gatewayIpAddress: null };
  // In the order the run builds them (and teardown removes them backwards).
  const { virtualNetwork: vnet, publicIp, gateway, networkInterface: nic, virtualMachine: vm, osDisk: disk } = found;
  const { localNetworkGateway: lgw, connection } = found;
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
