// The pure pre-flight evaluation: ARM's permission semantics, the actions a run needs, quota arithmetic and
// address-space overlap.
import {
  actionMatches,
  computeNeeds,
  evaluateQuota,
  isActionAllowed,
  missingActions,
  networkNeeds,
  overlappingVnets,
  PROVISION_ACTIONS,
  TEARDOWN_ACTIONS,
  worstStatus,
  ok,
  warning,
  failed,
} from '../../lib/preflight';

const CONTRIBUTOR = {
  actions: ['*'],
  notActions: [
    'Microsoft.Authorization/*/Delete',
    'Microsoft.Authorization/*/Write',
    'Microsoft.Authorization/elevateAccess/Action',
  ],
};

describe('permission evaluation', () => {
  it('matches wildcards across segments and ignores case', () => {
    expect(actionMatches('*', 'Microsoft.Network/virtualNetworks/write')).toBe(true);
    expect(actionMatches('*/read', 'Microsoft.Network/virtualNetworks/read')).toBe(true);
    expect(actionMatches('*/read', 'Microsoft.Network/virtualNetworks/write')).toBe(false);
    expect(actionMatches('Microsoft.Network/*', 'microsoft.network/virtualNetworks/subnets/join/action')).toBe(true);
    expect(actionMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write')).toBe(
      true,
    );
    expect(actionMatches('Microsoft.Network/virtualNetworks/write', 'Microsoft.Network/virtualNetworks/writeX')).toBe(
      false,
    );
    // Regex characters in an action are literal.
    expect(actionMatches('Microsoft.Network/a.b', 'Microsoft.Network/aXb')).toBe(false);
  });

  it('allows an action when one entry has it and that same entry does not exclude it', () => {
    expect(isActionAllowed([CONTRIBUTOR], 'Microsoft.Network/connections/write')).toBe(true);
    expect(isActionAllowed([CONTRIBUTOR], 'Microsoft.Authorization/roleAssignments/write')).toBe(false);
    // Another entry that allows it wins: notActions only subtract within their own entry.
    expect(
      isActionAllowed(
        [CONTRIBUTOR, { actions: ['Microsoft.Authorization/roleAssignments/*'] }],
        'Microsoft.Authorization/roleAssignments/write',
      ),
    ).toBe(true);
    expect(isActionAllowed([], 'Microsoft.Network/connections/write')).toBe(false);
  });

  it('names the actions a restricted role misses, in plan order', () => {
    const network = [
      {
        actions: ['Microsoft.Network/*', 'Microsoft.Resources/subscriptions/resourceGroups/*'],
        notActions: ['Microsoft.Network/connections/*'],
      },
    ];
    const wanted = PROVISION_ACTIONS.map((a) => a.action);
    expect(missingActions(network, wanted)).toEqual([
      'Microsoft.Compute/virtualMachines/write',
      'Microsoft.Network/connections/write',
      'Microsoft.Network/connections/sharedKey/write',
    ]);
    expect(missingActions([CONTRIBUTOR], [...wanted, ...TEARDOWN_ACTIONS.map((a) => a.action)])).toEqual([]);
  });
});

describe('quota arithmetic', () => {
  const rows = [
    { name: { value: 'cores', localizedValue: 'Total Regional vCPUs' }, currentValue: 9, limit: 10 },
    { name: { value: 'standardBSFamily', localizedValue: 'Standard BS Family vCPUs' }, currentValue: 0, limit: 10 },
    { name: { value: 'virtualMachines' }, currentValue: 3, limit: 25000 },
    { name: { value: 'VirtualNetworks' }, currentValue: 50, limit: 50 },
    { name: { value: 'PublicIPAddresses' }, currentValue: 1, limit: 60 },
  ];
  const creations = {
    virtualNetworks: 1,
    publicIps: { count: 1, static: true },
    networkInterfaces: 1,
    gateways: 1,
    connections: 1,
    vm: { family: 'standardBSFamily', vCPUs: 2 },
  };

  it('fails what needs more than limit - current, and leaves unmetered needs out', () => {
    const compute = evaluateQuota(rows, computeNeeds(creations));
    expect(compute.shortfalls).toEqual([
      { usage: 'cores', display: 'Total Regional vCPUs', needed: 2, available: 1, limit: 10, current: 9 },
    ]);
    const network = evaluateQuota(rows, networkNeeds(creations));
    expect(network.shortfalls.map((s) => s.usage)).toEqual(['VirtualNetworks']);
    expect(network.unmetered).toEqual([
      'StaticPublicIPAddresses',
      'NetworkInterfaces',
      'VirtualNetworkGateways',
      'VirtualNetworkGatewayConnections',
    ]);
  });

  it('needs nothing for what a rerun adopts', () => {
    const adopted = { ...creations, virtualNetworks: 0, publicIps: { count: 0, static: true }, vm: undefined };
    expect(evaluateQuota(rows, [...networkNeeds(adopted), ...computeNeeds(adopted)]).shortfalls).toEqual([]);
  });

  it('treats a current value over the limit as nothing left', () => {
    const over = [{ name: { value: 'cores' }, currentValue: 12, limit: 10 }];
    expect(evaluateQuota(over, [{ usage: 'CORES', needed: 1 }]).shortfalls[0]?.available).toBe(0);
  });
});

describe('address-space overlap', () => {
  const others = [
    { id: '/x/vnet-a', name: 'vnet-a', addressPrefixes: ['10.100.128.0/17'] },
    { id: '/x/vnet-b', name: 'vnet-b', addressPrefixes: ['10.101.0.0/16', 'not-a-cidr'] },
    { id: '/x/vnet-own', name: 'vnet-own', addressPrefixes: ['10.100.0.0/16'] },
  ];

  it('finds the other VNets sharing addresses with the plan, not its own', () => {
    const found = overlappingVnets(['10.100.0.0/16'], others, '/X/VNET-OWN');
    expect(found).toEqual([{ vnet: others[0], pairs: [{ planned: '10.100.0.0/16', existing: '10.100.128.0/17' }] }]);
    expect(overlappingVnets(['10.102.0.0/16'], others)).toEqual([]);
  });
});

describe('check results', () => {
  it('rolls up to the worst status', () => {
    expect(worstStatus([ok('azure', 'token', 'fine')])).toBe('ok');
    expect(worstStatus([ok('azure', 'token', 'x'), warning('azure', 'eventGrid', 'x', 'y')])).toBe('warning');
    expect(worstStatus([warning('azure', 'eventGrid', 'x', 'y'), failed('azureStack', 'image', 'x', 'y')])).toBe(
      'failed',
    );
  });
});
