// The hybrid-connection blueprint as request bodies for the unit-test harness: one site per cloud (VNet with a
// workload subnet and GatewaySubnet, public IP, gateway, NIC, VM) and the tunnel between them.
import type { CloudName } from '../../../simulator/arm/resourceType';
import { networkId, vmId, type MiniArm } from './harness';

export interface Site {
  cloud: CloudName;
  group: string;
  location: string;
  addressSpace: string;
  workload: string;
  gatewaySubnet: string;
  gatewaySku: string;
  pipSku: 'Basic' | 'Standard';
}

export const AZURE_SITE: Site = {
  cloud: 'azure',
  group: 'hc-azure',
  location: 'westeurope',
  addressSpace: '10.1.0.0/16',
  workload: '10.1.1.0/24',
  gatewaySubnet: '10.1.255.0/27',
  gatewaySku: 'VpnGw1AZ',
  pipSku: 'Standard',
};

export const STACK_SITE: Site = {
  cloud: 'azureStack',
  group: 'hc-stack',
  location: 'local',
  addressSpace: '10.2.0.0/16',
  workload: '10.2.1.0/24',
  gatewaySubnet: '10.2.255.0/28',
  gatewaySku: 'Standard',
  pipSku: 'Basic',
};

/**
 * Azure Stack Hub's default offer written out, as both sides carry it in the product
 * (https://learn.microsoft.com/azure-stack/user/azure-stack-vpn-s2s). The one
 * copy for the simulator's tests: they do not import lib/'s constant, as the simulator does not depend on lib/.
 */
export const STACK_DEFAULT_POLICY = {
  saLifeTimeSeconds: 27000,
  saDataSizeKilobytes: 102400000,
  ipsecEncryption: 'GCMAES256',
  ipsecIntegrity: 'GCMAES256',
  ikeEncryption: 'AES256',
  ikeIntegrity: 'SHA384',
  dhGroup: 'ECP384',
  pfsGroup: 'ECP384',
};

export const ids = (site: Site) => ({
  vnet: networkId(site.group, 'virtualNetworks', 'vnet'),
  workload: `${networkId(site.group, 'virtualNetworks', 'vnet')}/subnets/workload`,
  gatewaySubnet: `${networkId(site.group, 'virtualNetworks', 'vnet')}/subnets/GatewaySubnet`,
  pip: networkId(site.group, 'publicIPAddresses', 'pip-gw'),
  gateway: networkId(site.group, 'virtualNetworkGateways', 'vgw'),
  lgw: networkId(site.group, 'localNetworkGateways', 'lgw-to-peer'),
  connection: networkId(site.group, 'connections', 'cn-to-peer'),
  nic: networkId(site.group, 'networkInterfaces', 'nic-vm'),
  vm: vmId(site.group, 'vm'),
});

export function vnetBody(site: Site): unknown {
  return {
    location: site.location,
    properties: {
      addressSpace: { addressPrefixes: [site.addressSpace] },
      subnets: [
        { name: 'workload', properties: { addressPrefix: site.workload } },
        { name: 'GatewaySubnet', properties: { addressPrefix: site.gatewaySubnet } },
      ],
    },
  };
}

export function pipBody(site: Site): unknown {
  return {
    location: site.location,
    sku: { name: site.pipSku },
    // A Standard address is zone-redundant: an AZ gateway needs zones (VmssVpnGatewayPublicIpsMustHaveZonesConfigured).
    ...(site.pipSku === 'Standard' ? { zones: ['1', '2', '3'] } : {}),
    properties: { publicIPAllocationMethod: site.pipSku === 'Standard' ? 'Static' : 'Dynamic' },
  };
}

export function gatewayBody(site: Site, sku = site.gatewaySku): unknown {
  const id = ids(site);
  return {
    location: site.location,
    properties: {
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      sku: { name: sku, tier: sku },
      ipConfigurations: [
        {
          name: 'default',
          properties: {
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: id.gatewaySubnet },
            publicIPAddress: { id: id.pip },
          },
        },
      ],
    },
  };
}

export function lgwBody(site: Site, gatewayIp: string, prefixes: string[]): unknown {
  return {
    location: site.location,
    properties: { gatewayIpAddress: gatewayIp, localNetworkAddressSpace: { addressPrefixes: prefixes } },
  };
}

export function connectionBody(
  site: Site,
  sharedKey: string,
  ipsecPolicies: unknown[] = [STACK_DEFAULT_POLICY],
): unknown {
  const id = ids(site);
  return {
    location: site.location,
    properties: {
      connectionType: 'IPsec',
      connectionProtocol: 'IKEv2',
      virtualNetworkGateway1: { id: id.gateway },
      localNetworkGateway2: { id: id.lgw },
      sharedKey,
      ipsecPolicies,
    },
  };
}

export function nicBody(site: Site): unknown {
  return {
    location: site.location,
    properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: ids(site).workload } } }] },
  };
}

export function vmBody(site: Site): unknown {
  return {
    location: site.location,
    properties: {
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
        computerName: `vm-${site.cloud}`,
        adminUsername: 'azureuser',
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-rsa AAAA' }] },
        },
      },
      networkProfile: { networkInterfaces: [{ id: ids(site).nic }] },
    },
  };
}

/** Builds one site up to a running VM and a provisioned gateway. */
export function buildSite(arm: MiniArm, site: Site): void {
  const id = ids(site);
  arm.create(site.cloud, id.vnet, vnetBody(site));
  arm.create(site.cloud, id.pip, pipBody(site));
  const gateway = arm.put(site.cloud, id.gateway, gatewayBody(site));
  arm.create(site.cloud, id.nic, nicBody(site));
  arm.create(site.cloud, id.vm, vmBody(site));
  arm.settle(gateway.operation);
}

export function gatewayIp(arm: MiniArm, site: Site): string {
  const pip = arm.get(site.cloud, ids(site).pip);
  const ip = pip.properties?.ipAddress;
  if (typeof ip !== 'string') throw new Error(`no public IP yet for ${site.cloud}`);
  return ip;
}

/** Both sites, both LGWs and both connections (same key unless told otherwise). */
/** The local network gateway in `site` that stands for `peer`: the peer gateway's public IP and the peer VNet. */
export function createLocalGatewayTo(arm: MiniArm, site: Site, peer: Site): void {
  arm.create(site.cloud, ids(site).lgw, lgwBody(site, gatewayIp(arm, peer), [peer.addressSpace]));
}

export function buildTunnel(
  arm: MiniArm,
  keys: { azure: string; azureStack: string } = { azure: 'k3y!', azureStack: 'k3y!' },
): void {
  buildSite(arm, AZURE_SITE);
  buildSite(arm, STACK_SITE);
  createLocalGatewayTo(arm, AZURE_SITE, STACK_SITE);
  createLocalGatewayTo(arm, STACK_SITE, AZURE_SITE);
  const a = arm.put('azure', ids(AZURE_SITE).connection, connectionBody(AZURE_SITE, keys.azure));
  const b = arm.put('azureStack', ids(STACK_SITE).connection, connectionBody(STACK_SITE, keys.azureStack));
  arm.settle(a.operation);
  arm.settle(b.operation);
}

export function statusOf(arm: MiniArm, site: Site): unknown {
  return arm.get(site.cloud, ids(site).connection).properties?.connectionStatus;
}
