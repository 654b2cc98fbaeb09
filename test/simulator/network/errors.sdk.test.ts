import { STACK_DEFAULT_POLICY } from './blueprint';
import { POLL, rejection, startSdkWorld, type SdkWorld } from './sdkWorld';

jest.setTimeout(60_000);

const MIN = 60_000;
const A = { group: 'rg-errors', location: 'westeurope' };
const S = { group: 'rg-errors', location: 'local' };

describe('validation errors through the real SDKs', () => {
  let world: SdkWorld;
  let azureSubnets: Record<string, string>;
  let stackSubnets: Record<string, string>;

  beforeAll(async () => {
    // Long VNet updates keep a window open for the AnotherOperationInProgress cases.
    world = await startSdkWorld({
      seed: 'errors',
      latency: {
        azure: {
          'Microsoft.Network/virtualNetworks:update': 60 * MIN,
          'Microsoft.Network/virtualNetworkGateways:create': 60 * MIN,
        },
      },
    });
    await world.azure.resources.resourceGroups.createOrUpdate(A.group, { location: A.location });
    await world.stack.resources.resourceGroups.createOrUpdate(S.group, { location: S.location });
    const subnets = [
      { name: 'workload', addressPrefix: '10.0.1.0/24' },
      { name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27' },
    ];
    const [azureVnet, stackVnet] = await Promise.all([
      world.azure.network.virtualNetworks.beginCreateOrUpdateAndWait(
        A.group,
        'vnet',
        { location: A.location, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets },
        POLL,
      ),
      world.stack.network.virtualNetworks.beginCreateOrUpdateAndWait(
        S.group,
        'vnet',
        { location: S.location, addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets },
        POLL,
      ),
    ]);
    azureSubnets = Object.fromEntries((azureVnet.subnets ?? []).map((s) => [s.name ?? '', s.id ?? '']));
    stackSubnets = Object.fromEntries((stackVnet.subnets ?? []).map((s) => [s.name ?? '', s.id ?? '']));
    await Promise.all([
      world.azure.network.publicIPAddresses.beginCreateOrUpdateAndWait(
        A.group,
        'pip-standard',
        { location: A.location, sku: { name: 'Standard' }, zones: ['1', '2', '3'], publicIPAllocationMethod: 'Static' },
        POLL,
      ),
      world.azure.network.publicIPAddresses.beginCreateOrUpdateAndWait(
        A.group,
        'pip-basic',
        { location: A.location, sku: { name: 'Basic' }, publicIPAllocationMethod: 'Dynamic' },
        POLL,
      ),
      world.stack.network.publicIPAddresses.beginCreateOrUpdateAndWait(
        S.group,
        'pip',
        { location: S.location, publicIPAllocationMethod: 'Dynamic' },
        POLL,
      ),
    ]);
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  const azureVnet = (prefixes: string[], subnets: { name: string; addressPrefix: string }[]) =>
    world.azure.network.virtualNetworks.beginCreateOrUpdateAndWait(
      A.group,
      'vnet-x',
      { location: A.location, addressSpace: { addressPrefixes: prefixes }, subnets },
      POLL,
    );

  const gateway = (pip: string, subnetId: string, sku: string, extra: Record<string, unknown> = {}) => ({
    location: A.location,
    gatewayType: 'Vpn',
    vpnType: 'RouteBased',
    sku: { name: sku, tier: sku },
    ipConfigurations: [{ name: 'default', subnet: { id: subnetId }, publicIPAddress: { id: pip } }],
    ...extra,
  });
  const networkId = (cloud: 'azure' | 'azureStack', type: string, name: string) =>
    `/subscriptions/${world.sim[cloud].subscriptionId}/resourceGroups/rg-errors/providers/Microsoft.Network/${type}/${name}`;
  const pipId = (cloud: 'azure' | 'azureStack', name: string) => networkId(cloud, 'publicIPAddresses', name);
  const azureNetworkId = (type: string, name: string) => networkId('azure', type, name);

  describe('Azure (arm-network 39)', () => {
    const vnetCases: {
      what: string;
      prefixes: string[];
      subnets: { name: string; addressPrefix: string }[];
      code: string;
    }[] = [
      {
        what: 'a subnet outside the VNet',
        prefixes: ['10.0.0.0/16'],
        subnets: [{ name: 's', addressPrefix: '10.9.0.0/24' }],
        code: 'NetcfgSubnetRangeOutsideVnet',
      },
      {
        what: 'overlapping subnets',
        prefixes: ['10.0.0.0/16'],
        subnets: [
          { name: 'a', addressPrefix: '10.0.0.0/24' },
          { name: 'b', addressPrefix: '10.0.0.0/25' },
        ],
        code: 'NetcfgSubnetRangesOverlap',
      },
      { what: 'a prefix with host bits set', prefixes: ['10.10.10.0/16'], subnets: [], code: 'InvalidCIDRNotation' },
      { what: 'a malformed prefix', prefixes: ['10.0.0.0/40'], subnets: [], code: 'NetcfgInvalidIPAddressPrefix' },
      {
        what: 'a GatewaySubnet smaller than /29',
        prefixes: ['10.0.0.0/16'],
        subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.0.0.0/30' }],
        code: 'NetcfgInvalidSubnet',
      },
    ];
    it.each(vnetCases)('refuses $what with a RestError 400 $code', async ({ prefixes, subnets, code }) => {
      const error = await rejection(azureVnet(prefixes, subnets));
      expect(error).toMatchObject({ name: 'RestError', statusCode: 400, code });
    });

    it('says what a prefix with host bits set should be', async () => {
      const error = await rejection(azureVnet(['10.10.10.0/16'], []));
      expect(error.message).toContain('the address prefix should be 10.10.0.0/16');
    });

    it('answers 404 ResourceNotFound for a subnet of a VNet that does not exist', async () => {
      const error = await rejection(
        world.azure.network.subnets.beginCreateOrUpdateAndWait(
          A.group,
          'no-vnet',
          'sub',
          { addressPrefix: '10.0.0.0/24' },
          POLL,
        ),
      );
      expect(error).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    });

    it('refuses a gateway outside GatewaySubnet, on a missing public IP, or on a Basic public IP', async () => {
      const net = world.azure.network.virtualNetworkGateways;
      await expect(
        net.beginCreateOrUpdateAndWait(
          A.group,
          'vgw',
          gateway(pipId('azure', 'pip-standard'), azureSubnets.workload, 'VpnGw1AZ'),
          POLL,
        ),
      ).rejects.toMatchObject({ statusCode: 400, code: 'GatewaySubnet' });
      await expect(
        net.beginCreateOrUpdateAndWait(
          A.group,
          'vgw',
          gateway(pipId('azure', 'missing'), azureSubnets.GatewaySubnet, 'VpnGw1AZ'),
          POLL,
        ),
      ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidResourceReference' });
      await expect(
        net.beginCreateOrUpdateAndWait(
          A.group,
          'vgw',
          gateway(pipId('azure', 'pip-basic'), azureSubnets.GatewaySubnet, 'VpnGw1AZ'),
          POLL,
        ),
      ).rejects.toMatchObject({ statusCode: 400, code: 'PublicIpWithBasicSkuNotAllowedOnVPNGateways' });
    });

    it('ends a new HighPerformance gateway Failed: the LRO rejects with a plain Error naming InvalidGatewaySize', async () => {
      const error = await rejection(
        world.azure.network.virtualNetworkGateways.beginCreateOrUpdateAndWait(
          A.group,
          'vgw-legacy',
          gateway(pipId('azure', 'pip-standard'), azureSubnets.GatewaySubnet, 'HighPerformance'),
          POLL,
        ),
      );
      expect(error.message).toMatch(
        /^The long-running operation has failed\. InvalidGatewaySize\. New creations for Standard or HighPerformance sku is not supported/,
      );
      expect((await world.azure.network.virtualNetworkGateways.get(A.group, 'vgw-legacy')).provisioningState).toBe(
        'Failed',
      );
      await world.azure.network.virtualNetworkGateways.beginDeleteAndWait(A.group, 'vgw-legacy', POLL);
    });

    it('answers 409 AnotherOperationInProgress for a subnet write or a connection while the VNet or gateway is busy', async () => {
      const net = world.azure.network;
      const update = await net.virtualNetworks.beginCreateOrUpdate(A.group, 'vnet', {
        location: A.location,
        addressSpace: { addressPrefixes: ['10.0.0.0/16', '10.50.0.0/16'] },
        subnets: [
          { name: 'workload', addressPrefix: '10.0.1.0/24' },
          { name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27' },
        ],
      });
      const error = await rejection(
        net.subnets.beginCreateOrUpdateAndWait(A.group, 'vnet', 'extra', { addressPrefix: '10.0.2.0/24' }, POLL),
      );
      expect(error).toMatchObject({ statusCode: 409, code: 'AnotherOperationInProgress' });
      expect(error.message).toContain('To retrieve status of the operation use uri: https://127.0.0.1:');
      // Fast-forward the VNet update, then start a gateway and try a connection on it.
      world.sim.inspect.advanceClock(61 * MIN);
      await update.pollUntilDone();
      const gatewayPoller = await net.virtualNetworkGateways.beginCreateOrUpdate(
        A.group,
        'vgw',
        gateway(pipId('azure', 'pip-standard'), azureSubnets.GatewaySubnet, 'VpnGw1AZ'),
      );
      await net.localNetworkGateways.beginCreateOrUpdateAndWait(
        A.group,
        'lgw',
        {
          location: A.location,
          gatewayIpAddress: '203.0.113.200',
          localNetworkAddressSpace: { addressPrefixes: ['10.2.0.0/16'] },
        },
        POLL,
      );
      const busy = await rejection(
        net.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(
          A.group,
          'cn',
          {
            location: A.location,
            connectionType: 'IPsec',
            virtualNetworkGateway1: { id: azureNetworkId('virtualNetworkGateways', 'vgw') },
            localNetworkGateway2: { id: azureNetworkId('localNetworkGateways', 'lgw') },
            sharedKey: 'k',
          },
          POLL,
        ),
      );
      expect(busy).toMatchObject({ statusCode: 409, code: 'AnotherOperationInProgress' });
      world.sim.inspect.advanceClock(61 * MIN);
      await gatewayPoller.pollUntilDone();
    });

    it('refuses a VNet re-PUT that would change an in-use subnet', async () => {
      const net = world.azure.network;
      await net.networkInterfaces.beginCreateOrUpdateAndWait(
        A.group,
        'nic',
        { location: A.location, ipConfigurations: [{ name: 'c', subnet: { id: azureSubnets.workload } }] },
        POLL,
      );
      const error = await rejection(
        net.virtualNetworks.beginCreateOrUpdateAndWait(
          A.group,
          'vnet',
          {
            location: A.location,
            addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
            subnets: [
              { name: 'workload', addressPrefix: '10.0.1.0/25' },
              { name: 'GatewaySubnet', addressPrefix: '10.0.255.0/27' },
            ],
          },
          POLL,
        ),
      );
      expect(error).toMatchObject({ statusCode: 400, code: 'InUseSubnetCannotBeUpdated' });
    });
  });

  describe('Azure Stack Hub (2020-09-01-hybrid profile)', () => {
    const stackGateway = (sku: string, extra: Record<string, unknown> = {}) => ({
      ...gateway(pipId('azureStack', 'pip'), stackSubnets.GatewaySubnet, sku, extra),
      location: S.location,
    });

    it('refuses Standard public IPs', async () => {
      const error = await rejection(
        world.stack.network.publicIPAddresses.beginCreateOrUpdateAndWait(
          S.group,
          'pip2',
          { location: S.location, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
          POLL,
        ),
      );
      expect(error).toMatchObject({ name: 'RestError', statusCode: 400, code: 'PublicIPAddressSkuNotSupported' });
    });

    it('refuses PolicyBased gateways and ends a VpnGw4 gateway Failed with InvalidGatewaySize', async () => {
      await expect(
        world.stack.network.virtualNetworkGateways.beginCreateOrUpdateAndWait(
          S.group,
          'vgw',
          stackGateway('Basic', { vpnType: 'PolicyBased' }),
          POLL,
        ),
      ).rejects.toMatchObject({ statusCode: 400, code: 'FeatureNotSupportedOnAzureStack' });
      const error = await rejection(
        world.stack.network.virtualNetworkGateways.beginCreateOrUpdateAndWait(
          S.group,
          'vgw',
          stackGateway('VpnGw4'),
          POLL,
        ),
      );
      expect(error.message).toBe(
        'The long-running operation has failed. InvalidGatewaySize. The specified gateway size is not valid, supported gateway sizes are Basic,Standard,HighPerformance,VpnGw1,VpnGw2,VpnGw3.',
      );
      await world.stack.network.virtualNetworkGateways.beginDeleteAndWait(S.group, 'vgw', POLL);
    });

    it('refuses custom IPsec policies on a Basic gateway, values Stack Hub lacks, and a second LGW with the same IP', async () => {
      const net = world.stack.network;
      const basic = await net.virtualNetworkGateways.beginCreateOrUpdateAndWait(
        S.group,
        'vgw-basic',
        stackGateway('Basic'),
        POLL,
      );
      const lgw = await net.localNetworkGateways.beginCreateOrUpdateAndWait(
        S.group,
        'lgw',
        {
          location: S.location,
          gatewayIpAddress: '20.84.9.9',
          localNetworkAddressSpace: { addressPrefixes: ['10.1.0.0/16'] },
        },
        POLL,
      );
      await expect(
        net.localNetworkGateways.beginCreateOrUpdateAndWait(
          S.group,
          'lgw-2',
          {
            location: S.location,
            gatewayIpAddress: '20.84.9.9',
            localNetworkAddressSpace: { addressPrefixes: ['10.3.0.0/16'] },
          },
          POLL,
        ),
      ).rejects.toMatchObject({ statusCode: 400, code: 'LocalNetworkGatewayIpAddressInUse' });
      const policy = STACK_DEFAULT_POLICY;
      const connection = (ipsecPolicies: (typeof policy)[]) => ({
        location: S.location,
        connectionType: 'IPsec',
        virtualNetworkGateway1: { id: basic.id },
        localNetworkGateway2: { id: lgw.id },
        sharedKey: 'k',
        ipsecPolicies,
      });
      await expect(
        net.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(S.group, 'cn', connection([policy]), POLL),
      ).rejects.toMatchObject({ statusCode: 400, code: 'IpsecPolicyNotSupportedOnBasicSku' });
      await expect(
        net.virtualNetworkGatewayConnections.beginCreateOrUpdateAndWait(
          S.group,
          'cn',
          connection([{ ...policy, pfsGroup: 'PFS14' }]),
          POLL,
        ),
      ).rejects.toMatchObject({ statusCode: 400, code: 'InvalidIpsecPolicy' });
    });
  });
});
