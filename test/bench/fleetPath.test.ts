// The fleet's critical path (one hub, N sites) from a made-up operation log, and the fleet section's arithmetic: the
// hub's gateway shared by every site, its connections and pings queued, the metrics, the table and what breaks the
// scenario.
import { fleetCriticalPath, fleetDurations, type FleetSpan } from '../../bench/fleet/fleetPath';
import {
  describeChain,
  describeFailures,
  fleetFailures,
  fleetMetrics,
  fleetTable,
  type FleetOutcome,
} from '../../bench/fleetBench';
import type { FleetSample } from '../../bench/fleet/measureFleet';

const MIN = 60_000;
const SITES = ['site1', 'site2', 'site3'];

function span(side: 'hub' | 'site', site: string | undefined, type: string, from: number, minutes: number): FleetSpan {
  const id = `/subscriptions/s/resourceGroups/rg-${site ?? 'hub'}/providers/${type}/x`;
  return {
    side,
    ...(site ? { site } : {}),
    resourceId: id,
    kind: 'put',
    start: from * MIN,
    end: (from + minutes) * MIN,
  };
}

/** Hub gateway 35 min, each site's 20; the hub's connection to site i takes `hubConnection[i]` minutes; 1-min pings. */
function fleetRun(siteGatewayMinutes = 20, pings = 3): FleetSpan[] {
  const hubConnection = [1.5, 0.5, 0.5];
  const hub = [
    span('hub', undefined, 'Microsoft.Network/virtualNetworks', 0, 0.3),
    span('hub', undefined, 'Microsoft.Network/publicIPAddresses', 0, 0.1),
    span('hub', undefined, 'Microsoft.Network/virtualNetworkGateways', 0.3, 35),
    span('hub', undefined, 'Microsoft.Network/networkInterfaces', 0.3, 0.1),
    span('hub', undefined, 'Microsoft.Compute/virtualMachines', 0.4, 3),
  ];
  const sites = SITES.flatMap((site, index) => [
    span('site', site, 'Microsoft.Network/virtualNetworks', 0, 0.5),
    span('site', site, 'Microsoft.Network/publicIPAddresses', 0, 0.2),
    span('site', site, 'Microsoft.Network/virtualNetworkGateways', 0.5, siteGatewayMinutes),
    span('site', site, 'Microsoft.Network/networkInterfaces', 0.5, 0.2),
    span('site', site, 'Microsoft.Compute/virtualMachines', 0.7, 6),
    span('site', site, 'Microsoft.Network/localNetworkGateways', 1, 0.4),
    span('site', site, 'Microsoft.Network/connections', siteGatewayMinutes + 1, 2),
    span('hub', site, 'Microsoft.Network/localNetworkGateways', siteGatewayMinutes + 1, 0.2),
    span('hub', site, 'Microsoft.Network/connections', 36, hubConnection[index] ?? 1),
  ]);
  const runCommands = Array.from({ length: pings }, (_, index) => ({
    ...span('hub', undefined, 'Microsoft.Compute/virtualMachines', 40 + index, 1),
    kind: 'action',
  }));
  return [...hub, ...sites, ...runCommands];
}

const input = (spans: FleetSpan[]) => ({
  sites: SITES,
  spans,
  staticPublicIp: { hub: true, sites: { site1: false, site2: false, site3: false } },
  establishMs: { site1: 0.25 * MIN, site2: 0.25 * MIN, site3: 0.25 * MIN },
});

describe('fleetCriticalPath', () => {
  it('goes through the one hub gateway, its connections one at a time, then the pings queued on the hub VM', () => {
    const path = fleetCriticalPath(input(fleetRun()));
    // The hub's connections end at 36.8, 37.3, 37.8 (one at a time), the tunnels are up 15 s later; each ping (1 min)
    // waits for the one before it on the hub's VM.
    expect(path.chain).toEqual([
      'hub:vnet',
      'hub:gateway',
      'hub:connection(site1)',
      'tunnel(site1)',
      'ping(site1)',
      'ping(site2)',
      'ping(site3)',
    ]);
    expect(path.lengthMs).toBeCloseTo((0.3 + 35 + 1.5 + 0.25 + 3) * MIN, -1);
    expect(path.gatewaysOnPath).toBe(1);
  });

  it("puts a site's gateway on the path instead when it is slower than the hub's: still one gateway build", () => {
    // Site gateways of 50 min: site1's connection on its stamp (52.5) is the last of its tunnel's needs.
    const path = fleetCriticalPath(input(fleetRun(50)));
    expect(path.chain.slice(0, 5)).toEqual([
      'site1:vnet',
      'site1:gateway',
      'site1:connection',
      'tunnel(site1)',
      'ping(site1)',
    ]);
    expect(path.gatewaysOnPath).toBe(1);
  });

  it('ends at the last tunnel when nothing was pinged, behind the connections the hub gateway took before it', () => {
    const path = fleetCriticalPath(input(fleetRun(20, 0)));
    expect(path.chain).toEqual([
      'hub:vnet',
      'hub:gateway',
      'hub:connection(site1)',
      'hub:connection(site2)',
      'hub:connection(site3)',
      'tunnel(site3)',
    ]);
    expect(path.lengthMs).toBeCloseTo((0.3 + 35 + 1.5 + 0.5 + 0.5 + 0.25) * MIN, -1);
  });

  it("counts each step's first operation only, and the hub VM's Run Commands as pings in the order they ran", () => {
    const rePut = span('hub', undefined, 'Microsoft.Network/virtualNetworkGateways', 50, 30);
    const { durations, pings } = fleetDurations([...fleetRun(), rePut]);
    expect(durations['hub:gateway']).toBe(35 * MIN);
    expect(durations['hub:connection(site2)']).toBe(0.5 * MIN);
    expect(durations['site1:gateway']).toBe(20 * MIN);
    expect(pings).toEqual([MIN, MIN, MIN]);
  });
});

describe('the fleet section', () => {
  const sample = (sites: number, virtualMin: number, writes = 1, status = 'Completed'): FleetSample => ({
    sites,
    timeScale: 100,
    runtimeStatus: status,
    errors: [],
    wallMs: 30_000,
    virtualMs: virtualMin * MIN,
    criticalPath: { lengthMs: 36 * MIN, chain: [], durations: {}, gatewaysOnPath: 1 },
    hubGatewayWrites: writes,
  });

  it('compares every N with one site and reports the most writes the hub gateway took', () => {
    const metrics = fleetMetrics([sample(1, 36), sample(3, 37.8), sample(10, 39.6)]);
    expect(metrics.fleet_virtual_ratio_3_vs_1).toBeCloseTo(1.05);
    expect(metrics.fleet_virtual_ratio_10_vs_1).toBeCloseTo(1.1);
    expect(metrics.fleet_critical_path_ratio_10).toBeCloseTo(1.1);
    expect(metrics.fleet_virtual_min_3).toBeCloseTo(37.8);
    expect(metrics.fleet_wall_s_10).toBe(30);
    expect(metrics.fleet_hub_gateway_writes).toBe(1);
    expect(metrics.fleet_runs_failed).toBe(0);
    expect(metrics).not.toHaveProperty('fleet_virtual_ratio_1_vs_1');
  });

  it('leaves the times of a run that did not complete out of the metrics, and counts it', () => {
    const metrics = fleetMetrics([sample(1, 36), sample(3, 37, 1, 'Failed'), { sites: 10, error: 'timeout' }]);
    expect(metrics).not.toHaveProperty('fleet_virtual_ratio_3_vs_1');
    expect(metrics).not.toHaveProperty('fleet_virtual_min_3');
    expect(metrics.fleet_runs_failed).toBe(2);
    expect(metrics.fleet_hub_gateway_writes).toBe(1);
  });

  it('breaks on a run that did not complete or a hub gateway written twice, never on timing', () => {
    const outcomes: FleetOutcome[] = [sample(1, 36), sample(3, 90), sample(10, 40, 2), { sites: 20, error: 'timeout' }];
    expect(fleetFailures(outcomes)).toEqual(['10 sites: the hub gateway took 2 writes, not 1', '20 sites: timeout']);
    expect(fleetFailures([sample(3, 36, 1, 'Failed')])).toEqual(['3 sites: Failed']);
  });

  it('reads a chain with the jobs queued on one resource counted', () => {
    expect(describeChain(['hub:gateway', 'hub:connection(a)', 'hub:connection(b)', 'tunnel(b)', 'ping(b)'])).toBe(
      'hub:gateway -> hub:connection ×2 -> tunnel(b) -> ping(b)',
    );
    expect(describeChain(['hub:gateway', 'tunnel(a)', 'ping(a)', 'ping(b)', 'ping(c)'])).toBe(
      'hub:gateway -> tunnel(a) -> ping ×3',
    );
  });

  it('reads the same failure at several sites once, with the sites it hit', () => {
    const conflict = { code: 'AnotherOperationInProgress', cloud: 'azure', stage: 'connection' };
    expect(
      describeFailures([{ ...conflict, site: 'site1' }, { ...conflict, site: 'site3' }, { code: 'StageTimeoutError' }]),
    ).toBe('AnotherOperationInProgress (azure connection) at 2 sites (site1, site3); StageTimeoutError');
  });

  it('tables each N against one site, a failed run with its times and errors but no path', () => {
    const failed = { ...sample(3, 37), runtimeStatus: 'Failed', errors: [{ code: 'AnotherOperationInProgress' }] };
    const table = fleetTable([sample(1, 36), failed, sample(10, 39.6)], 100);
    expect(table.rows).toEqual([
      ['1', 'Completed', '30.0', '36.0', '36.0', '1.00', '1', '1', '1.00'],
      ['3', 'Failed', '30.0', '37.0', 'n/a', 'n/a', 'n/a', '1', 'n/a'],
      ['10', 'Completed', '30.0', '39.6', '36.0', '1.10', '1', '1', '1.10'],
    ]);
    expect(table.notes).toContain('3 sites Failed: AnotherOperationInProgress (its times run to its failure)');
  });
});
