// A replacing run (PUT /api/connections/{name}) against canned clouds: a fleet of north, south and east becomes
// north, east and west. The run stops the health monitor once its pre-flight passed (raising StopMonitor itself),
// removes south (what the hub holds of it, and its stamp: nothing else), builds and links west, and starts a monitor
// of the new sites. A failing replacement with onFailure rollback removes only the site it added, and restarts the
// monitor of the sites that stayed.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import type { ResolvedPlan } from '../../lib/plan';
import type { MonitorInput } from '../../orchestrations/orchestrationTypes';
import type { ConnectionStatus } from '../../orchestrations/statusTypes';
import type { CannedClouds } from './cannedClouds';
import type { DriveResult } from './episodeDriver';
import { START, driveReplacement, fleetPlan, fleetWorld } from './fixtures';

const STORED = fleetPlan();

/** The stored fleet with south replaced by west (its own group and addresses). */
function grownPlan(changes: Partial<ResolvedPlan> = {}): ResolvedPlan {
  const [north, south, east] = STORED.azureStack;
  if (!north || !south || !east) throw new Error('fixture fleet has three sites');
  const west = {
    ...south,
    name: 'west',
    resourceGroup: 'rg-west',
    addressSpace: ['10.4.0.0/16'],
    workloadSubnet: '10.4.1.0/24',
    gatewaySubnet: '10.4.255.0/27',
  };
  return { ...STORED, ...changes, azureStack: [north, east, west] };
}

function worldWithWest(options: Parameters<typeof fleetWorld>[0] = {}): CannedClouds {
  return fleetWorld({
    hubSites: ['north', 'east', 'west'],
    ...options,
    sites: { ...options.sites, west: { publicIp: '192.168.104.20', privateIp: '10.4.1.4', ...options.sites?.west } },
  });
}

describe('a replacing run: south leaves, west joins', () => {
  let run: DriveResult;
  let world: CannedClouds;

  beforeAll(async () => {
    world = worldWithWest({ monitorRunningUntil: new Date(START.getTime() + 10_000) });
    run = await driveReplacement(STORED, grownPlan(), world);
  });

  it('completes, and its status names the change and what the removal deleted on each side', () => {
    expect(run.runtimeStatus).toBe('Completed');
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.change).toMatchObject({ added: ['west'], removed: ['south'], unchanged: ['north', 'east'] });
    const removal = status.change?.removals.south;
    expect(removal?.state).toBe('succeeded');
    // On the hub only south's connection and local network gateway; on its stamp everything of ours in rg-south.
    expect(removal?.deleted.azure.map((id) => id.split('/').slice(-2).join('/'))).toEqual([
      'connections/cn-contoso-to-south',
      'localNetworkGateways/lgw-contoso-to-south',
    ]);
    expect(removal?.deleted.azureStack.length).toBeGreaterThan(2);
    expect(removal?.deleted.azureStack.every((id) => id.includes('/resourceGroups/rg-south'))).toBe(true);
  });

  it('deletes nothing of the hub itself or of the sites that stay', () => {
    const deleted = world.deleted;
    expect(deleted.some((id) => /rg-(north|east|west)\b/.test(id))).toBe(false);
    const onHub = deleted.filter((id) => !id.includes('/resourceGroups/rg-south'));
    expect(onHub.every((id) => /-to-south$/.test(id))).toBe(true);
  });

  it('stops the monitor (raising StopMonitor itself) before it removes anything, and starts one of the new sites', () => {
    const stops = run.calls.filter((call) => call.name === ACTIVITY.stopMonitor);
    expect((stops[0]?.input as { raise?: boolean }).raise).toBe(true);
    expect(stops.slice(1).every((call) => (call.input as { raise?: boolean }).raise === undefined)).toBe(true);
    const lastStop = Date.parse(stops.at(-1)?.at ?? '');
    const firstDelete = run.calls.find((call) => call.name === ACTIVITY.beginDeleteResource);
    expect(Date.parse(firstDelete?.at ?? '')).toBeGreaterThanOrEqual(lastStop);
    expect(world.monitorStops.some((stop) => stop.terminate)).toBe(false);
    const [monitor] = world.monitorStarts;
    const pairs = (monitor?.input as MonitorInput).pairs ?? [];
    expect(pairs.map((pair) => pair.site)).toEqual(['north', 'east', 'west']);
  });

  it('removes south in two teardownSite children of its own, beside the links', () => {
    const ids = [...run.children.keys()].filter((id) => id.includes(':remove-'));
    expect(ids.sort()).toEqual(['hc-contoso:remove-south:azure', 'hc-contoso:remove-south:azureStack']);
  });
});

describe('a failing replacement with onFailure rollback', () => {
  it('rolls back the site it added and nothing else', async () => {
    const plan = grownPlan({ options: { ...STORED.options, onFailure: 'rollback' } });
    const world = worldWithWest({
      sites: { west: { terminal: { [ACTIVITY.beginGateway]: 'GatewaySubnetTooSmall' } } },
    });
    const run = await driveReplacement(STORED, plan, world);
    expect(run.runtimeStatus).toBe('Failed');
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.error).toMatchObject({ code: 'GatewaySubnetTooSmall', site: 'west' });
    expect(status.rollback).toEqual({ state: 'succeeded', instanceId: 'hc-contoso:rollback-west:azure' });
    // The removal of south went ahead; the rollback deleted west's, and nothing of north, east or the hub.
    expect(world.deleted.some((id) => /rg-(north|east)\b/.test(id))).toBe(false);
    const hubDeletes = world.deleted.filter((id) => !/rg-(south|west)\b/.test(id));
    expect(hubDeletes.every((id) => /-to-(south|west)$/.test(id))).toBe(true);
    expect(world.deleted.some((id) => /-to-west$/.test(id) || /rg-west\b/.test(id))).toBe(true);
    // The sites that stayed are watched again: the run had stopped their monitor.
    const [monitor] = world.monitorStarts;
    expect(((monitor?.input as MonitorInput).pairs ?? []).map((pair) => pair.site)).toEqual(['north', 'east']);
  });
});
