// The hybrid-connection blueprint driven through the real SDK clients: one site per cloud and the tunnel between
// them, every write with beginCreateOrUpdateAndWait. Test-only.
import { STACK_DEFAULT_POLICY } from './blueprint';
import type { SdkWorld } from './sdkWorld';
import { POLL } from './sdkWorld';

/** One cloud's site: where it goes and the SKUs that cloud offers for it. */
export interface SiteSpec {
  group: string;
  location: string;
  space: string;
  workload: string;
  gatewaySubnet: string;
  publicIp: { sku: 'Standard' | 'Basic'; allocation: 'Static' | 'Dynamic'; zones?: string[] };
  gatewaySku: string;
  computerName: string;
}

export const AZURE: SiteSpec = {
  group: 'rg-hc-azure',
  location: 'westeurope',
  space: '10.1.0.0/16',
  workload: '10.1.1.0/24',
  gatewaySubnet: '10.1.255.0/27',
  publicIp: { sku: 'Standard', allocation: 'Static', zones: ['1', '2', '3'] },
  gatewaySku: 'VpnGw1AZ',
  computerName: 'vm-azure',
};
export const STACK: SiteSpec = {
  group: 'rg-hc-stack',
  location: 'local',
  space: '10.2.0.0/16',
  workload: '10.2.1.0/24',
  gatewaySubnet: '10.2.255.0/28',
  publicIp: { sku: 'Basic', allocation: 'Dynamic' },
  gatewaySku: 'Standard',
  computerName: 'vm-stack',
};

/** The two clouds as the tests name them: the clients of world[cloud] and the site spec SITES[cloud]. */
export type CloudSide = 'azure' | 'stack';
export const SITES: Record<CloudSide, SiteSpec> = { azure: AZURE, stack: STACK };
export const NAMES = {
  vnet: 'vnet-hc',
  pip: 'pip-vgw-hc',
  gateway: 'vgw-hc',
  lgw: 'lgw-hc-to-peer',
  connection: 'cn-hc-to-peer',
  nic: 'nic-vm-hc',
  vm: 'vm-hc',
};

const SSH = { path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ hc@test' };

function vmParameters(location: string, nicId: string, computerName: string) {
  return {
    location,
    hardwareProfile: { vmSize: 'Standard_B2s' },
    storageProfile: {
      imageReference: {
        publisher: 'Canonical',
        offer: '0001-com-ubuntu-server-jammy',
        sku: '22_04-lts',
        version: 'latest',
      },
    },
    osProfile: {
      computerName,
      adminUsername: 'azureuser',
      linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [SSH] } },
    },
    networkProfile: { networkInterfaces: [{ id: nicId, primary: true }] },
  };
}

export interface SiteResult {
  gatewayIp: string;
  vmIp: string;
  gatewayId: string;
}

/**
 * Builds one cloud's site: resource group, VNet with both subnets, then in parallel [public IP -> gateway] and
 * [NIC -> VM]. The clients differ per cloud (arm-network 39 vs the hybrid profile); the requests are the same.
 */
export async function buildSite(world: SdkWorld, cloud: CloudSide): Promise<SiteResult> {
  return buildSiteWith(world[cloud], SITES[cloud]);
}

/** The clients of one cloud: Azure's current ones, or one stamp's hybrid-profile ones. */
export type SiteClients = SdkWorld['azure'] | SdkWorld['stack'];

/** buildSite with any cloud's clients (a stamp of world.stamps, say) and any site spec. */
export async function buildSiteWith(clients: SiteClients, site: SiteSpec): Promise<SiteResult> {
  const { network, compute, resources } = clients;
  const g = site.group;
  await resources.resourceGroups.createOrUpdate(g, { location: site.location });
  const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
    g,
    NAMES.vnet,
    {
      location: site.location,
      addressSpace: { addressPrefixes: [site.space] },
      subnets: [
        { name: 'workload', addressPrefix: site.workload },
        { name: 'GatewaySubnet', addressPrefix: site.gatewaySubnet },
      ],
    },
    POLL,
  );
  const subnet = (name: string): string => vnet.subnets?.find((s) => s.name === name)?.id ?? '';
  const gatewaySide = async (): Promise<{ gatewayIp: string; gatewayId: string }> => {
    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      g,
      NAMES.pip,
      {
        location: site.location,
        sku: { name: site.publicIp.sku },
        publicIPAllocationMethod: site.publicIp.allocation,
        ...(site.publicIp.zones ? { zones: site.publicIp.zones } : {}),
      },
      POLL,
    );
    const gateway = await network.virtualNetworkGateways.beginCreateOrUpdateAndWait(
      g,
      NAMES.gateway,
      {
        location: site.location,
        gatewayType: 'Vpn',
        vpnType: 'RouteBased',
        sku: { name: site.gatewaySku, tier: site.gatewaySku },
        ipConfigurations: [
          {
            name: 'default',
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: subnet('GatewaySubnet') },
            publicIPAddress: { id: pip.id },
          },
        ],
      },
      POLL,
    );
    const address = (await network.publicIPAddresses.get(g, NAMES.pip)).ipAddress ?? '';
    return { gatewayIp: address, gatewayId: gateway.id ?? '' };
  };
  const vmSide = async (): Promise<string> => {
    const nic = await network.networkInterfaces.beginCreateOrUpdateAndWait(
      g,
      NAMES.nic,
      { location: site.location, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnet('workload') } }] },
      POLL,
    );
    await compute.virtualMachines.beginCreateOrUpdateAndWait(
      g,
      NAMES.vm,
      vmParameters(site.location, nic.id ?? '', site.computerName),
      POLL,
    );
    return nic.ipConfigurations?.[0]?.privateIPAddress ?? '';
  };
  const [gatewaySideResult, vmIp] = await Promise.all([gatewaySide(), vmSide()]);
  return { ...gatewaySideResult, vmIp };
}

/** Local network gateways both ways, then connections both ways with the same policy and the given keys. */
export async function connectSites(
  world: SdkWorld,
  azure: SiteResult,
  stack: SiteResult,
  keys = { azure: 'Sh4red-Key', stack: 'Sh4red-Key' },
): Promise<void> {
  const [azureLgw, stackLgw] = await Promise.all([
    localGatewayTo(world.azure, AZURE, stack.gatewayIp, [STACK.space]),
    localGatewayTo(world.stack, STACK, azure.gatewayIp, [AZURE.space]),
  ]);
  await Promise.all([
    connect(world.azure, AZURE, azure.gatewayId, azureLgw, keys.azure),
    connect(world.stack, STACK, stack.gatewayId, stackLgw, keys.stack),
  ]);
}

/** The local network gateway in `site`'s cloud that stands for a peer at `peerIp`; returns its id. */
export async function localGatewayTo(
  clients: SiteClients,
  site: SiteSpec,
  peerIp: string,
  peerSpaces: string[],
  name = NAMES.lgw,
): Promise<string | undefined> {
  const lgw = await clients.network.localNetworkGateways.beginCreateOrUpdateAndWait(
    site.group,
    name,
    { location: site.location, gatewayIpAddress: peerIp, localNetworkAddressSpace: { addressPrefixes: peerSpaces } },
    POLL,
  );
  return lgw.id;
}

/** The IPsec connection from `site`'s gateway through a local network gateway, with a shared key. */
export async function connect(
  clients: SiteClients,
  site: SiteSpec,
  gatewayId: string,
  localGatewayId: string | undefined,
  sharedKey: string,
  name = NAMES.connection,
): Promise<void> {
  await clients.network.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(
    site.group,
    name,
    {
      location: site.location,
      connectionType: 'IPsec',
      connectionProtocol: 'IKEv2',
      virtualNetworkGateway1: { id: gatewayId },
      localNetworkGateway2: { id: localGatewayId },
      sharedKey,
      ipsecPolicies: [STACK_DEFAULT_POLICY],
    },
    POLL,
  );
}
