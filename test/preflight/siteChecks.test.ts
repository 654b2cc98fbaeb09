// The pre-flight activities against the simulator through the real SDK clients: each check fails for its cause
// with the right hint, an empty subscription previews every resource as create, and no pre-flight ever writes.
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { PREFLIGHT_HANDLERS as P } from '../../activities/preflightHandlers';
import { armClientsFor, TransientArmError } from '../../lib/clouds';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { startActivityWorld, SITE_PLAN, valueOf, type ActivityWorld } from '../activities/harness';
import { check, lastSequence, reportOf, siteInput, writesSince } from './harness';

let w: ActivityWorld;
let since: number;
beforeAll(async () => {
  w = await startActivityWorld();
}, 30_000);
afterAll(() => w.stop());
beforeEach(() => {
  w.sim.inspect.reset();
  since = lastSequence(w);
});
// Whatever a test did to the account, the pre-flight itself wrote nothing.
afterEach(() => expect(writesSince(w, since)).toEqual([]));

async function preflight(cloud: CloudId, overrides: Parameters<typeof siteInput>[2] = {}) {
  return reportOf(await P.preflightSite(siteInput(w, cloud, overrides), w.context('preflightSite')));
}

describe.each(CLOUD_IDS)('%s site in an empty subscription', (cloud) => {
  it('passes every check and previews every resource as create', async () => {
    const report = await preflight(cloud);
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report.checks.map((c) => c.check)).toEqual([
      'settings',
      'armReachable',
      ...(cloud === 'azureStack' ? ['metadata'] : []),
      'token',
      'subscription',
      'permissions',
      'quotaNetwork',
      'quotaCompute',
      'vmSize',
      'image',
      'conflicts',
    ]);
    expect(report.diff.map((d) => d.action)).toEqual(Array(8).fill('create'));
    // The subscription-scope permissions were read: the group does not exist yet.
    expect(
      w.sim.inspect.requests({
        service: cloud,
        path: '^/subscriptions/[^/]+/providers/Microsoft.Authorization/permissions$',
      }),
    ).toHaveLength(1);
  });
});

describe('failing checks', () => {
  it('permissions: a restricted role fails naming the missing write; missing deletes only warn', async () => {
    const scope = `/subscriptions/${w.sim.azure.subscriptionId}`;
    w.sim.inspect.setAccount('azure', {
      roleAssignments: [
        {
          principalId: w.sim.identity.clientId,
          scope,
          permissions: [{ actions: ['Microsoft.Network/*', 'Microsoft.Resources/*'], notActions: [] }],
        },
      ],
    });
    const restricted = check((await preflight('azure')).checks, 'permissions');
    expect(restricted).toMatchObject({
      status: 'failed',
      hint: expect.stringContaining('grant Contributor') as unknown,
    });
    expect(restricted?.detail).toContain('Microsoft.Compute/virtualMachines/write (virtual machine)');
    expect(restricted?.detail).toContain('Microsoft.Compute/virtualMachines/runCommand/action');
    expect(restricted?.detail).not.toContain('Microsoft.Network/');

    w.sim.inspect.setAccount('azure', {
      roleAssignments: [{ principalId: '*', scope, permissions: [{ actions: ['*'], notActions: ['*/delete'] }] }],
    });
    const noDeletes = check((await preflight('azure')).checks, 'permissions');
    expect(noDeletes).toMatchObject({ status: 'warning' });
    expect(noDeletes?.detail).toContain('Microsoft.Network/virtualNetworks/delete');
  });

  it('quotas: exhausted vCPUs and VNets fail with the numbers', async () => {
    w.sim.inspect.setAccount('azure', { quotaLimits: { compute: { cores: 1 }, network: { VirtualNetworks: 0 } } });
    const { checks } = await preflight('azure');
    expect(check(checks, 'quotaCompute')).toMatchObject({
      status: 'failed',
      detail: 'Total Regional vCPUs (cores): needs 2, 1 left (0 of 1 used)',
      hint: expect.stringContaining('quota increase') as unknown,
    });
    expect(check(checks, 'quotaNetwork')?.detail).toContain('Virtual Networks (VirtualNetworks): needs 1, 0 left');
  });

  it("quotas: Stack Hub's gateway quota counts the gateway the run creates", async () => {
    w.sim.inspect.setAccount('azureStack', { quotaLimits: { network: { VirtualNetworkGateways: 0 } } });
    const quota = check((await preflight('azureStack')).checks, 'quotaNetwork');
    expect(quota).toMatchObject({ status: 'failed', hint: expect.stringContaining('stamp operator') as unknown });
  });

  it('vmSize: a size the stamp does not offer fails, listing what it offers; a restricted one fails too', async () => {
    const stack = check(
      (
        await preflight('azureStack', {
          vm: { size: SITE_PLAN.azure.vmSize, image: siteInput(w, 'azureStack').vm.image },
        })
      ).checks,
      'vmSize',
    );
    expect(stack).toMatchObject({ status: 'failed' });
    expect(stack?.detail).toMatch(/^Standard_B2s is not offered in local; offered there: .*Standard_DS1_v2/);
    w.sim.inspect.setAccount('azure', { restrictedVmSizes: ['Standard_B2s'] });
    expect(check((await preflight('azure')).checks, 'vmSize')?.detail).toContain('NotAvailableForSubscription');
  });

  it('image: an image the stamp has not syndicated fails with the operator hint', async () => {
    const image = {
      publisher: 'Canonical',
      offer: '0001-com-ubuntu-server-jammy',
      sku: '22_04-lts-gen2',
      version: 'latest',
    };
    const result = check(
      (await preflight('azureStack', { vm: { size: SITE_PLAN.azureStack.vmSize, image } })).checks,
      'image',
    );
    expect(result).toMatchObject({
      status: 'failed',
      hint: expect.stringContaining('Marketplace management') as unknown,
    });
    expect(result?.detail).toContain('NotFound (HTTP 404): Artifact: VMImage was not found.');
    const version = { ...image, sku: '22_04-lts', version: '22.04.000000000' };
    expect(
      check((await preflight('azure', { vm: { size: SITE_PLAN.azure.vmSize, image: version } })).checks, 'image')
        ?.status,
    ).toBe('failed');
  });

  it('subscription: Disabled fails, Warned warns', async () => {
    w.sim.inspect.setAccount('azure', { subscriptionState: 'Disabled' });
    expect(check((await preflight('azure')).checks, 'subscription')).toMatchObject({
      status: 'failed',
      detail: expect.stringContaining('Disabled') as unknown,
      hint: expect.stringContaining('reactivate') as unknown,
    });
    w.sim.inspect.setAccount('azure', { subscriptionState: 'Warned' });
    expect(check((await preflight('azure')).checks, 'subscription')?.status).toBe('warning');
  });

  it('token: a wrong client secret fails the token check and stops there', async () => {
    const secret = process.env.HC_AZURE_CLIENT_SECRET;
    process.env.HC_AZURE_CLIENT_SECRET = 'not-the-secret';
    try {
      const { checks, diff } = await preflight('azure');
      expect(checks.map((c) => [c.check, c.status])).toEqual([
        ['settings', 'ok'],
        ['token', 'failed'],
      ]);
      expect(diff).toEqual([]);
    } finally {
      process.env.HC_AZURE_CLIENT_SECRET = secret;
    }
  });

  it('settings: an unknown stamp fails the settings check', async () => {
    const input = siteInput(w, 'azureStack');
    const report = reportOf(
      await P.preflightSite({ ...input, target: { ...input.target, stamp: 'nowhere' } }, w.context()),
    );
    expect(report.checks).toEqual([expect.objectContaining({ check: 'settings', status: 'failed' })]);
  });

  it('conflicts: a same-named VNet without our tags, and another VNet overlapping the plan', async () => {
    const { network, resourceManager } = await armClientsFor({
      cloud: 'azure',
      subscriptionId: w.sim.azure.subscriptionId,
    });
    const rg = w.targets.azure.resourceGroup;
    await resourceManager.resourceGroups.createOrUpdate(rg, { location: w.sim.azure.location });
    await network.virtualNetworks.beginCreateOrUpdateAndWait(rg, 'vnet-contoso', {
      location: w.sim.azure.location,
      addressSpace: { addressPrefixes: [...SITE_PLAN.azure.addressSpace] },
      tags: { owner: 'someone else' },
    });
    await resourceManager.resourceGroups.createOrUpdate('rg-other', { location: w.sim.azure.location });
    await network.virtualNetworks.beginCreateOrUpdateAndWait('rg-other', 'vnet-other', {
      location: w.sim.azure.location,
      addressSpace: { addressPrefixes: ['10.100.128.0/17'] },
    });
    since = lastSequence(w);
    const report = await preflight('azure');
    const conflicts = check(report.checks, 'conflicts');
    expect(conflicts?.status).toBe('failed');
    expect(conflicts?.detail).toContain(
      'Microsoft.Network/virtualNetworks vnet-contoso: it exists without the tags of connection contoso',
    );
    expect(conflicts?.detail).toMatch(/virtualNetworks\/vnet-other: 10\.100\.0\.0\/16 overlaps 10\.100\.128\.0\/17/);
    const adopted = await preflight('azure', { adopt: true });
    expect(adopted.diff.find((d) => d.name === 'vnet-contoso')?.action).toBe('update');
    expect(check(adopted.checks, 'conflicts')?.detail).not.toContain('vnet-contoso');
    // Adopted, only the overlap is left: ARM allows it (it clashes only once peered or routed), so it warns.
    expect(check(adopted.checks, 'conflicts')).toMatchObject({
      status: 'warning',
      detail: expect.stringMatching(/vnet-other/) as unknown,
    });
  });

  it('throws transient failures so the durable retry applies', async () => {
    w.sim.inspect.setFaults({
      rules: [{ kind: 'serviceUnavailable', resourceType: 'Microsoft.Compute/skus', retryAfterSeconds: 0 }],
    });
    await expect(P.preflightSite(siteInput(w, 'azure'), w.context())).rejects.toBeInstanceOf(TransientArmError);
  }, 30_000);
});

describe('services', () => {
  it('Key Vault: a missing secret will be created, an existing one is used; Event Grid is configured but unverified', async () => {
    const before = valueOf(await P.preflightServices({ name: 'contoso' }, w.context()));
    expect(before).toEqual([
      expect.objectContaining({
        check: 'keyVault',
        status: 'ok',
        detail: expect.stringContaining('does not exist yet') as unknown,
      }),
      expect.objectContaining({
        check: 'eventGrid',
        status: 'warning',
        detail: expect.stringContaining('not verifiable without publishing') as unknown,
      }),
    ]);
    valueOf(await A.ensureSharedKey({ secretName: 'hc-contoso-psk' }, w.context()));
    since = lastSequence(w);
    const after = valueOf(await P.preflightServices({ name: 'contoso' }, w.context()));
    expect(after[0]?.detail).toContain('exists: the run uses it');
    expect(JSON.stringify(after)).not.toMatch(/[A-Za-z0-9_-]{43}/);
  });
});
