// The per-resource preview, pure: what each live state means for the run (create, update, no-change, conflict).
import { diffSite, type LiveSite, type PlannedSite } from '../../lib/preflight';
import { resourceTags, siteResourceNames } from '../../lib/naming';

const TAGS = resourceTags('contoso');
const PLAN: PlannedSite = {
  connectionName: 'contoso',
  location: 'eastus',
  resourceGroup: 'rg-contoso-hybrid',
  names: siteResourceNames('contoso', 'azure'),
  addressSpace: ['10.100.0.0/16'],
  workloadSubnet: '10.100.1.0/24',
  gatewaySubnet: '10.100.255.0/27',
  publicIp: { sku: 'Standard', allocation: 'Static', zones: ['1', '2', '3'] },
  gatewaySku: 'VpnGw1AZ',
  vm: { size: 'Standard_B2s', image: { publisher: 'Canonical', offer: 'o', sku: 's', version: 'latest' } },
  peer: { addressSpace: ['10.200.0.0/16'] },
  adopt: false,
};

const byName = (diff: ReturnType<typeof diffSite>, type: string) => diff.find((d) => d.resourceType.endsWith(type));

describe('the per-resource preview', () => {
  it('creates everything in an empty subscription, in the order the run writes', () => {
    const diff = diffSite(PLAN, {});
    expect(diff.map((d) => [d.resourceType.split('/')[1], d.action])).toEqual([
      ['resourceGroups', 'create'],
      ['virtualNetworks', 'create'],
      ['publicIPAddresses', 'create'],
      ['virtualNetworkGateways', 'create'],
      ['networkInterfaces', 'create'],
      ['virtualMachines', 'create'],
      ['localNetworkGateways', 'create'],
      ['connections', 'create'],
    ]);
  });

  it('refuses a same-named resource without our tags unless told to adopt it', () => {
    const live: LiveSite = {
      virtualNetwork: {
        tags: { owner: 'someone' },
        addressSpace: { addressPrefixes: ['10.100.0.0/16'] },
        subnets: [
          { name: PLAN.names.workloadSubnet, addressPrefix: '10.100.1.0/24' },
          { name: 'GatewaySubnet', addressPrefix: '10.100.255.0/27' },
        ],
      },
    };
    expect(byName(diffSite(PLAN, live), 'virtualNetworks')).toMatchObject({
      action: 'conflict',
      reason: expect.stringContaining('without the tags of connection contoso') as unknown,
    });
    expect(byName(diffSite({ ...PLAN, adopt: true }, live), 'virtualNetworks')?.action).toBe('no-change');
  });

  it('names the drifted fields: a subnet to add is an update, another SKU a conflict, a Failed gateway an update', () => {
    const live: LiveSite = {
      virtualNetwork: { tags: TAGS, addressSpace: { addressPrefixes: ['10.100.0.0/16'] }, subnets: [] },
      gateway: { tags: TAGS, gatewayType: 'Vpn', vpnType: 'RouteBased', sku: { name: 'VpnGw2AZ' } },
      localNetworkGateway: {
        tags: TAGS,
        gatewayIpAddress: '203.0.113.9',
        localNetworkAddressSpace: { addressPrefixes: ['10.200.0.0/16'] },
      },
    };
    const diff = diffSite(
      { ...PLAN, peer: { addressSpace: ['10.200.0.0/16'], gatewayIpAddress: '203.0.113.9' } },
      live,
    );
    expect(byName(diff, 'virtualNetworks')).toMatchObject({
      action: 'update',
      fields: [
        { field: `subnets.${PLAN.names.workloadSubnet}`, old: '(none)', new: '10.100.1.0/24' },
        { field: 'subnets.GatewaySubnet', old: '(none)', new: '10.100.255.0/27' },
      ],
    });
    expect(byName(diff, 'virtualNetworkGateways')).toMatchObject({
      action: 'conflict',
      fields: [{ field: 'sku', old: 'VpnGw2AZ', new: 'VpnGw1AZ' }],
    });
    expect(byName(diff, 'localNetworkGateways')?.action).toBe('no-change');
    const failedGateway = diffSite(PLAN, { gateway: { ...live.gateway, provisioningState: 'Failed' } });
    expect(byName(failedGateway, 'virtualNetworkGateways')?.action).toBe('update');
  });

  it('calls a public IP without the planned zones a conflict (ARM cannot add zones to an existing one)', () => {
    const regional: LiveSite = {
      publicIp: { tags: TAGS, sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
    };
    expect(byName(diffSite(PLAN, regional), 'publicIPAddresses')).toMatchObject({
      action: 'conflict',
      fields: [{ field: 'zones', old: '(none)', new: '1, 2, 3' }],
    });
    const redundant: LiveSite = { publicIp: { ...regional.publicIp, zones: ['3', '1', '2'] } };
    expect(byName(diffSite(PLAN, redundant), 'publicIPAddresses')?.action).toBe('no-change');
    const stackPlan: PlannedSite = { ...PLAN, publicIp: { sku: 'Basic', allocation: 'Dynamic', zones: [] } };
    const stackIp: LiveSite = { publicIp: { tags: TAGS, sku: { name: 'Basic' }, publicIPAllocationMethod: 'Dynamic' } };
    expect(byName(diffSite(stackPlan, stackIp), 'publicIPAddresses')?.action).toBe('no-change');
  });
});
