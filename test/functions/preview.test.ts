// The previews over HTTP, on runtime/ against simulator/: a plan's preview on empty subscriptions lists every
// resource of both clouds as create and writes nothing (no ARM write, no instance); after a finished run the stored
// plan previews as no-change; a drift names its field; the teardown preview lists what DELETE would remove; and a
// run stopped by any single pre-flight failure sends no write to either cloud, naming the cloud, check and hint.
import type { ConnectionListBody, ConnectionStatusBody } from '../../lib/api/connectionStatus';
import type { PreviewBody, TeardownPreviewBody } from '../../lib/api/preview';
import { appSettingsForSimulator } from '../../cli/simulatorSettings';
import { armClientsFor } from '../../lib/clouds';
import type { CheckName } from '../../lib/preflight';
import { readSettings } from '../../lib/settings';
import { appProcess } from '../../runtime/host/nodeLoader';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import type { LoggedRequest } from '../../simulator';
import { startSimulatedStack, waitFor, type SimulatedStack } from './simulatedStack';

const TIME_SCALE = 1500;
const WALL_TIMEOUT_MS = 60_000;
const ACTIVE = ['Running', 'Pending'];

let stack: SimulatedStack;

beforeAll(async () => {
  stack = await startSimulatedStack({ timeScale: TIME_SCALE });
}, 30_000);
afterAll(async () => {
  await stack?.stop();
});

function lastSequence(): number {
  return stack.sim.inspect.requests().at(-1)?.sequence ?? 0;
}

/** ARM requests that could change something, on either cloud, since a point of the simulator's log. */
function armWritesSince(since: number): LoggedRequest[] {
  return stack.sim.inspect
    .requests({ since })
    .filter((r) => r.cloud !== undefined && r.method !== 'GET' && r.method !== 'HEAD');
}

function planNamed(name: string): Record<string, unknown> {
  return stack.plan((plan) => {
    plan.name = name;
    // The example names its own secret, which is derived from the name.
    delete plan.connection;
    // A group per connection: the example names one group for every run.
    for (const cloud of CLOUD_IDS) (plan[cloud] as Record<string, unknown>).resourceGroup = `rg-${name}`;
  });
}

async function finished(name: string): Promise<ConnectionStatusBody> {
  return waitFor(
    async () => {
      const { body } = await stack.api(`/api/connections/${name}`);
      const status = body as ConnectionStatusBody;
      return ACTIVE.includes(status.runtimeStatus) ? undefined : status;
    },
    WALL_TIMEOUT_MS,
    `${name} to finish`,
  );
}

describe('POST /api/connections?preview=true on empty subscriptions', () => {
  it('lists every resource of both clouds as create, passes the checks, estimates the run, and writes nothing', async () => {
    const since = lastSequence();
    const { status, body } = await stack.api('/api/connections?preview=true', {
      method: 'POST',
      body: JSON.stringify(planNamed('preview-empty')),
    });
    expect(status).toBe(200);
    const preview = body as PreviewBody;
    expect(Object.keys(preview).sort()).toEqual(['changes', 'estimatedMinutes', 'name', 'preflight']);
    expect(preview.name).toBe('preview-empty');
    for (const cloud of CLOUD_IDS) {
      expect(preview.changes[cloud].map((c) => c.resourceType)).toEqual([
        'Microsoft.Resources/resourceGroups',
        'Microsoft.Network/virtualNetworks',
        'Microsoft.Network/publicIPAddresses',
        'Microsoft.Network/virtualNetworkGateways',
        'Microsoft.Network/networkInterfaces',
        'Microsoft.Compute/virtualMachines',
        'Microsoft.Network/localNetworkGateways',
        'Microsoft.Network/connections',
      ]);
      expect(new Set(preview.changes[cloud].map((c) => c.action))).toEqual(new Set(['create']));
    }
    expect(preview.preflight.filter((c) => c.status === 'failed')).toEqual([]);
    expect(new Set(preview.preflight.map((c) => c.cloud))).toEqual(new Set(CLOUD_IDS));
    // The Azure gateway (30-45 minutes), its peer's LGW and connection, the tunnel and the ping.
    expect(preview.estimatedMinutes).toBeGreaterThanOrEqual(40);
    expect(preview.estimatedMinutes).toBeLessThanOrEqual(50);
    expect(armWritesSince(since)).toEqual([]);
    const list = (await stack.api('/api/connections')).body as ConnectionListBody;
    expect(list.items.map((i) => i.name)).not.toContain('preview-empty');
  });

  it('refuses a preview flag that is not a boolean, and an invalid plan, with field errors', async () => {
    const flag = await stack.api('/api/connections?preview=yes', {
      method: 'POST',
      body: JSON.stringify(planNamed('preview-flag')),
    });
    expect(flag.status).toBe(400);
    expect(flag.body).toEqual({ errors: [{ path: 'preview', message: 'must be true or false' }] });
    const invalid = await stack.api('/api/connections?preview=true', {
      method: 'POST',
      body: JSON.stringify({ ...planNamed('preview-bad'), options: { adopt: 'yes' } }),
    });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('options.adopt');
  });

  it('refuses a same-named VNet without our tags unless the plan says adopt', async () => {
    const name = 'preview-adopt';
    const settings = readSettings(appSettingsForSimulator(stack.sim));
    const { network, resourceManager } = await armClientsFor(
      { cloud: 'azure', subscriptionId: stack.sim.azure.subscriptionId },
      settings,
    );
    const plan = planNamed(name);
    const azure = plan.azure as { resourceGroup: string; location: string; addressSpace: string[] };
    await resourceManager.resourceGroups.createOrUpdate(azure.resourceGroup, { location: azure.location });
    await network.virtualNetworks.beginCreateOrUpdateAndWait(azure.resourceGroup, `vnet-${name}`, {
      location: azure.location,
      addressSpace: { addressPrefixes: azure.addressSpace },
    });
    const refused = (await stack.api('/api/connections?preview=true', { method: 'POST', body: JSON.stringify(plan) }))
      .body as PreviewBody;
    expect(refused.changes.azure.find((c) => c.name === `vnet-${name}`)?.action).toBe('conflict');
    expect(refused.preflight.find((c) => c.cloud === 'azure' && c.check === 'conflicts')?.status).toBe('failed');

    plan.options = { ...(plan.options as object), adopt: true };
    const adopted = (await stack.api('/api/connections?preview=true', { method: 'POST', body: JSON.stringify(plan) }))
      .body as PreviewBody;
    expect(adopted.changes.azure.find((c) => c.name === `vnet-${name}`)?.action).toBe('update');
    expect(adopted.preflight.find((c) => c.cloud === 'azure' && c.check === 'conflicts')?.status).not.toBe('failed');
  });

  it('answers 503 with the cloud, its code and a Retry-After when a read keeps failing (a seeded fault)', async () => {
    stack.sim.inspect.setFaults({
      rules: [
        {
          kind: 'serviceUnavailable',
          cloud: 'azure',
          path: 'Microsoft.Authorization/permissions',
          retryAfterSeconds: 0,
        },
      ],
    });
    try {
      const since = lastSequence();
      const answer = await stack.api('/api/connections?preview=true', {
        method: 'POST',
        body: JSON.stringify(planNamed('preview-fault')),
      });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('30');
      expect(answer.body).toMatchObject({
        error: { code: 'PreviewUnavailable' },
        failure: { code: 'ServiceUnavailable', cloud: 'azure' },
      });
      expect(armWritesSince(since)).toEqual([]);
    } finally {
      stack.sim.inspect.setFaults({ rules: [] });
    }
  });

  it('answers 404 for the stored preview of a connection that never ran', async () => {
    const { status, body } = await stack.api('/api/connections/never-ran/preview');
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'ConnectionNotFound' } });
  });
});

describe('a finished run', () => {
  const name = 'preview-done';

  beforeAll(async () => {
    const started = await stack.api('/api/connections', { method: 'POST', body: JSON.stringify(planNamed(name)) });
    expect(started.status).toBe(202);
    expect((await finished(name)).runtimeStatus).toBe('Completed');
  }, WALL_TIMEOUT_MS + 10_000);

  it('previews its stored plan as no-change on both clouds, with nothing left to wait for', async () => {
    const since = lastSequence();
    const { status, body } = await stack.api(`/api/connections/${name}/preview`);
    expect(status).toBe(200);
    const preview = body as PreviewBody;
    for (const cloud of CLOUD_IDS) {
      expect(preview.changes[cloud].filter((c) => c.action !== 'no-change')).toEqual([]);
      expect(preview.changes[cloud]).toHaveLength(8);
    }
    expect(preview.preflight.filter((c) => c.status === 'failed')).toEqual([]);
    // Nothing to build; the run would still ping across the tunnel.
    expect(preview.estimatedMinutes).toBeLessThanOrEqual(2);
    expect(armWritesSince(since)).toEqual([]);
  });

  it('lists what a teardown would delete, dependents first, and deletes nothing', async () => {
    const since = lastSequence();
    const { status, body } = await stack.api(`/api/connections/${name}?preview=true`, { method: 'DELETE' });
    expect(status).toBe(200);
    const preview = body as TeardownPreviewBody;
    for (const cloud of CLOUD_IDS) {
      const types = preview.changes[cloud].map((c) => c.resourceType);
      expect(types).toEqual([
        'Microsoft.Network/connections',
        'Microsoft.Network/localNetworkGateways',
        'Microsoft.Compute/virtualMachines',
        'Microsoft.Compute/disks',
        'Microsoft.Network/networkInterfaces',
        'Microsoft.Network/virtualNetworkGateways',
        'Microsoft.Network/publicIPAddresses',
        'Microsoft.Network/virtualNetworks',
        'Microsoft.Resources/resourceGroups',
      ]);
      expect(new Set(preview.changes[cloud].map((c) => c.action))).toEqual(new Set(['delete']));
    }
    expect(armWritesSince(since)).toEqual([]);
    // The Stack Hub OS disk is still untagged: a preview claims nothing.
    const disks = stack.sim.inspect.resources('azureStack').filter((r) => /\/disks\//i.test(r.id));
    expect(disks).toHaveLength(1);
    expect(disks.every((d) => d.tags?.['managed-by'] === undefined)).toBe(true);
  });

  it("names a drifted VNet's address space", async () => {
    const sub = stack.sim.azure.subscriptionId;
    // The app's settings live in the app's process environment, not this test's copy of it.
    const settings = readSettings(appSettingsForSimulator(stack.sim));
    const { network } = await armClientsFor({ cloud: 'azure', subscriptionId: sub }, settings);
    const group = `rg-${name}`;
    const vnetName = `vnet-${name}`;
    const vnet = await network.virtualNetworks.get(group, vnetName);
    await network.virtualNetworks.beginCreateOrUpdateAndWait(group, vnetName, {
      ...vnet,
      addressSpace: { addressPrefixes: [...(vnet.addressSpace?.addressPrefixes ?? []), '10.150.0.0/16'] },
    });
    const preview = (await stack.api(`/api/connections/${name}/preview`)).body as PreviewBody;
    expect(preview.changes.azure.find((c) => c.name === vnetName)).toMatchObject({
      action: 'conflict',
      fields: [{ field: 'addressSpace' }],
    });
    expect(preview.preflight.find((c) => c.cloud === 'azure' && c.check === 'conflicts')?.status).toBe('failed');
  });
});

/** What the tests below changed in the app's own environment, to put back after each. */
const restores: (() => void)[] = [];

function withoutAppSetting(name: string): void {
  const env = appProcess().env;
  const saved = env[name];
  delete env[name];
  restores.push(() => {
    if (saved !== undefined) env[name] = saved;
  });
}

async function foreignVnet(cloud: CloudId, name: string): Promise<void> {
  const settings = readSettings(appSettingsForSimulator(stack.sim));
  const plan = planNamed(name);
  const site = plan[cloud] as {
    subscriptionId: string;
    resourceGroup: string;
    location: string;
    addressSpace: string[];
  };
  const { network, resourceManager } = await armClientsFor(
    { cloud, subscriptionId: site.subscriptionId, ...(cloud === 'azureStack' ? { stamp: 'local' } : {}) },
    settings,
  );
  await resourceManager.resourceGroups.createOrUpdate(site.resourceGroup, { location: site.location });
  await network.virtualNetworks.beginCreateOrUpdateAndWait(site.resourceGroup, `vnet-${name}`, {
    location: site.location,
    addressSpace: { addressPrefixes: site.addressSpace },
  });
}

/** One change that makes exactly one pre-flight check fail, on one cloud (the run is named pf-<check>). */
const SINGLE_FAILURES: [string, CloudId, CheckName, (sim: SimulatedStack['sim']) => unknown][] = [
  [
    'a disabled subscription',
    'azureStack',
    'subscription',
    (sim) => sim.inspect.setAccount('azureStack', { subscriptionState: 'Disabled' }),
  ],
  [
    'a Reader identity',
    'azure',
    'permissions',
    (sim) =>
      sim.inspect.setAccount('azure', {
        roleAssignments: [{ scope: `/subscriptions/${sim.azure.subscriptionId}`, roleName: 'Reader' }],
      }),
  ],
  [
    'no VNet quota left',
    'azure',
    'quotaNetwork',
    (sim) => sim.inspect.setAccount('azure', { quotaLimits: { network: { VirtualNetworks: 0 } } }),
  ],
  [
    'no cores left',
    'azureStack',
    'quotaCompute',
    (sim) => sim.inspect.setAccount('azureStack', { quotaLimits: { compute: { cores: 0 } } }),
  ],
  [
    'a VM size restricted for the subscription',
    'azure',
    'vmSize',
    (sim) => sim.inspect.setAccount('azure', { restrictedVmSizes: ['Standard_B2s'] }),
  ],
  ['an image not syndicated', 'azureStack', 'image', (sim) => sim.inspect.setAccount('azureStack', { images: [] })],
  ['a same-named VNet of someone else', 'azureStack', 'conflicts', () => foreignVnet('azureStack', 'pf-conflicts')],
  ['no Key Vault configured', 'azure', 'keyVault', () => withoutAppSetting('HC_KEY_VAULT_URL')],
];

describe.each(SINGLE_FAILURES)('a run whose pre-flight finds %s', (_what, cloud, check, breakIt) => {
  afterEach(() => {
    stack.sim.inspect.reset();
    for (const restore of restores.splice(0)) restore();
  });

  it(`fails at ${cloud} ${check} with its hint, with no write sent to either cloud`, async () => {
    await breakIt(stack.sim);
    const name = `pf-${check.toLowerCase()}`;
    const since = lastSequence();
    const started = await stack.api('/api/connections', { method: 'POST', body: JSON.stringify(planNamed(name)) });
    expect(started.status).toBe(202);
    const status = await finished(name);
    expect(status.runtimeStatus).toBe('Failed');
    const failure = status.errors?.find((e) => e.cloud === cloud && e.message.startsWith(`${check}:`));
    expect(failure).toMatchObject({ code: 'PreflightCheckFailed', stage: 'preflight' });
    expect(failure?.hint).toMatch(/\S/);
    expect(armWritesSince(since)).toEqual([]);
    // The Failed event carries the check as the status has it.
    // Delivered by its own child, off the run's critical path: it may land just after the run ended.
    const failed = await waitFor(
      () => {
        const events = stack.sim.inspect.events() as { event: { type: string; subject: string; data: unknown } }[];
        const found = events.find(
          (e) =>
            e.event.type === 'HybridConnection.Provisioning.Failed' &&
            e.event.subject.startsWith(`connections/${name}/`),
        );
        return Promise.resolve(found);
      },
      30_000,
      `the Failed event of ${name}`,
    );
    expect((failed?.event.data as { preflight?: unknown[] }).preflight).toContainEqual(
      expect.objectContaining({ cloud, check, status: 'failed' }),
    );
  });
});
