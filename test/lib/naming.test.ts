import {
  ARM_NAME_LIMITS,
  NAME_MAX_LENGTH,
  derivedNames,
  instanceIdFor,
  isManagedBy,
  resourceTags,
  siteResourceNames,
} from '../../lib/naming';

describe('naming', () => {
  it('derives every resource name of a site from the connection name, pointing each link at the peer', () => {
    expect(siteResourceNames('contoso', 'azure')).toEqual({
      virtualNetwork: 'vnet-contoso',
      workloadSubnet: 'snet-contoso-workload',
      gatewaySubnet: 'GatewaySubnet',
      gatewayPublicIp: 'pip-contoso-vgw',
      virtualNetworkGateway: 'vgw-contoso',
      localNetworkGateway: 'lgw-contoso-to-azurestack',
      connection: 'cn-contoso-to-azurestack',
      networkInterface: 'nic-contoso-vm',
      virtualMachine: 'vm-contoso',
      osDisk: 'osdisk-contoso-vm',
      computerName: 'vm-contoso',
    });
    expect(siteResourceNames('contoso', 'azureStack')).toMatchObject({
      localNetworkGateway: 'lgw-contoso-to-azure',
      connection: 'cn-contoso-to-azure',
    });
  });

  it('gives the same names for the same input, every time', () => {
    expect(siteResourceNames('fabrikam-01', 'azureStack')).toEqual(siteResourceNames('fabrikam-01', 'azureStack'));
    expect(instanceIdFor('fabrikam-01')).toBe('hc-fabrikam-01');
  });

  it('tags every resource with the tool and the instance, and the ticket when there is one', () => {
    expect(resourceTags('contoso')).toEqual({ 'managed-by': 'hybrid-connection', 'hc-instance': 'hc-contoso' });
    expect(resourceTags('contoso', 'CHG0001')).toEqual({
      'managed-by': 'hybrid-connection',
      'hc-instance': 'hc-contoso',
      'hc-ticket': 'CHG0001',
    });
  });

  it("recognises only this connection's resources as managed (teardown deletes nothing else)", () => {
    expect(isManagedBy(resourceTags('contoso', 'X'), 'contoso')).toBe(true);
    expect(isManagedBy(resourceTags('contoso'), 'contoso2')).toBe(false);
    expect(isManagedBy({ 'hc-instance': 'hc-contoso' }, 'contoso')).toBe(false);
    expect(isManagedBy(undefined, 'contoso')).toBe(false);
  });

  it('sets the name limit where the tightest ARM limit binds: every derived name fits at the limit, one more does not', () => {
    const fits = (name: string): boolean => derivedNames(name).every((d) => d.value.length <= ARM_NAME_LIMITS[d.kind]);
    expect(fits('a'.repeat(NAME_MAX_LENGTH))).toBe(true);
    expect(fits('a'.repeat(NAME_MAX_LENGTH + 1))).toBe(false);
    // The VNet (64 characters, 'vnet-' prefix) is the tightest today.
    expect(NAME_MAX_LENGTH).toBe(59);
  });
});
