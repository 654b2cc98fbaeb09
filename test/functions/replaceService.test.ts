// PUT /api/connections/{name} over an in-memory InstanceStore: the same refusals as a start (415 unread, 400 field
// errors), a name that must be the route's, 404 for no connection, 409 while anything of it runs or once it was torn
// down, and 202 starting hc-<name> with the new plan and its change; a replacement that did not complete leaves its
// removals pending, for the next PUT and for DELETE.
import {
  deleteConnection,
  startConnection,
  validateBoundPlan,
  type StartOptions,
} from '../../functions/connectionService';
import { replaceConnection } from '../../functions/replaceService';
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import type { ResolvedPlan } from '../../lib/plan';
import { keyScheduleInstanceId, STOP_SCHEDULE_EVENT } from '../../lib/rotationNames';
import { MemoryStore } from './memoryStore';
import { minimalPlan, TEST_STAMPS } from '../lib/planFixtures';

const SITES = ['north', 'south', 'east'] as const;

/** minimalPlan with the named sites (each in its own group and /16) as the array form sends them. */
function fleetBody(sites: readonly string[], changes: Record<string, unknown> = {}): Record<string, unknown> {
  const plan = minimalPlan() as unknown as Record<string, unknown> & { azureStack: Record<string, unknown> };
  const octets: Record<string, number> = { north: 1, south: 2, east: 3, west: 4 };
  return {
    ...plan,
    ...changes,
    azureStack: sites.map((name) => ({
      ...plan.azureStack,
      name,
      resourceGroup: `rg-${name}`,
      addressSpace: [`10.${octets[name]}.0.0/16`],
      workloadSubnet: `10.${octets[name]}.1.0/24`,
      gatewaySubnet: `10.${octets[name]}.255.0/27`,
    })),
  };
}

function resolvedOf(body: Record<string, unknown>): ResolvedPlan {
  const result = validateBoundPlan(body, TEST_STAMPS);
  if (!result.ok) throw new Error(`fixture: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

function put(store: MemoryStore, body: unknown, name = 'contoso', options: Partial<StartOptions> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return replaceConnection(store, name, text, { contentType: 'application/json', stamps: TEST_STAMPS, ...options });
}

/** A store holding a completed run of the three-site fleet. */
function builtFleet(runtimeStatus = 'Completed', input: unknown = undefined): MemoryStore {
  const store = new MemoryStore();
  store.put('hc-contoso', { runtimeStatus, input: input ?? { planVersion: 2, plan: resolvedOf(fleetBody(SITES)) } });
  return store;
}

describe('PUT /api/connections/{name}', () => {
  it('starts hc-<name> with the new plan and its change, and answers 202 with the status document', async () => {
    const store = builtFleet();
    const result = await put(store, fleetBody(['north', 'east', 'west']));
    expect(result.status).toBe(202);
    expect(result.headers).toEqual({ Location: '/api/connections/contoso' });
    const [started] = store.started;
    const south = resolvedOf(fleetBody(SITES)).azureStack[1];
    expect(started).toEqual({
      orchestrator: 'provisionHybridConnection',
      instanceId: 'hc-contoso',
      input: {
        planVersion: 2,
        plan: resolvedOf(fleetBody(['north', 'east', 'west'])),
        change: { added: ['west'], removed: [south], unchanged: ['north', 'east'], revision: 1 },
      },
    });
    const status = result.body as ConnectionStatusBody;
    expect(Object.keys(status.sites)).toEqual(['north', 'east', 'west']);
    expect(status.change).toEqual({ added: ['west'], removed: ['south'], unchanged: ['north', 'east'], removals: {} });
  });

  it("ends a running key schedule (its sites are the old plan's); the run's success starts the new one", async () => {
    const store = builtFleet();
    store.put(keyScheduleInstanceId('contoso'), { name: 'keySchedule', runtimeStatus: 'Running' });
    expect((await put(store, fleetBody(['north', 'south', 'east', 'west']))).status).toBe(202);
    expect(store.raised.map((event) => [event.instanceId, event.eventName])).toEqual([
      [keyScheduleInstanceId('contoso'), STOP_SCHEDULE_EVENT],
    ]);
  });

  it('refuses another content type unread (415), a name that is not the route’s, and a hub changed in place (400)', async () => {
    const store = builtFleet();
    expect((await put(store, fleetBody(SITES), 'contoso', { contentType: 'text/plain' })).status).toBe(415);
    const renamed = await put(store, fleetBody(SITES), 'other');
    expect(renamed).toMatchObject({ status: 400, body: { errors: [{ path: 'name' }] } });
    const plan = minimalPlan() as unknown as { azure: Record<string, unknown> };
    const hub = await put(store, fleetBody(SITES, { azure: { ...plan.azure, gatewaySku: 'VpnGw2AZ' } }));
    expect(hub).toMatchObject({ status: 400, body: { errors: [{ path: 'azure.gatewaySku' }] } });
    expect(store.started).toEqual([]);
  });

  it('answers 404 for no connection, 409 while a run or teardown runs and once it was torn down', async () => {
    expect((await put(new MemoryStore(), fleetBody(SITES))).status).toBe(404);
    const running = builtFleet('Running');
    expect(await put(running, fleetBody(SITES))).toMatchObject({ status: 409 });
    const tearing = builtFleet();
    tearing.put('hc-contoso:teardown', { name: 'teardownHybridConnection', runtimeStatus: 'Running' });
    expect(await put(tearing, fleetBody(SITES))).toMatchObject({ status: 409 });
    const deleted = builtFleet();
    deleted.put('hc-contoso:teardown', {
      name: 'teardownHybridConnection',
      runtimeStatus: 'Completed',
      createdTime: '2099-01-01T00:00:00.000Z',
    });
    expect(await put(deleted, fleetBody(SITES))).toMatchObject({
      status: 409,
      body: { error: { code: 'ConnectionDeleted' } },
    });
    for (const store of [running, tearing, deleted]) expect(store.started).toEqual([]);
  });

  it('carries the removals of a replacement that failed to the next PUT and to DELETE', async () => {
    const fleet = resolvedOf(fleetBody(SITES));
    const south = fleet.azureStack[1];
    const failedInput = {
      planVersion: 2,
      plan: resolvedOf(fleetBody(['north', 'east'])),
      change: { added: [], removed: [south], unchanged: ['north', 'east'], revision: 3 },
    };
    const again = builtFleet('Failed', failedInput);
    expect((await put(again, fleetBody(['north', 'east']))).status).toBe(202);
    expect(again.started[0]?.input).toMatchObject({ change: { removed: [south], revision: 4 } });

    const teardown = builtFleet('Failed', failedInput);
    expect((await deleteConnection(teardown, 'contoso')).status).toBe(202);
    const input = teardown.started[0]?.input as { plan: ResolvedPlan };
    expect(input.plan.azureStack.map((site) => site.name)).toEqual(['north', 'east', 'south']);
  });
});

describe('POST /api/connections of an existing fleet', () => {
  const post = (store: MemoryStore, body: unknown) =>
    startConnection(store, JSON.stringify(body), { contentType: 'application/json', stamps: TEST_STAMPS });

  it('refuses a plan that leaves a site out (409, pointing at PUT), and reruns one that keeps them all', async () => {
    const store = builtFleet();
    const dropped = await post(store, fleetBody(['north', 'east']));
    expect(dropped).toMatchObject({
      status: 409,
      body: { error: { code: 'SitesWouldBeLeftBehind' }, sites: ['south'] },
    });
    expect(store.started).toEqual([]);
    expect((await post(store, fleetBody(['north', 'south', 'east', 'west']))).status).toBe(202);
  });

  it('starts a fleet of any sites once the connection was torn down', async () => {
    const store = builtFleet();
    store.put('hc-contoso:teardown', {
      name: 'teardownHybridConnection',
      runtimeStatus: 'Completed',
      createdTime: '2099-01-01T00:00:00.000Z',
    });
    expect((await post(store, fleetBody(['west']))).status).toBe(202);
  });
});
