// The rotate-key endpoint's logic over an in-memory InstanceStore: what it refuses (404, 409 not provisioned, being
// torn down, a rotation already running; 400 for a body or a `?site=` the plan does not have), what it starts (the
// stored plan, the run's connection ids, a fleet's by site, an instance id carrying the task hub's time), and how the
// status document lists rotations, newest first.
import { validateBoundPlan } from '../../functions/connectionService';
import { buildDomainStatus, connectionInstancesIn } from '../../functions/domainStatus';
import { rotateKey } from '../../functions/rotationService';
import type { RotationStatus } from '../../lib/api/connectionStatus';
import { minimalPlan, TEST_STAMPS } from '../lib/planFixtures';
import { MemoryStore } from './memoryStore';

const AZURE_ID = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/connections/cn-contoso-to-azurestack';
const STACK_ID = '/subscriptions/s2/resourceGroups/rg/providers/Microsoft.Network/connections/cn-contoso-to-azure';

function plan(): unknown {
  const result = validateBoundPlan(minimalPlan(), TEST_STAMPS);
  if (!result.ok) throw new Error('fixture');
  return result.plan;
}

function provisioned(store: MemoryStore, fields: Record<string, unknown> = {}): void {
  store.put('hc-contoso', {
    runtimeStatus: 'Completed',
    input: { planVersion: 2, plan: plan() },
    output: {
      name: 'contoso',
      connections: { azure: { id: AZURE_ID }, azureStack: { id: STACK_ID } },
      sharedKey: { secretName: 'hc-contoso-psk', version: 'v1' },
    },
    ...fields,
  });
}

describe('POST /api/connections/{name}/rotate-key', () => {
  it('starts rotateSharedKey with the stored plan and the connection ids, named after the task hub time', async () => {
    const store = new MemoryStore();
    provisioned(store);
    store.time = '2026-12-03T20:17:41.512Z';
    const result = await rotateKey(store, 'contoso');
    expect(result).toEqual({
      status: 202,
      headers: { Location: '/api/connections/contoso' },
      body: {
        name: 'contoso',
        instanceId: 'hc-contoso:rotate-20261203T201741Z',
        statusUrl: '/api/connections/contoso',
      },
    });
    expect(store.started).toEqual([
      {
        orchestrator: 'rotateSharedKey',
        instanceId: 'hc-contoso:rotate-20261203T201741Z',
        input: {
          planVersion: 2,
          plan: plan(),
          trigger: 'request',
          connectionIds: { azure: AZURE_ID, azureStack: STACK_ID },
        },
      },
    ]);
  });

  it('answers 409 RotationInProgress while one runs, and starts nothing', async () => {
    const store = new MemoryStore();
    provisioned(store);
    store.put('hc-contoso:rotate-20261203T201000Z', { name: 'rotateSharedKey', runtimeStatus: 'Running' });
    const result = await rotateKey(store, 'contoso');
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({
      error: { code: 'RotationInProgress' },
      instanceId: 'hc-contoso:rotate-20261203T201000Z',
    });
    expect(store.started).toEqual([]);
  });

  it.each([
    ['still provisioning', 'Running', 'ConnectionNotProvisioned'],
    ['whose run failed', 'Failed', 'ConnectionNotProvisioned'],
  ])('answers 409 for a connection %s', async (_what, runtimeStatus, code) => {
    const store = new MemoryStore();
    provisioned(store, { runtimeStatus, output: undefined });
    const result = await rotateKey(store, 'contoso');
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ error: { code } });
    expect(store.started).toEqual([]);
  });

  it.each(['Running', 'Completed'])('answers 409 for a connection whose teardown is %s', async (runtimeStatus) => {
    const store = new MemoryStore();
    provisioned(store);
    store.put('hc-contoso:teardown', {
      runtimeStatus,
      createdTime: '2025-03-01T09:00:00.000Z',
      name: 'teardownHybridConnection',
    });
    const result = await rotateKey(store, 'contoso');
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ error: { code: 'ConnectionDeleted' } });
    expect(store.started).toEqual([]);
  });

  describe('a fleet', () => {
    const SITES = ['north', 'south'];
    const idsOf = (site: string) => ({
      azure: AZURE_ID.replace('azurestack', site),
      azureStack: `${STACK_ID}-${site}`,
    });
    function provisionedFleet(store: MemoryStore): unknown {
      const site = (name: string, octet: number) => ({
        ...minimalPlan().azureStack,
        name,
        resourceGroup: `rg-${name}`,
        addressSpace: [`10.${octet}.0.0/16`],
        workloadSubnet: `10.${octet}.1.0/24`,
        gatewaySubnet: `10.${octet}.255.0/27`,
      });
      const fleet = validateBoundPlan(
        { ...minimalPlan(), azureStack: [site('north', 1), site('south', 2)] },
        TEST_STAMPS,
      );
      if (!fleet.ok) throw new Error(JSON.stringify(fleet.errors));
      const connections = (name: string) => ({
        azure: { id: idsOf(name).azure },
        azureStack: { id: idsOf(name).azureStack },
      });
      provisioned(store, {
        input: { planVersion: 2, plan: fleet.plan },
        output: {
          name: 'contoso',
          connections: connections('north'),
          pairs: Object.fromEntries(SITES.map((name) => [name, { connections: connections(name) }])),
        },
      });
      return fleet.plan;
    }

    it("starts one rotation of every site with each site's connection ids, or of the site `?site=` names", async () => {
      const store = new MemoryStore();
      const fleet = provisionedFleet(store);
      store.time = '2026-12-03T20:17:41.512Z';
      expect((await rotateKey(store, 'contoso')).status).toBe(202);
      const siteConnectionIds = Object.fromEntries(SITES.map((name) => [name, idsOf(name)]));
      expect(store.started).toEqual([
        {
          orchestrator: 'rotateSharedKey',
          instanceId: 'hc-contoso:rotate-20261203T201741Z',
          input: { planVersion: 2, plan: fleet, trigger: 'request', connectionIds: idsOf('north'), siteConnectionIds },
        },
      ]);

      const other = new MemoryStore();
      provisionedFleet(other);
      expect((await rotateKey(other, 'contoso', undefined, 'south')).status).toBe(202);
      expect(other.started[0]?.input).toMatchObject({ site: 'south', siteConnectionIds });
    });

    it.each([
      ['a site the plan does not have', 'west', /connection contoso has no site "west": its sites are north, south/],
      ['a value that is no site name', 'North_1', /"North_1" is not a site name/],
      ['an empty value', '', /"" is not a site name/],
    ])('answers 400 at `site` for %s, starting nothing', async (_what, site, message) => {
      const store = new MemoryStore();
      provisionedFleet(store);
      const result = await rotateKey(store, 'contoso', undefined, site);
      expect(result).toEqual({
        status: 400,
        body: { errors: [{ path: 'site', message: expect.stringMatching(message) as unknown }] },
      });
      expect(store.started).toEqual([]);
    });
  });

  it('answers 404 for an unknown connection, 400 for a bad name or a body, starting nothing', async () => {
    const store = new MemoryStore();
    expect((await rotateKey(store, 'nobody')).status).toBe(404);
    expect((await rotateKey(store, 'Not_A_Name')).status).toBe(400);
    provisioned(store);
    const withBody = await rotateKey(store, 'contoso', 4096);
    expect(withBody).toEqual({
      status: 400,
      body: { errors: [{ path: '', message: 'rotate-key takes no body; send none' }] },
    });
    expect(store.started).toEqual([]);
  });
});

describe('rotations in the status document', () => {
  /** A rotation running since 2026-12-03 whose custom status has `fields`. */
  function putRunning(store: MemoryStore, fields: Record<string, unknown>): void {
    store.put('hc-contoso:rotate-20261203T000000Z', {
      name: 'rotateSharedKey',
      runtimeStatus: 'Running',
      customStatus: {
        kind: 'rotation',
        state: 'running',
        startedAt: '2026-12-03T00:00:00.000Z',
        connectionStatus: { azure: 'Connected' },
        ...fields,
      },
    });
  }

  async function rotationsIn(store: MemoryStore): Promise<RotationStatus[]> {
    const all = await store.list();
    const instances = connectionInstancesIn(new Map(all.map((i) => [i.instanceId, i])), 'contoso', all[0]);
    return buildDomainStatus('contoso', instances, store.time).rotations;
  }

  it("lists the connection's rotations newest first, from output, custom status or Durable's own end", async () => {
    const store = new MemoryStore();
    provisioned(store);
    const done: RotationStatus = {
      instanceId: 'hc-contoso:rotate-20261201T000000Z',
      state: 'succeeded',
      trigger: 'schedule',
      startedAt: '2026-12-01T00:00:00.000Z',
      finishedAt: '2026-12-01T00:03:00.000Z',
      previousVersion: 'a'.repeat(32),
      newVersion: 'b'.repeat(32),
      downtimeSeconds: 45,
      error: null,
      downtimeResolutionSeconds: 5,
    };
    store.put(done.instanceId, { name: 'rotateSharedKey', runtimeStatus: 'Completed', output: done });
    store.put('hc-contoso:rotate-20261202T000000Z', {
      name: 'rotateSharedKey',
      runtimeStatus: 'Terminated',
      createdTime: '2026-12-02T00:00:00.000Z',
      lastUpdatedTime: '2026-12-02T00:01:00.000Z',
      customStatus: { ...done, kind: 'rotation', state: 'running', finishedAt: null, connectionStatus: {} },
    });
    putRunning(store, { trigger: 'request', previousVersion: 'b'.repeat(32), newVersion: null });
    store.put('hc-contoso-b:rotate-20261204T000000Z', { name: 'rotateSharedKey', runtimeStatus: 'Running' });

    const rotations = await rotationsIn(store);
    expect(rotations.map((r) => [r.instanceId, r.state])).toEqual([
      ['hc-contoso:rotate-20261203T000000Z', 'running'],
      ['hc-contoso:rotate-20261202T000000Z', 'failed'],
      ['hc-contoso:rotate-20261201T000000Z', 'succeeded'],
    ]);
    expect(rotations[2]).toEqual(done);
    expect(rotations[1]).toMatchObject({
      instanceId: 'hc-contoso:rotate-20261202T000000Z',
      error: { code: 'Terminated' },
      finishedAt: '2026-12-02T00:01:00.000Z',
    });
    expect(rotations[0]).not.toHaveProperty('connectionStatus');
    expect(rotations[0]).not.toHaveProperty('kind');
  });

  it("shows a fleet rotation's sites, from its custom status while it runs (not the site it is reading)", async () => {
    const store = new MemoryStore();
    provisioned(store);
    const sites = {
      north: { state: 'succeeded', previousVersion: 'a', newVersion: 'b', downtimeSeconds: 40 },
      south: { state: 'running', previousVersion: 'c', newVersion: null, downtimeSeconds: null },
    };
    putRunning(store, {
      trigger: 'schedule',
      previousVersion: null,
      newVersion: null,
      downtimeSeconds: 40,
      sites,
      currentSite: 'south',
    });
    const [rotation] = await rotationsIn(store);
    expect(rotation).toMatchObject({ state: 'running', downtimeSeconds: 40, sites });
    expect(rotation).not.toHaveProperty('currentSite');
  });
});
