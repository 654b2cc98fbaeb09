import { ArmError } from '../../../simulator/arm/resourceType';
import {
  AZURE_SITE,
  STACK_SITE,
  buildSite,
  gatewayBody,
  ids,
  lgwBody,
  pipBody,
  vnetBody,
  type Site,
} from './blueprint';
import { MiniArm, expectArmError, networkId } from './harness';

describe('public IPs and virtual network gateways', () => {
  let arm: MiniArm;
  beforeEach(() => (arm = new MiniArm()));
  afterEach(() => arm.dispose());

  function prepare(site: Site): void {
    arm.create(site.cloud, ids(site).vnet, vnetBody(site));
    arm.create(site.cloud, ids(site).pip, pipBody(site));
  }

  it('gives a Static public IP its address at creation and a Dynamic one only when its gateway is provisioned', () => {
    prepare(AZURE_SITE);
    const azureIp = arm.get('azure', ids(AZURE_SITE).pip).properties?.ipAddress as string;
    expect(azureIp).toMatch(/^20\.84\.\d+\.\d+$/);
    prepare(STACK_SITE);
    expect(arm.get('azureStack', ids(STACK_SITE).pip).properties).not.toHaveProperty('ipAddress');
    const gateway = arm.put('azureStack', ids(STACK_SITE).gateway, gatewayBody(STACK_SITE));
    arm.advance(60_000);
    expect(arm.get('azureStack', ids(STACK_SITE).pip).properties).not.toHaveProperty('ipAddress');
    arm.settle(gateway.operation);
    expect(arm.get('azureStack', ids(STACK_SITE).pip).properties?.ipAddress).toMatch(/^203\.0\.113\.\d+$/);
    expect(arm.get('azureStack', ids(STACK_SITE).pip).properties?.ipConfiguration).toEqual({
      id: `${ids(STACK_SITE).gateway}/ipConfigurations/default`,
    });
  });

  it('builds a gateway over the latency model: Updating for 40 virtual minutes, then Succeeded with BGP settings', () => {
    prepare(AZURE_SITE);
    const answer = arm.put('azure', ids(AZURE_SITE).gateway, gatewayBody(AZURE_SITE));
    expect(answer.status).toBe(201);
    arm.advance(39 * 60_000);
    expect(arm.get('azure', ids(AZURE_SITE).gateway).properties?.provisioningState).toBe('Updating');
    arm.advance(60_000);
    const gateway = arm.get('azure', ids(AZURE_SITE).gateway);
    expect(gateway.properties).toMatchObject({
      provisioningState: 'Succeeded',
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      sku: { name: 'VpnGw1AZ', tier: 'VpnGw1AZ' },
      vpnGatewayGeneration: 'Generation1',
      bgpSettings: { asn: 65515, bgpPeeringAddress: '10.1.255.30', peerWeight: 0 },
    });
    const pipAddress = arm.get('azure', ids(AZURE_SITE).pip).properties?.ipAddress;
    expect(
      (gateway.properties?.bgpSettings as { bgpPeeringAddresses: { tunnelIpAddresses: string[] }[] })
        .bgpPeeringAddresses[0].tunnelIpAddresses,
    ).toEqual([pipAddress]);
  });

  it('refuses a gateway outside GatewaySubnet', () => {
    prepare(AZURE_SITE);
    const body = gatewayBody(AZURE_SITE) as {
      properties: { ipConfigurations: { properties: { subnet: { id: string } } }[] };
    };
    body.properties.ipConfigurations[0].properties.subnet.id = ids(AZURE_SITE).workload;
    expectArmError(() => arm.put('azure', ids(AZURE_SITE).gateway, body), 400, 'GatewaySubnet');
  });

  it('answers InvalidResourceReference for a missing subnet or public IP', () => {
    prepare(AZURE_SITE);
    const body = gatewayBody(AZURE_SITE) as {
      properties: { ipConfigurations: { properties: { subnet: { id: string }; publicIPAddress: { id: string } } }[] };
    };
    body.properties.ipConfigurations[0].properties.publicIPAddress.id = networkId(
      AZURE_SITE.group,
      'publicIPAddresses',
      'nope',
    );
    const error = expectArmError(
      () => arm.put('azure', ids(AZURE_SITE).gateway, body),
      400,
      'InvalidResourceReference',
    );
    expect(error.message).toContain('publicIPAddresses/nope referenced by resource');
    body.properties.ipConfigurations[0].properties.subnet.id =
      networkId(AZURE_SITE.group, 'virtualNetworks', 'ghost') + '/subnets/GatewaySubnet';
    expectArmError(() => arm.put('azure', ids(AZURE_SITE).gateway, body), 400, 'InvalidResourceReference');
  });

  it('refuses a Basic public IP on a VpnGw gateway in Azure (PublicIpWithBasicSkuNotAllowedOnVPNGateways)', () => {
    prepare({ ...AZURE_SITE, pipSku: 'Basic' });
    expectArmError(
      () => arm.put('azure', ids(AZURE_SITE).gateway, gatewayBody(AZURE_SITE)),
      400,
      'PublicIpWithBasicSkuNotAllowedOnVPNGateways',
    );
  });

  function failedBuild(site: Site, sku: string): ArmError {
    const answer = arm.put(site.cloud, ids(site).gateway, gatewayBody(site, sku));
    expect(answer.status).toBe(201);
    try {
      arm.settle(answer.operation);
    } catch (error) {
      if (error instanceof ArmError) {
        expect(arm.get(site.cloud, ids(site).gateway).properties?.provisioningState).toBe('Failed');
        return error;
      }
      throw error;
    }
    throw new Error(`gateway ${sku} was built`);
  }

  it('ends a new Standard or HighPerformance gateway in Azure Failed (retired SKUs)', () => {
    prepare(AZURE_SITE);
    const error = failedBuild(AZURE_SITE, 'HighPerformance');
    expect(error.code).toBe('InvalidGatewaySize');
    expect(error.message).toContain('New creations for Standard or HighPerformance sku is not supported');
  });

  it('ends a gateway Failed on Azure Stack Hub unless its SKU is Basic, Standard, HighPerformance or VpnGw1-3', () => {
    prepare(STACK_SITE);
    const error = failedBuild(STACK_SITE, 'VpnGw4');
    expect(error.message).toBe(
      'The specified gateway size is not valid, supported gateway sizes are Basic,Standard,HighPerformance,VpnGw1,VpnGw2,VpnGw3.',
    );
    arm.remove('azureStack', ids(STACK_SITE).gateway);
    arm.create('azureStack', ids(STACK_SITE).gateway, gatewayBody(STACK_SITE, 'VpnGw3'));
  });

  it('refuses PolicyBased, ExpressRoute and active-active gateways on Azure Stack Hub', () => {
    prepare(STACK_SITE);
    for (const change of [{ vpnType: 'PolicyBased' }, { gatewayType: 'ExpressRoute' }, { activeActive: true }]) {
      const body = gatewayBody(STACK_SITE) as { properties: Record<string, unknown> };
      Object.assign(body.properties, change);
      expectArmError(
        () => arm.put('azureStack', ids(STACK_SITE).gateway, body),
        400,
        'FeatureNotSupportedOnAzureStack',
      );
    }
  });

  it('allows one VPN gateway per VNet', () => {
    buildSite(arm, STACK_SITE);
    const pip2 = networkId(STACK_SITE.group, 'publicIPAddresses', 'pip2');
    arm.create('azureStack', pip2, pipBody(STACK_SITE));
    const body = gatewayBody(STACK_SITE) as {
      properties: { ipConfigurations: { properties: { publicIPAddress: { id: string } } }[] };
    };
    body.properties.ipConfigurations[0].properties.publicIPAddress.id = pip2;
    expectArmError(
      () => arm.put('azureStack', networkId(STACK_SITE.group, 'virtualNetworkGateways', 'vgw2'), body),
      400,
      'VirtualNetworkAlreadyHasVpnGateway',
    );
  });

  it('refuses Standard public IPs on Azure Stack Hub and Dynamic Standard ones in Azure', () => {
    expectArmError(
      () => arm.put('azureStack', ids(STACK_SITE).pip, { location: 'local', sku: { name: 'Standard' } }),
      400,
      'PublicIPAddressSkuNotSupported',
    );
    expectArmError(
      () =>
        arm.put('azure', ids(AZURE_SITE).pip, {
          location: 'westeurope',
          sku: { name: 'Standard' },
          properties: { publicIPAllocationMethod: 'Dynamic' },
        }),
      400,
      'StandardSkuPublicIPAddressesMustBeStatic',
    );
  });

  it('refuses to delete a public IP in use, and a gateway with connections', () => {
    buildSite(arm, AZURE_SITE);
    const error = expectArmError(() => arm.delete('azure', ids(AZURE_SITE).pip), 400, 'PublicIPAddressCannotBeDeleted');
    expect(error.message).toContain(`${ids(AZURE_SITE).gateway}/ipConfigurations/default`);
    arm.create('azure', ids(AZURE_SITE).lgw, lgwBody(AZURE_SITE, '203.0.113.10', ['10.2.0.0/16']));
    arm.create('azure', ids(AZURE_SITE).connection, {
      location: 'westeurope',
      properties: {
        connectionType: 'IPsec',
        virtualNetworkGateway1: { id: ids(AZURE_SITE).gateway },
        localNetworkGateway2: { id: ids(AZURE_SITE).lgw },
        sharedKey: 'k',
      },
    });
    expectArmError(
      () => arm.delete('azure', ids(AZURE_SITE).gateway),
      400,
      'InUseVirtualNetworkGatewayCannotBeDeleted',
    );
    expectArmError(() => arm.delete('azure', ids(AZURE_SITE).lgw), 400, 'InUseLocalNetworkGatewayCannotBeDeleted');
    arm.remove('azure', ids(AZURE_SITE).connection);
    arm.remove('azure', ids(AZURE_SITE).lgw);
    arm.remove('azure', ids(AZURE_SITE).gateway);
    // A Static address stays with its public IP; the IP can go once the gateway has.
    expect(arm.get('azure', ids(AZURE_SITE).pip).properties?.ipAddress).toBeDefined();
    arm.remove('azure', ids(AZURE_SITE).pip);
  });

  it('takes back a Dynamic address when the gateway is deleted', () => {
    buildSite(arm, STACK_SITE);
    expect(arm.get('azureStack', ids(STACK_SITE).pip).properties?.ipAddress).toBeDefined();
    arm.remove('azureStack', ids(STACK_SITE).gateway);
    expect(arm.get('azureStack', ids(STACK_SITE).pip).properties).not.toHaveProperty('ipAddress');
  });

  it('hands out distinct public addresses from each cloud pool, reproducibly for a seed', () => {
    const addresses = (seed: number): string[] => {
      const local = new MiniArm(seed);
      try {
        const out: string[] = [];
        for (let i = 0; i < 5; i++) {
          const id = networkId('rg', 'publicIPAddresses', `p${i}`);
          local.create('azure', id, { location: 'westeurope', sku: { name: 'Standard' } });
          out.push(local.get('azure', id).properties?.ipAddress as string);
        }
        return out;
      } finally {
        local.dispose();
      }
    };
    const first = addresses(7);
    expect(new Set(first).size).toBe(5);
    expect(addresses(7)).toEqual(first);
    expect(addresses(8)).not.toEqual(first);
  });

  it('refuses a second local network gateway with the same IP on Azure Stack Hub, but not in Azure', () => {
    arm.create(
      'azureStack',
      networkId('s', 'localNetworkGateways', 'a'),
      lgwBody(STACK_SITE, '20.84.1.1', ['10.1.0.0/16']),
    );
    expectArmError(
      () =>
        arm.put(
          'azureStack',
          networkId('s', 'localNetworkGateways', 'b'),
          lgwBody(STACK_SITE, '20.84.1.1', ['10.3.0.0/16']),
        ),
      400,
      'LocalNetworkGatewayIpAddressInUse',
    );
    arm.create(
      'azure',
      networkId('a', 'localNetworkGateways', 'a'),
      lgwBody(AZURE_SITE, '203.0.113.1', ['10.2.0.0/16']),
    );
    arm.create(
      'azure',
      networkId('a', 'localNetworkGateways', 'b'),
      lgwBody(AZURE_SITE, '203.0.113.1', ['10.4.0.0/16']),
    );
  });

  it('validates local network gateway addresses and prefixes', () => {
    expectArmError(
      () =>
        arm.put('azure', networkId('a', 'localNetworkGateways', 'x'), lgwBody(AZURE_SITE, 'x.x.x.x', ['10.2.0.0/16'])),
      400,
      'InvalidGatewayIpAddress',
    );
    expectArmError(
      () =>
        arm.put('azure', networkId('a', 'localNetworkGateways', 'x'), lgwBody(AZURE_SITE, '1.2.3.4', ['10.2.0.1/16'])),
      400,
      'InvalidCIDRNotation',
    );
  });
});
