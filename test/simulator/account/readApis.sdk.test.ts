// The simulator's read APIs (subscription state, permissions, usages, Resource SKUs, marketplace images) through
// the real SDK clients of each cloud, at the api-versions those clients send; shapes as the official examples.
import { ResourceManagementClient } from '@azure/arm-resources';
import { startSimulator, trustCertificateInProcess, type Simulator } from '../../../simulator';
import { pinApiVersion } from '../network/sdkWorld';
import { collect, credentialOf, readClients } from './readClients';

const CLOUDS = ['azure', 'azureStack'] as const;

describe('simulator read APIs through the SDKs', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 1000, seed: 11 });
    trustCertificateInProcess(sim.caPem);
  });
  afterAll(() => sim.stop());
  beforeEach(() => sim.inspect.reset());

  async function createGroup(cloud: 'azure' | 'azureStack', name: string): Promise<void> {
    const site = sim[cloud];
    // arm-resources 8 speaks 2025-04-01; Stack Hub's profile wants 2019-10-01.
    const client = new ResourceManagementClient(credentialOf(sim), site.subscriptionId, {
      endpoint: site.armEndpoint,
      credentials: { scopes: [`${site.audience.replace(/\/+$/, '')}/.default`] },
      ...(cloud === 'azureStack' ? { additionalPolicies: [pinApiVersion('2019-10-01')] } : {}),
    });
    await client.resourceGroups.createOrUpdate(name, { location: site.location });
  }

  describe.each(CLOUDS)('%s', (cloud) => {
    it('reads the subscription with its state, and a Disabled one refuses writes but still reads', async () => {
      const { subscriptions } = readClients(sim, cloud);
      const read = await subscriptions.subscriptions.get(sim[cloud].subscriptionId);
      expect(read).toMatchObject({ subscriptionId: sim[cloud].subscriptionId, state: 'Enabled' });
      sim.inspect.setAccount(cloud, { subscriptionState: 'Disabled' });
      expect((await subscriptions.subscriptions.get(sim[cloud].subscriptionId)).state).toBe('Disabled');
      await expect(createGroup(cloud, 'rg-disabled')).rejects.toMatchObject({
        statusCode: 409,
        code: 'ReadOnlyDisabledSubscription',
      });
      sim.inspect.setAccount(cloud, { subscriptionState: 'Warned' });
      await createGroup(cloud, 'rg-warned');
    });

    it("lists the caller's permissions: Contributor by default, at the subscription and inherited by a group", async () => {
      const { authorization } = readClients(sim, cloud);
      await createGroup(cloud, 'rg-perm');
      const permissions = await collect(authorization.permissions.listForResourceGroup('rg-perm'));
      expect(permissions).toHaveLength(1);
      expect(permissions[0]?.actions).toEqual(['*']);
      expect(permissions[0]?.notActions).toEqual(
        expect.arrayContaining(['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write']),
      );
      // 2015-07-01 (Stack Hub's profile) has no data actions; 2022-04-01 has them.
      if (cloud === 'azure') expect(permissions[0]).toHaveProperty('dataActions', []);
      else expect(permissions[0]).not.toHaveProperty('dataActions');
    });

    it('answers ResourceGroupNotFound for the permissions of a missing group', async () => {
      const { authorization } = readClients(sim, cloud);
      await expect(collect(authorization.permissions.listForResourceGroup('rg-missing'))).rejects.toMatchObject({
        statusCode: 404,
        code: 'ResourceGroupNotFound',
      });
    });

    it('restricts permissions per principal and scope', async () => {
      const { authorization } = readClients(sim, cloud);
      await createGroup(cloud, 'rg-a');
      await createGroup(cloud, 'rg-b');
      const sub = `/subscriptions/${sim[cloud].subscriptionId}`;
      sim.inspect.setAccount(cloud, {
        roleAssignments: [
          { principalId: sim.identity.clientId, scope: `${sub}/resourceGroups/rg-a`, roleName: 'Reader' },
          {
            principalId: sim.identity.clientId,
            scope: `${sub}/resourceGroups/RG-A`,
            permissions: [{ actions: ['Microsoft.Network/*'], notActions: ['Microsoft.Network/connections/write'] }],
          },
          { principalId: 'someone-else', scope: sub, roleName: 'Owner' },
        ],
      });
      const a = await collect(authorization.permissions.listForResourceGroup('rg-a'));
      expect(a.map((p) => p.actions)).toEqual([['*/read'], ['Microsoft.Network/*']]);
      expect(a[1]?.notActions).toEqual(['Microsoft.Network/connections/write']);
      expect(await collect(authorization.permissions.listForResourceGroup('rg-b'))).toEqual([]);
    });

    it('counts network usages per region from the store, with configurable limits', async () => {
      const { network } = readClients(sim, cloud);
      const location = sim[cloud].location;
      sim.inspect.setAccount(cloud, { quotaLimits: { network: { VirtualNetworks: 3 } } });
      const usages = await collect(network.usages.list(location));
      const vnets = usages.find((u) => u.name.value === 'VirtualNetworks');
      expect(vnets).toEqual({
        id: `/subscriptions/${sim[cloud].subscriptionId}/providers/Microsoft.Network/locations/${location}/usages/VirtualNetworks`,
        name: { value: 'VirtualNetworks', localizedValue: 'Virtual Networks' },
        currentValue: 0,
        limit: 3,
        unit: 'Count',
      });
      const names = usages.map((u) => u.name.value);
      expect(names).toEqual(
        expect.arrayContaining(['PublicIPAddresses', 'StaticPublicIPAddresses', 'NetworkInterfaces']),
      );
      // Azure caps VPN gateways per VNet, not per region; Stack Hub's quota plan counts them.
      expect(names.includes('VirtualNetworkGateways')).toBe(cloud === 'azureStack');
    });

    it('lists compute usages: regional vCPUs, VMs and one row per family', async () => {
      const { compute } = readClients(sim, cloud);
      sim.inspect.setAccount(cloud, { quotaLimits: { compute: { cores: 4 } } });
      const usages = await collect(compute.usage.list(sim[cloud].location));
      const cores = usages.find((u) => u.name.value === 'cores');
      expect(cores).toEqual({
        unit: 'Count',
        currentValue: 0,
        limit: 4,
        name: { value: 'cores', localizedValue: 'Total Regional vCPUs' },
      });
      expect(usages.find((u) => u.name.value === 'standardDSv2Family')?.name.localizedValue).toBe(
        'Standard DSv2 Family vCPUs',
      );
    });

    it('lists the VM sizes the cloud offers as Resource SKUs, filtered by location', async () => {
      const { compute } = readClients(sim, cloud);
      const location = sim[cloud].location;
      const skus = await collect(compute.resourceSkus.list({ filter: `location eq '${location}'` }));
      expect(skus.every((s) => s.resourceType === 'virtualMachines' && s.locations?.[0] === location)).toBe(true);
      const ds1 = skus.find((s) => s.name === 'Standard_DS1_v2');
      expect(ds1).toMatchObject({ family: 'standardDSv2Family', tier: 'Standard', size: 'DS1_v2', restrictions: [] });
      expect(ds1?.capabilities).toEqual(
        expect.arrayContaining([
          { name: 'vCPUs', value: '1' },
          { name: 'MemoryGB', value: '3.5' },
        ]),
      );
      expect(skus.some((s) => s.name === 'Standard_B2s')).toBe(cloud === 'azure');
    });

    it('lists a restricted size with its NotAvailableForSubscription restriction', async () => {
      const { compute } = readClients(sim, cloud);
      const location = sim[cloud].location;
      sim.inspect.setAccount(cloud, { restrictedVmSizes: ['Standard_DS2_v2'] });
      const skus = await collect(compute.resourceSkus.list({ filter: `location eq '${location}'` }));
      expect(skus.find((s) => s.name === 'Standard_DS2_v2')?.restrictions).toEqual([
        {
          type: 'Location',
          values: [location],
          restrictionInfo: { locations: [location] },
          reasonCode: 'NotAvailableForSubscription',
        },
      ]);
    });

    it('serves the marketplace images the cloud has (on Stack Hub: what was syndicated)', async () => {
      const { compute } = readClients(sim, cloud);
      const location = sim[cloud].location;
      const versions = await compute.virtualMachineImages.list(
        location,
        'Canonical',
        '0001-com-ubuntu-server-jammy',
        '22_04-lts',
      );
      expect(versions.length).toBeGreaterThan(0);
      const newest = versions[versions.length - 1];
      expect(newest).toMatchObject({ location, name: expect.stringMatching(/^22\.04\./) as unknown });
      expect(newest?.id).toMatch(/^\/Subscriptions\/.+\/Providers\/Microsoft\.Compute\/Locations\/.+\/Versions\//);
      const image = await compute.virtualMachineImages.get(
        location,
        'Canonical',
        '0001-com-ubuntu-server-jammy',
        '22_04-lts',
        newest?.name ?? '',
      );
      expect(image).toMatchObject({ name: newest?.name, osDiskImage: { operatingSystem: 'Linux' } });
      const gen2 = compute.virtualMachineImages.list(
        location,
        'Canonical',
        '0001-com-ubuntu-server-jammy',
        '22_04-lts-gen2',
      );
      if (cloud === 'azure') await expect(gen2).resolves.not.toHaveLength(0);
      else
        await expect(gen2).rejects.toMatchObject({
          statusCode: 404,
          code: 'NotFound',
          message: 'Artifact: VMImage was not found.',
        });
    });
  });

  it('refuses a bad account patch and leaves the account as it was', () => {
    expect(() => sim.inspect.setAccount('azure', { subscriptionState: 'Frozen' })).toThrow(/subscriptionState/);
    expect(() => sim.inspect.setAccount('azure', { vmSizes: ['Standard_Z9'] })).toThrow(/not a size/);
    expect(() => sim.inspect.setAccount('azure', { quotas: {} })).toThrow(/unknown field quotas/);
    expect(sim.inspect.account('azure').subscriptionState).toBe('Enabled');
  });

  it('refuses permissions at a version the Stack Hub profile does not have', async () => {
    const { AuthorizationManagementClient } = await import('@azure/arm-authorization');
    const site = sim.azureStack;
    const client = new AuthorizationManagementClient(credentialOf(sim), site.subscriptionId, {
      endpoint: site.armEndpoint,
      credentialScopes: [`${site.audience.replace(/\/+$/, '')}/.default`],
    });
    await expect(collect(client.permissions.listForResourceGroup('rg-any'))).rejects.toMatchObject({
      statusCode: 400,
      code: 'NoRegisteredProviderFound',
    });
  });

  it('lets fault rules match the read APIs by resource type and path', async () => {
    sim.inspect.setFaults({
      rules: [
        { kind: 'internalServerError', resourceType: 'Microsoft.Compute/skus', nth: 1 },
        {
          kind: 'serviceUnavailable',
          cloud: 'azureStack',
          path: '/providers/Microsoft\\.Network/locations/[^/]+/usages$',
          nth: 1,
          retryAfterSeconds: 0,
        },
        { kind: 'throttle', resourceType: 'Microsoft.Authorization/permissions', nth: 1, retryAfterSeconds: 0 },
        {
          kind: 'internalServerError',
          resourceType: 'Microsoft.Compute/locations/publishers/artifacttypes/offers/skus/versions',
          nth: 1,
        },
      ],
    });
    const azure = readClients(sim, 'azure');
    const stack = readClients(sim, 'azureStack');
    await createGroup('azure', 'rg-faults');
    // The SDKs' retry policies try again; the injected failures show in the fault log.
    await collect(azure.compute.resourceSkus.list());
    await collect(stack.network.usages.list(sim.azureStack.location));
    await collect(azure.authorization.permissions.listForResourceGroup('rg-faults'));
    await azure.compute.virtualMachineImages.list(sim.azure.location, 'Canonical', 'ubuntu-24_04-lts', 'server');
    expect(sim.inspect.faults().injected.map((f) => f.rule)).toEqual(['rule-0', 'rule-1', 'rule-2', 'rule-3']);
  });
});
