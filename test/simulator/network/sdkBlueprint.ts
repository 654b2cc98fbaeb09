// The hybrid-connection blueprint driven through the real SDK clients: one site per cloud and the tunnel between
// them, every write with beginCreateOrUpdateAndWait. Test-only.
import type { SdkWorld } from './sdkWorld';
import { POLL } from './sdkWorld';

export const STACK_POLICY = {
  saLifeTimeSeconds: 27000,
  saDataSizeKilobytes: 102400000,
  ipsecEncryption: 'GCMAES256',
  ipsecIntegrity: 'GCMAES256',
  ikeEncryption: 'AES256',
  ikeIntegrity: 'SHA384',
  dhGroup: 'ECP384',
  pfsGroup: 'ECP384',
};

export const AZURE = {
  group: 'rg-hc-azure',
  location: 'westeurope',
  space: '10.1.0.0/16',
  workload: '10.1.1.0/24',
  gatewaySubnet: '10.1.255.0/27',
};
export const STACK = {
  group: 'rg-hc-stack',
  location: 'local',
  space: '10.2.0.0/16',
  workload: '10.2.1.0/24',
  gatewaySubnet: '10.2.255.0/28',
};
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
      imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
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

export async function buildAzureSite(world: SdkWorld): Promise<SiteResult> {
  const { network, compute, resources } = world.azure;
  const g = AZURE.group;
  await resources.resourceGroups.createOrUpdate(g, { location: AZURE.location });
  const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
    g,
    NAMES.vnet,
    {
      location: AZURE.location,
      addressSpace: { addressPrefixes: [AZURE.space] },
      subnets: [
        { name: 'workload', addressPrefix: AZURE.workload },
        { name: 'GatewaySubnet', addressPrefix: AZURE.gatewaySubnet },
      ],
    },
    POLL,
  );
  const subnet = (name: string): string => vnet.subnets?.find((s) => s.name === name)?.id ?? '';
  const gatewaySide = async (): Promise<{ gatewayIp: string; gatewayId: string }> => {
    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      g,
      NAMES.pip,
      { location: AZURE.location, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
      POLL,
    );
    const gateway = await network.virtualNetworkGateways.beginCreateOrUpdateAndWait(
      g,
      NAMES.gateway,
      {
        location: AZURE.location,
        gatewayType: 'Vpn',
        vpnType: 'RouteBased',
        sku: { name: 'VpnGw1', tier: 'VpnGw1' },
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
      { location: AZURE.location, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnet('workload') } }] },
      POLL,
    );
    await compute.virtualMachines.beginCreateOrUpdateAndWait(
      g,
      NAMES.vm,
      vmParameters(AZURE.location, nic.id ?? '', 'vm-azure'),
      POLL,
    );
    return nic.ipConfigurations?.[0]?.privateIPAddress ?? '';
  };
  const [gatewaySideResult, vmIp] = await Promise.all([gatewaySide(), vmSide()]);
  return { ...gatewaySideResult, vmIp };
}

export async function buildStackSite(world: SdkWorld): Promise<SiteResult> {
  const { network, compute, resources } = world.stack;
  const g = STACK.group;
  await resources.resourceGroups.createOrUpdate(g, { location: STACK.location });
  const vnet = await network.virtualNetworks.beginCreateOrUpdateAndWait(
    g,
    NAMES.vnet,
    {
      location: STACK.location,
      addressSpace: { addressPrefixes: [STACK.space] },
      subnets: [
        { name: 'workload', addressPrefix: STACK.workload },
        { name: 'GatewaySubnet', addressPrefix: STACK.gatewaySubnet },
      ],
    },
    POLL,
  );
  const subnet = (name: string): string => vnet.subnets?.find((s) => s.name === name)?.id ?? '';
  const gatewaySide = async (): Promise<{ gatewayIp: string; gatewayId: string }> => {
    const pip = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      g,
      NAMES.pip,
      { location: STACK.location, sku: { name: 'Basic' }, publicIPAllocationMethod: 'Dynamic' },
      POLL,
    );
    const gateway = await network.virtualNetworkGateways.beginCreateOrUpdateAndWait(
      g,
      NAMES.gateway,
      {
        location: STACK.location,
        gatewayType: 'Vpn',
        vpnType: 'RouteBased',
        sku: { name: 'Standard', tier: 'Standard' },
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
      { location: STACK.location, ipConfigurations: [{ name: 'ipconfig1', subnet: { id: subnet('workload') } }] },
      POLL,
    );
    await compute.virtualMachines.beginCreateOrUpdateAndWait(
      g,
      NAMES.vm,
      vmParameters(STACK.location, nic.id ?? '', 'vm-stack'),
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
    world.azure.network.localNetworkGateways.beginCreateOrUpdateAndWait(
      AZURE.group,
      NAMES.lgw,
      {
        location: AZURE.location,
        gatewayIpAddress: stack.gatewayIp,
        localNetworkAddressSpace: { addressPrefixes: [STACK.space] },
      },
      POLL,
    ),
    world.stack.network.localNetworkGateways.beginCreateOrUpdateAndWait(
      STACK.group,
      NAMES.lgw,
      {
        location: STACK.location,
        gatewayIpAddress: azure.gatewayIp,
        localNetworkAddressSpace: { addressPrefixes: [AZURE.space] },
      },
      POLL,
    ),
  ]);
  await Promise.all([
    world.azure.network.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(
      AZURE.group,
      NAMES.connection,
      {
        location: AZURE.location,
        connectionType: 'IPsec',
        connectionProtocol: 'IKEv2',
        virtualNetworkGateway1: { id: azure.gatewayId },
        localNetworkGateway2: { id: azureLgw.id },
        sharedKey: keys.azure,
        ipsecPolicies: [STACK_POLICY],
      },
      POLL,
    ),
    world.stack.network.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(
      STACK.group,
      NAMES.connection,
      {
        location: STACK.location,
        connectionType: 'IPsec',
        connectionProtocol: 'IKEv2',
        virtualNetworkGateway1: { id: stack.gatewayId },
        localNetworkGateway2: { id: stackLgw.id },
        sharedKey: keys.stack,
        ipsecPolicies: [STACK_POLICY],
      },
      POLL,
    ),
  ]);
}
