import { AZURE_SITE, STACK_SITE, buildSite, ids, nicBody, vnetBody } from './blueprint';
import { MiniArm, expectArmError, networkId } from './harness';

const vnet = networkId('rg', 'virtualNetworks', 'vnet1');
const body = (prefixes: string[], subnets: { name: string; prefix: string }[]) => ({
  location: 'westeurope',
  properties: {
    addressSpace: { addressPrefixes: prefixes },
    subnets: subnets.map((s) => ({ name: s.name, properties: { addressPrefix: s.prefix } })),
  },
});

describe('virtual networks and subnets', () => {
  let arm: MiniArm;
  beforeEach(() => (arm = new MiniArm()));
  afterEach(() => arm.dispose());

  it('answers a create with Updating, then Succeeded, with inline subnets and child subnets kept consistent', () => {
    const answer = arm.put('azure', vnet, body(['10.0.0.0/16'], [{ name: 'a', prefix: '10.0.1.0/24' }]));
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      name: 'vnet1',
      type: 'Microsoft.Network/virtualNetworks',
      location: 'westeurope',
      properties: { provisioningState: 'Updating' },
    });
    expect((answer.body as { etag: string }).etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    arm.settle(answer.operation);
    const read = arm.get('azure', vnet);
    expect(read.properties?.provisioningState).toBe('Succeeded');
    expect(read.properties?.subnets).toEqual([
      expect.objectContaining({
        name: 'a',
        id: `${vnet}/subnets/a`,
        properties: expect.objectContaining({
          addressPrefix: '10.0.1.0/24',
          provisioningState: 'Succeeded',
        }) as unknown,
      }),
    ]);
    arm.create('azure', `${vnet}/subnets/b`, { properties: { addressPrefix: '10.0.2.0/24' } });
    expect((arm.get('azure', vnet).properties?.subnets as { name: string }[]).map((s) => s.name)).toEqual(['a', 'b']);
    expect(arm.stores.azure.get(vnet)?.properties?.subnets).toHaveLength(2);
    arm.remove('azure', `${vnet}/subnets/a`);
    expect((arm.get('azure', vnet).properties?.subnets as { name: string }[]).map((s) => s.name)).toEqual(['b']);
    expect(arm.stores.azure.get(vnet)?.properties?.subnets).toHaveLength(1);
  });

  it('refuses a subnet outside the address space with NetcfgSubnetRangeOutsideVnet', () => {
    const error = expectArmError(
      () => arm.put('azure', vnet, body(['10.0.0.0/16'], [{ name: 'far', prefix: '10.9.0.0/24' }])),
      400,
      'NetcfgSubnetRangeOutsideVnet',
    );
    expect(error.message).toBe(
      "Subnet 'far' is not valid because its IP address range is outside the IP address range of virtual network 'vnet1'.",
    );
  });

  it('refuses overlapping subnets, inline and as child resources', () => {
    expectArmError(
      () =>
        arm.put(
          'azure',
          vnet,
          body(
            ['10.0.0.0/16'],
            [
              { name: 'a', prefix: '10.0.0.0/24' },
              { name: 'b', prefix: '10.0.0.128/25' },
            ],
          ),
        ),
      400,
      'NetcfgSubnetRangesOverlap',
    );
    arm.create('azure', vnet, body(['10.0.0.0/16'], [{ name: 'a', prefix: '10.0.0.0/24' }]));
    const error = expectArmError(
      () => arm.put('azure', `${vnet}/subnets/b`, { properties: { addressPrefix: '10.0.0.0/25' } }),
      400,
      'NetcfgSubnetRangesOverlap',
    );
    expect(error.message).toContain("Subnet 'b'");
  });

  it('refuses a prefix with host bits set and says what it should be', () => {
    const error = expectArmError(() => arm.put('azure', vnet, body(['10.10.10.0/16'], [])), 400, 'InvalidCIDRNotation');
    expect(error.message).toContain('the address prefix should be 10.10.0.0/16');
  });

  it('refuses prefixes that are not prefixes at all', () => {
    for (const bad of ['10.0.0.0/33', 'banana', '10.0/16', '10.0.0.0']) {
      expectArmError(() => arm.put('azure', vnet, body([bad], [])), 400, 'NetcfgInvalidIPAddressPrefix');
    }
    expectArmError(() => arm.put('azure', vnet, body([], [])), 400, 'InvalidAddressSpace');
  });

  it('refuses subnets smaller than /29, GatewaySubnet included', () => {
    expectArmError(
      () => arm.put('azure', vnet, body(['10.0.0.0/16'], [{ name: 'GatewaySubnet', prefix: '10.0.255.0/30' }])),
      400,
      'NetcfgInvalidSubnet',
    );
    arm.create('azure', vnet, body(['10.0.0.0/16'], [{ name: 'GatewaySubnet', prefix: '10.0.255.0/29' }]));
  });

  it('refuses duplicate subnet names', () => {
    expectArmError(
      () =>
        arm.put(
          'azure',
          vnet,
          body(
            ['10.0.0.0/16'],
            [
              { name: 'a', prefix: '10.0.1.0/24' },
              { name: 'A', prefix: '10.0.2.0/24' },
            ],
          ),
        ),
      400,
      'DuplicateResourceName',
    );
  });

  it('answers 404 ResourceNotFound for a subnet under a missing VNet', () => {
    const error = expectArmError(
      () => arm.put('azure', `${vnet}/subnets/a`, { properties: { addressPrefix: '10.0.1.0/24' } }),
      404,
      'ResourceNotFound',
    );
    expect(error.message).toContain(
      "The Resource 'Microsoft.Network/virtualNetworks/vnet1' under resource group 'rg' was not found.",
    );
  });

  it('answers AnotherOperationInProgress for a subnet write while its VNet is updating', () => {
    arm.create('azure', vnet, body(['10.0.0.0/16'], [{ name: 'a', prefix: '10.0.1.0/24' }]));
    arm.put('azure', vnet, body(['10.0.0.0/16', '10.5.0.0/16'], [{ name: 'a', prefix: '10.0.1.0/24' }]));
    const error = expectArmError(
      () => arm.put('azure', `${vnet}/subnets/b`, { properties: { addressPrefix: '10.0.2.0/24' } }),
      409,
      'AnotherOperationInProgress',
    );
    expect(error.message).toMatch(
      /^Another operation on this or dependent resource is in progress\. To retrieve status of the operation use uri: https:\/\//,
    );
  });

  it('answers AnotherOperationInProgress for a VNet re-PUT while its gateway is provisioning', () => {
    buildSite(arm, STACK_SITE);
    arm.put('azureStack', ids(STACK_SITE).gateway, {
      location: 'local',
      properties: {
        ...(arm.stores.azureStack.get(ids(STACK_SITE).gateway)?.properties ?? {}),
        sku: { name: 'HighPerformance' },
      },
    });
    expectArmError(
      () => arm.put('azureStack', ids(STACK_SITE).vnet, vnetBody(STACK_SITE)),
      409,
      'AnotherOperationInProgress',
    );
  });

  it('renders subnets and NIC ipConfigurations without `type` under 2018-11-01, with it under 2026-01-01', () => {
    buildSite(arm, STACK_SITE);
    buildSite(arm, AZURE_SITE);
    expect(arm.get('azureStack', ids(STACK_SITE).workload)).not.toHaveProperty('type');
    expect(arm.get('azure', ids(AZURE_SITE).workload)).toHaveProperty(
      'type',
      'Microsoft.Network/virtualNetworks/subnets',
    );
    const stackConfigs = arm.get('azureStack', ids(STACK_SITE).nic).properties?.ipConfigurations as Record<
      string,
      unknown
    >[];
    expect(stackConfigs[0]).not.toHaveProperty('type');
    const azureConfigs = arm.get('azure', ids(AZURE_SITE).nic).properties?.ipConfigurations as Record<
      string,
      unknown
    >[];
    expect(azureConfigs[0]).toHaveProperty('type', 'Microsoft.Network/networkInterfaces/ipConfigurations');
  });

  describe('in use', () => {
    beforeEach(() => buildSite(arm, AZURE_SITE));

    it('shows NIC and gateway ipConfigurations as subnet back-references', () => {
      const read = arm.get('azure', ids(AZURE_SITE).vnet);
      const subnets = read.properties?.subnets as {
        name: string;
        properties: { ipConfigurations?: { id: string }[] };
      }[];
      expect(subnets.find((s) => s.name === 'workload')?.properties.ipConfigurations).toEqual([
        { id: `${ids(AZURE_SITE).nic}/ipConfigurations/ipconfig1` },
      ]);
      expect(subnets.find((s) => s.name === 'GatewaySubnet')?.properties.ipConfigurations).toEqual([
        { id: `${ids(AZURE_SITE).gateway}/ipConfigurations/default` },
      ]);
      expect(arm.get('azure', ids(AZURE_SITE).gatewaySubnet).properties?.ipConfigurations).toHaveLength(1);
    });

    it('refuses to delete a VNet whose subnets are in use', () => {
      const error = expectArmError(() => arm.delete('azure', ids(AZURE_SITE).vnet), 400, 'InUseSubnetCannotBeDeleted');
      expect(error.message).toContain('is in use by');
    });

    it('refuses a re-PUT that drops an in-use subnet (InUseSubnetCannotBeDeleted) or changes it (InUseSubnetCannotBeUpdated)', () => {
      const withoutGatewaySubnet = {
        location: 'westeurope',
        properties: {
          addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
          subnets: [{ name: 'workload', properties: { addressPrefix: '10.1.1.0/24' } }],
        },
      };
      expectArmError(
        () => arm.put('azure', ids(AZURE_SITE).vnet, withoutGatewaySubnet),
        400,
        'InUseSubnetCannotBeDeleted',
      );
      const moved = vnetBody({ ...AZURE_SITE, workload: '10.1.2.0/24' });
      expectArmError(() => arm.put('azure', ids(AZURE_SITE).vnet, moved), 400, 'InUseSubnetCannotBeUpdated');
      // The same body again is fine (idempotent re-PUT).
      arm.create('azure', ids(AZURE_SITE).vnet, vnetBody(AZURE_SITE));
    });

    it('refuses to delete or change an in-use subnet through the child resource', () => {
      expectArmError(() => arm.delete('azure', ids(AZURE_SITE).workload), 400, 'InUseSubnetCannotBeDeleted');
      expectArmError(
        () => arm.put('azure', ids(AZURE_SITE).workload, { properties: { addressPrefix: '10.1.1.0/25' } }),
        400,
        'InUseSubnetCannotBeUpdated',
      );
    });

    it('allocates NIC addresses from .4 upwards and refuses NICs in GatewaySubnet', () => {
      expect(arm.get('azure', ids(AZURE_SITE).nic).properties?.ipConfigurations).toEqual([
        expect.objectContaining({
          properties: expect.objectContaining({
            privateIPAddress: '10.1.1.4',
            privateIPAllocationMethod: 'Dynamic',
          }) as unknown,
        }),
      ]);
      const second = arm.create('azure', networkId(AZURE_SITE.group, 'networkInterfaces', 'nic2'), nicBody(AZURE_SITE));
      expect(JSON.stringify(second)).toContain('10.1.1.5');
      const error = expectArmError(
        () =>
          arm.put('azure', networkId(AZURE_SITE.group, 'networkInterfaces', 'nic3'), {
            location: 'westeurope',
            properties: {
              ipConfigurations: [{ name: 'c', properties: { subnet: { id: ids(AZURE_SITE).gatewaySubnet } } }],
            },
          }),
        400,
        'GatewaySubnet',
      );
      expect(error.message).toBe("Subnet with name 'GatewaySubnet' can be used only for the Gateway resource.");
    });
  });
});
