// A plan of one hub and several Azure Stack Hub sites: the array form of `azureStack`, its names, and the rules that
// hold across the sites (overlaps, SKUs, names, groups, the hub gateway's tunnel limit), with errors at the array
// form's paths; the object form keeps today's paths and resolves to the one site named azurestack.
import { configuredStamps } from '../../lib/settings';
import {
  bindStamp,
  firstPairOf,
  localNetworkPrefixesOf,
  pairPlanOf,
  pairPlansOf,
  siteNamesOf,
  transitOf,
  transitPingOf,
  validatePlan,
  type ResolvedPlan,
} from '../../lib/plan';
import { AZURE_STACK_DEFAULT_IPSEC_POLICY } from '../../lib/ipsec';
import { readProvisionInput, versionedPlan } from '../../orchestrations/planInput';
import { ED25519_KEY, TEST_STAMPS, errorsOf, messagesAt, minimalPlan, planWith, warningsOf } from './planFixtures';

/** The minimal plan's site, as site `name` with address space 10.<octet>.0.0/16 and its own resource group. */
function siteNamed(name: string, octet: number, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const site = structuredClone(minimalPlan().azureStack) as unknown as Record<string, unknown>;
  return {
    ...site,
    name,
    resourceGroup: `rg-${name}`,
    addressSpace: [`10.${octet}.0.0/16`],
    workloadSubnet: `10.${octet}.1.0/24`,
    gatewaySubnet: `10.${octet}.255.0/27`,
    ...changes,
  };
}

/** A fleet of `count` sites (factory-1 ...), each on 10.<i>.0.0/16 in its own group. */
function fleet(count: number, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const sites = Array.from({ length: count }, (_, i) => siteNamed(`factory-${i + 1}`, i + 1));
  return planWith(changes, { ...minimalPlan(), azureStack: sites });
}

function resolved(input: unknown): ResolvedPlan {
  const result = validatePlan(input);
  if (!result.ok) throw new Error(`expected a valid plan: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

describe('the array form of azureStack', () => {
  it('accepts 1..N named sites and resolves each with its defaults, in order', () => {
    const plan = resolved(fleet(3));
    expect(siteNamesOf(plan)).toEqual(['factory-1', 'factory-2', 'factory-3']);
    expect(plan.azureStack[1]).toMatchObject({
      name: 'factory-2',
      resourceGroup: 'rg-factory-2',
      gatewaySku: 'Standard',
      vm: { size: 'Standard_DS1_v2' },
    });
    expect(resolved(fleet(1)).azureStack).toHaveLength(1);
  });

  it('resolves the object form to the one site named azurestack, or the name it gives', () => {
    expect(siteNamesOf(resolved(minimalPlan()))).toEqual(['azurestack']);
    expect(siteNamesOf(resolved(planWith({ 'azureStack.name': 'plant' })))).toEqual(['plant']);
  });

  it('resolves to a plan that validates again to itself', () => {
    const once = resolved(fleet(3, { ticketId: 'CHG0001' }));
    expect(resolved(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });

  it('needs a name on every site of the array, of the site-name shape', () => {
    const plan = fleet(2);
    delete (plan.azureStack as Record<string, unknown>[])[1]?.name;
    expect(errorsOf(plan)).toEqual([
      {
        path: 'azureStack[1].name',
        message:
          'is required: each site of the array needs a unique name (1-15 lowercase letters, digits and hyphens, e.g. factory-1)',
      },
    ]);
    for (const bad of ['Factory', '1st', 'a-', 'x'.repeat(16), 'a_b']) {
      const named = fleet(1);
      (named.azureStack as Record<string, unknown>[])[0] = siteNamed(bad, 1);
      expect([...new Set(errorsOf(named).map((e) => e.path))]).toEqual(['azureStack[0].name']);
    }
    expect(errorsOf(planWith({ 'azureStack.name': 'Plant' })).map((e) => e.path)).toEqual(['azureStack.name']);
  });

  it('refuses an empty array, more than 100 sites, and anything but an object or an array', () => {
    expect(errorsOf(planWith({ azureStack: [] }))).toEqual([
      { path: 'azureStack', message: 'must list at least one site' },
    ]);
    expect(messagesAt(fleet(101), 'azureStack')).toEqual([
      'must list at most 100 sites (the most site-to-site tunnels a hub gateway carries)',
    ]);
    expect(errorsOf(planWith({ azureStack: 'factory' }))).toEqual([
      {
        path: 'azureStack',
        message: 'must be an object (one site) or an array of 1-100 sites (got the string "factory")',
      },
    ]);
    expect(errorsOf(planWith({ azureStack: [42] }))).toEqual([
      { path: 'azureStack[0]', message: 'must be an object (got the number 42)' },
    ]);
  });

  it('names the field of the site it is about: schema errors at azureStack[i]', () => {
    const plan = fleet(3);
    const sites = plan.azureStack as Record<string, unknown>[];
    sites[2] = { ...sites[2], location: 'Local Region', colour: 'blue' };
    expect(errorsOf(plan).map((e) => e.path)).toEqual(['azureStack[2].colour', 'azureStack[2].location']);
  });
});

describe('rules across the sites', () => {
  it('refuses a repeated site name at the later site', () => {
    const plan = fleet(3);
    (plan.azureStack as Record<string, unknown>[])[2] = siteNamed('factory-1', 3, { resourceGroup: 'rg-factory-3' });
    expect(errorsOf(plan)).toEqual([
      {
        path: 'azureStack[2].name',
        message: 'repeats azureStack[0].name ("factory-1"): each site needs a name of its own',
      },
    ]);
  });

  it('refuses a site whose address space overlaps the hub', () => {
    const plan = fleet(2);
    (plan.azureStack as Record<string, unknown>[])[1] = siteNamed('factory-2', 100);
    expect(messagesAt(plan, 'azureStack[1].addressSpace[0]')).toEqual([
      '10.100.0.0/16 overlaps azure.addressSpace[0] (10.100.0.0/16): traffic between the sites is routed by address, ' +
        'so the two clouds need disjoint address spaces; pick another range for one of them',
    ]);
  });

  it('refuses two sites whose address spaces overlap, at the later one', () => {
    const plan = fleet(3);
    (plan.azureStack as Record<string, unknown>[])[2] = siteNamed('factory-3', 1, {
      addressSpace: ['10.1.128.0/17'],
      workloadSubnet: '10.1.130.0/24',
      gatewaySubnet: '10.1.255.0/27',
    });
    expect(errorsOf(plan)).toEqual([
      {
        path: 'azureStack[2].addressSpace[0]',
        message:
          '10.1.128.0/17 overlaps azureStack[0].addressSpace[0] (10.1.0.0/16): traffic between the sites is routed by ' +
          'address, so every site needs its own address space; pick another range for one of them',
      },
    ]);
  });

  it('checks each site on its own: subnets, SKU, VM, stamp, at that site’s path', () => {
    const plan = fleet(3);
    const sites = plan.azureStack as Record<string, unknown>[];
    sites[1] = siteNamed('factory-2', 2, { gatewaySku: 'VpnGw1AZ', workloadSubnet: '10.9.1.0/24' });
    sites[2] = siteNamed('factory-3', 3, {
      vm: { adminUsername: 'admin', sshPublicKey: ED25519_KEY },
      armEndpoint: 'http://management.local.azurestack.external',
    });
    const errors = errorsOf(plan);
    expect(errors.map((e) => e.path)).toEqual(['azureStack[1].gatewaySku']);
    expect(errors[0]?.message).toMatch(/^"VpnGw1AZ" is zone-redundant and Azure Stack Hub has no availability zones/);
    sites[1] = siteNamed('factory-2', 2, { workloadSubnet: '10.9.1.0/24' });
    expect(errorsOf(plan).map((e) => e.path)).toEqual([
      'azureStack[1].workloadSubnet',
      'azureStack[2].armEndpoint',
      'azureStack[2].vm.adminUsername',
    ]);
  });

  it('warns about a site’s SKU at its path', () => {
    const plan = fleet(2);
    (plan.azureStack as Record<string, unknown>[])[1] = siteNamed('factory-2', 2, { gatewaySku: 'VpnGw2' });
    expect(warningsOf(plan).map((w) => w.path)).toEqual(['azureStack[1].gatewaySku']);
  });

  it('refuses a custom IPsec policy when any site has a Basic gateway, naming that site', () => {
    const plan = fleet(3, {
      'connection.ipsecPolicy': { ...AZURE_STACK_DEFAULT_IPSEC_POLICY, saLifeTimeSeconds: 3600 },
    });
    (plan.azureStack as Record<string, unknown>[])[2] = siteNamed('factory-3', 3, { gatewaySku: 'Basic' });
    expect(messagesAt(plan, 'connection.ipsecPolicy')).toEqual([
      expect.stringMatching(/or set azureStack\[2\]\.gatewaySku to Standard or HighPerformance$/),
    ]);
    expect(errorsOf(fleet(3, { 'connection.ipsecPolicy': AZURE_STACK_DEFAULT_IPSEC_POLICY }))).toEqual([]);
  });

  it('refuses two sites in the same group of the same subscription on the same stamp', () => {
    const plan = fleet(3);
    const sites = plan.azureStack as Record<string, unknown>[];
    sites[2] = siteNamed('factory-3', 3, { resourceGroup: 'RG-Factory-1' });
    expect(errorsOf(plan)).toEqual([
      {
        path: 'azureStack[2].resourceGroup',
        message: expect.stringMatching(
          /^azureStack\[0\] already uses resource group "RG-Factory-1" of subscription .* give this site a resourceGroup of its own$/,
        ) as unknown,
      },
    ]);
    // The default group is the connection's: two sites on one stamp and subscription need their own.
    const both = fleet(2);
    for (const site of both.azureStack as Record<string, unknown>[]) delete site.resourceGroup;
    expect(errorsOf(both).map((e) => e.path)).toEqual(['azureStack[1].resourceGroup']);
    // Another subscription, or another stamp, is another place.
    sites[2] = siteNamed('factory-3', 3, {
      resourceGroup: 'rg-factory-1',
      subscriptionId: '11111111-2222-4333-8444-555555555555',
    });
    expect(errorsOf(plan)).toEqual([]);
  });

  it('refuses more sites than the hub gateway SKU carries tunnels, naming the SKU that would', () => {
    const wide = (count: number, sku?: string) => fleet(count, sku === undefined ? {} : { 'azure.gatewaySku': sku });
    expect(errorsOf(wide(30))).toEqual([]);
    expect(errorsOf(wide(31))).toEqual([
      {
        path: 'azureStack',
        message:
          '31 sites need 31 site-to-site tunnels on the hub gateway, but VpnGw1AZ carries at most 30: set ' +
          'azure.gatewaySku to VpnGw4AZ (up to 100), or split the sites',
      },
    ]);
    expect(errorsOf(wide(31, 'VpnGw3AZ')).map((e) => e.path)).toEqual(['azureStack']);
    expect(errorsOf(wide(31, 'VpnGw4AZ'))).toEqual([]);
  });

  it('takes the key schedule on a plan of several sites (each period rotates every site) as on one site', () => {
    expect(errorsOf(fleet(2, { 'options.rotateKeyEveryDays': 30 }))).toEqual([]);
    expect(errorsOf(fleet(1, { 'options.rotateKeyEveryDays': 30 }))).toEqual([]);
  });

  it('accepts transit with one site, warning that it has no effect; with two or more, silently', () => {
    expect(errorsOf(planWith({ 'options.transit': true }))).toEqual([]);
    expect(warningsOf(planWith({ 'options.transit': true }))).toEqual([
      { path: 'options.transit', message: 'has no effect with one site: transit routes between two or more sites' },
    ]);
    expect(warningsOf(fleet(2, { 'options.transit': true }))).toEqual([]);
    expect(messagesAt(fleet(2, { 'options.transit': 'yes' }), 'options.transit')).toHaveLength(1);
  });
});

describe('binding each site to its stamp', () => {
  const stamps = configuredStamps({
    HC_AZURESTACK_STAMPS: JSON.stringify([
      ...TEST_STAMPS.map(({ id, armEndpoint, authority, audience }) => ({ id, armEndpoint, authority, audience })),
      {
        id: 'plant',
        armEndpoint: 'https://management.plant.azurestack.external',
        authority: 'https://adfs.plant.azurestack.external/adfs',
        audience: 'https://management.adfs.azurestack.plant/5c3f0b56-4ba5-4d36-bd07-b1d1d0d1c1b0',
      },
    ]),
  });

  it('binds every site to the stamp it names, by id or by endpoint', () => {
    const plan = fleet(2);
    (plan.azureStack as Record<string, unknown>[])[1] = siteNamed('factory-2', 2, {
      armEndpoint: undefined,
      stamp: 'plant',
    });
    const bound = bindStamp(resolved(plan), stamps, true);
    if (!bound.ok) throw new Error(JSON.stringify(bound.errors));
    expect(bound.plan.azureStack.map((site) => [site.stamp, site.armEndpoint])).toEqual([
      ['local', 'https://management.local.azurestack.external'],
      ['plant', 'https://management.plant.azurestack.external'],
    ]);
  });

  it('names the site whose stamp is not configured', () => {
    const plan = fleet(3);
    (plan.azureStack as Record<string, unknown>[])[2] = siteNamed('factory-3', 3, {
      armEndpoint: 'https://management.elsewhere.example',
    });
    const bound = bindStamp(resolved(plan), stamps, true);
    expect(bound.ok ? [] : bound.errors.map((e) => e.path)).toEqual(['azureStack[2].armEndpoint']);
  });

  it('refuses, once bound, two sites that named one stamp differently and share a group', () => {
    const plan = fleet(2);
    (plan.azureStack as Record<string, unknown>[])[1] = siteNamed('factory-2', 2, {
      armEndpoint: undefined,
      stamp: 'local',
      resourceGroup: 'rg-factory-1',
    });
    expect(errorsOf(plan)).toEqual([]);
    const bound = bindStamp(resolved(plan), stamps, true);
    expect(bound.ok ? [] : bound.errors.map((e) => e.path)).toEqual(['azureStack[1].resourceGroup']);
  });
});

describe('the pair view', () => {
  it('gives each site its own pair with its own shared-key secret; the azurestack site keeps today’s', () => {
    const plan = resolved(fleet(2));
    expect(pairPlansOf(plan).map((pair) => [pair.azureStack.name, pair.connection.sharedKeySecretName])).toEqual([
      ['factory-1', 'hc-contoso-factory-1-psk'],
      ['factory-2', 'hc-contoso-factory-2-psk'],
    ]);
    expect(pairPlanOf(plan, 'factory-2').azure).toBe(plan.azure);
    const single = firstPairOf(resolved(minimalPlan()));
    expect(single.azureStack.name).toBe('azurestack');
    expect(single.connection.sharedKeySecretName).toBe('hc-contoso-psk');
    expect(() => pairPlanOf(plan, 'nowhere')).toThrow(/has no site named nowhere/);
  });

  it("lists on each stamp's local network gateway the hub's space, and with transit every other site's", () => {
    const plain = resolved(fleet(3));
    const transit = resolved(fleet(3, { 'options.transit': true }));
    const hub = plain.azure.addressSpace;
    for (const plan of [plain, transit]) {
      // The hub's gateway of each site lists that site's own, transit or not.
      expect(localNetworkPrefixesOf(pairPlanOf(plan, 'factory-2'), 'azure')).toEqual(['10.2.0.0/16']);
    }
    expect(pairPlanOf(plain, 'factory-2').transitPrefixes).toBeUndefined();
    expect(localNetworkPrefixesOf(pairPlanOf(plain, 'factory-2'), 'azureStack')).toEqual(hub);
    expect(pairPlansOf(transit).map((pair) => localNetworkPrefixesOf(pair, 'azureStack'))).toEqual([
      [...hub, '10.2.0.0/16', '10.3.0.0/16'],
      [...hub, '10.1.0.0/16', '10.3.0.0/16'],
      [...hub, '10.1.0.0/16', '10.2.0.0/16'],
    ]);
    expect(transitPingOf(transit)).toEqual({ from: 'factory-1', to: 'factory-2' });
    expect(transitPingOf(plain)).toBeUndefined();
    // One site: nothing to route to, no ping.
    const single = resolved(planWith({ 'options.transit': true }));
    expect(firstPairOf(single).transitPrefixes).toBeUndefined();
    expect(transitPingOf(single)).toBeUndefined();
    // A plan stored before the option (no `transit`) never routes between sites.
    const { transit: _dropped, ...stored } = transit.options;
    const before = { ...transit, options: stored as typeof transit.options };
    expect(transitOf(before)).toBe(false);
    expect(readProvisionInput(versionedPlan(before)).ok).toBe(true);
    const broken = { ...transit, options: { ...transit.options, transit: 'yes' as unknown as boolean } };
    expect(readProvisionInput(versionedPlan(broken))).toMatchObject({ ok: false, path: 'plan.options.transit' });
  });
});
