import { CLOUD_NAME_SLUGS } from '../../lib/cloudIds';
import {
  ARM_NAME_LIMITS,
  NAME_MAX_LENGTH,
  derivedNames,
  instanceIdFor,
  isManagedBy,
  resourceTags,
  siteResourceNames,
  siteSharedKeySecretName,
} from '../../lib/naming';
import { DEFAULT_SITE_NAME, SITE_NAME_MAX_LENGTH, SITE_NAME_PATTERN } from '../../lib/plan';

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
    // The hub's local network gateway of a site with the longest name (80 characters, 'lgw-<name>-to-<15>') binds.
    expect(NAME_MAX_LENGTH).toBe(57);
  });

  it('fits every derived name of the longest connection name and the longest site name into its ARM limit', () => {
    const name = 'n'.repeat(NAME_MAX_LENGTH);
    const site = 's'.repeat(SITE_NAME_MAX_LENGTH);
    expect(SITE_NAME_PATTERN.test(site)).toBe(true);
    const names = derivedNames(name, site);
    expect(names.map((d) => d.value)).toEqual(
      expect.arrayContaining([`lgw-${name}-to-${site}`, `cn-${name}-to-${site}`, `hc-${name}-${site}-psk`]),
    );
    const over = names.filter((d) => d.value.length > ARM_NAME_LIMITS[d.kind]);
    expect(over).toEqual([]);
    expect(names.find((d) => d.value === `lgw-${name}-to-${site}`)?.value).toHaveLength(
      ARM_NAME_LIMITS.localNetworkGateway,
    );
  });

  it("names the hub's per-site resources after the site; the site azurestack keeps the names of before fleets", () => {
    expect(CLOUD_NAME_SLUGS.azureStack).toBe(DEFAULT_SITE_NAME);
    expect(siteResourceNames('contoso', 'azure', 'azurestack')).toEqual(siteResourceNames('contoso', 'azure'));
    expect(siteResourceNames('contoso', 'azure', 'factory-1')).toEqual({
      ...siteResourceNames('contoso', 'azure'),
      localNetworkGateway: 'lgw-contoso-to-factory-1',
      connection: 'cn-contoso-to-factory-1',
    });
    // A stamp's resources point at the hub whatever the site's name: each site is in its own group.
    expect(siteResourceNames('contoso', 'azureStack', 'factory-1')).toEqual(siteResourceNames('contoso', 'azureStack'));
  });

  it('gives each site its own shared-key secret, the azurestack site today’s, and tags a site’s resources', () => {
    expect(siteSharedKeySecretName('contoso', 'azurestack')).toBe('hc-contoso-psk');
    expect(siteSharedKeySecretName('contoso', 'factory-1')).toBe('hc-contoso-factory-1-psk');
    expect(resourceTags('contoso', undefined, 'factory-1')).toEqual({
      'managed-by': 'hybrid-connection',
      'hc-instance': 'hc-contoso',
      'hc-site': 'factory-1',
    });
    // The site of a single-site plan keeps the tags of before fleets.
    expect(resourceTags('contoso', 'CHG1', 'azurestack')).toEqual(resourceTags('contoso', 'CHG1'));
  });
});
