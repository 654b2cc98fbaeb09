// A fleet in the CLI as pure functions over canned status documents: the view reads the hub, every site and the
// sites a replacing run removes (a single-site connection's view stays as it was); `status` and the live view draw
// the hub's stages once, then a row per site with its state, stages, ping and failure; the plain log of `up`/`watch`
// says each site's changes; the closing lines sum up each site; event ids and failures name their site.
import { parseConnectionView, type ConnectionView } from '../../cli/client/apiTypes';
import { failuresBesideSites, siteStateOf } from '../../cli/render/fleetView';
import { eventLabel } from '../../cli/render/labels';
import { outcomeLines } from '../../cli/render/outcomeLines';
import { PlainLog } from '../../cli/render/plainLog';
import { renderStatus } from '../../cli/render/statusView';
import { SITE_STAGES } from '../../lib/stages';
import { completedFleetStatus, EAST_FAILURE, fleetStatus, withRemovedSite } from './fleetFixtures';
import { completedStatus, MIN, runningStatus, T0 } from './statusFixtures';

const view = (raw: Record<string, unknown>): ConnectionView => parseConnectionView(raw);
const plain = { colour: false, bars: 'ascii' as const };

describe('reading a fleet', () => {
  it('reads the hub, every site in the plan’s order and the sites a replacing run removes', () => {
    const { fleet } = view(withRemovedSite(fleetStatus(), 'west', 'running'));
    expect(Object.keys(fleet?.hub.stages ?? {})).toEqual([...SITE_STAGES]);
    expect(fleet?.hub.addresses).toEqual({ vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.1.2.3' });
    expect(fleet?.sites.map((site) => [site.name, site.tunnel.state, site.tunnel.verify.state])).toEqual([
      ['north', 'connected', 'succeeded'],
      ['south', 'connecting', 'pending'],
      ['east', 'pending', 'pending'],
    ]);
    expect(fleet?.sites[2].error).toEqual(EAST_FAILURE);
    expect(fleet?.sites[2].stages.azureStack.gateway.state).toBe('failed');
    expect(fleet?.removed).toEqual([{ name: 'west', state: 'running', deleted: 2 }]);
  });

  it('leaves a single-site connection’s view as it was, even when the status lists its one site', () => {
    const { north } = fleetStatus().sites as Record<string, unknown>;
    expect(view({ ...completedStatus(), sites: { azurestack: north } })).not.toHaveProperty('fleet');
    expect(view(runningStatus())).not.toHaveProperty('fleet');
    expect(view({ ...completedStatus(), sites: { plant: north } }).fleet?.sites.map((site) => site.name)).toEqual([
      'plant',
    ]);
  });

  it('checks what it reads: hostile or missing fields read as pending, never as a crash', () => {
    const { fleet } = view({
      ...fleetStatus(),
      sites: { odd: { stages: 7, tunnel: 'x', verify: null }, north: 'no' },
      hub: null,
      change: { removed: ['gone', 3], removals: { gone: { state: 9, deleted: { azure: 'x' } } } },
    });
    expect(fleet?.hub).toEqual({ stages: {}, addresses: {} });
    expect(fleet?.sites.map((site) => [site.name, site.tunnel.state, site.error])).toEqual([
      ['odd', 'pending', null],
      ['north', 'pending', null],
    ]);
    expect(fleet?.removed).toEqual([{ name: 'gone', state: '', deleted: 0 }]);
  });
});

describe('status and the live view of a fleet', () => {
  const lines = (raw: Record<string, unknown>, nowMin = 40): string[] =>
    renderStatus(view(raw), { ...plain, serverNowMs: T0 + nowMin * MIN });

  it('draws the hub’s stages once, then one row per site: state, stages, ping, what is under way', () => {
    const text = lines(fleetStatus());
    expect(text[0]).toBe('fleet  ● Running  phase tunnel  40m 00s elapsed  started 2030-01-01 10:00:00Z');
    expect(text[1]).toBe('  Azure hub  gateway public IP 20.1.2.3 · VM private IP 10.100.1.4');
    expect(text.slice(2, 8).map((line) => line.slice(0, 28))).toEqual([
      '    ✔ resource group        ',
      '    ✔ virtual network       ',
      '    ✔ public IP             ',
      '    ✔ VPN gateway           ',
      '    ✔ network interface     ',
      '    ✔ virtual machine       ',
    ]);
    expect(text.slice(8, 12)).toEqual([
      '  Sites  1 of 3 Connected',
      '    north  ✔ Connected              ############ 13/13  ping reachable (4/4 replies)',
      '    south  ● connecting             ##########.. 10/13  ping pending · running tunnel (Azure Stack Hub) ' +
        '1m 00s (+1) · Azure Connecting, Azure Stack Hub Connected',
      '    east   ✖ failed                 ####........  3/13  ping pending · failed VPN gateway',
    ]);
    // East's failure under its row, and not again at the end.
    expect(text.slice(12, 15)).toEqual([
      '           ✖ Failed at Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed',
      '             The gateway could not be provisioned.',
      '             hint: check the stamp capacity for gateways, then rerun',
    ]);
    expect(text.filter((line) => line.includes('VirtualNetworkGatewayProvisioningFailed'))).toHaveLength(1);
    // No per-cloud block of the first site, nor its tunnel line: the rows have every site's.
    expect(text.some((line) => /^ {2}(Azure Stack Hub|Tunnel|Ping)\b/.test(line))).toBe(false);
    expect(text.at(-1)).toBe(
      '  Events  Provisioning.Started · Gateway.Ready (Azure) · Connection.Connected (Azure, site north)',
    );
  });

  it('lists a site being removed below the others, and a failure the rows do not show with its site', () => {
    // East's first failure is under its row; its second one and the hub's are not.
    const status = withRemovedSite(fleetStatus(), 'west', 'failed');
    const hubFailure = { code: 'Conflict', message: 'hub busy', cloud: 'azure', stage: 'gateway' };
    const secondOfEast = { ...EAST_FAILURE, code: 'QuotaExceeded', message: 'no room', stage: 'virtualMachine' };
    const text = lines({ ...status, error: hubFailure, errors: [hubFailure, EAST_FAILURE, secondOfEast] });
    expect(text).toContain('    west   ✖ removal failed         removed from the plan; 2 resource(s) deleted');
    expect(text.filter((line) => line.startsWith('  ✖'))).toEqual([
      '  ✖ Failed at Azure / VPN gateway: Conflict',
      '  ✖ Also failed at site east, Azure Stack Hub / virtual machine: QuotaExceeded',
    ]);
  });

  it('keeps a site’s own failure out of the list beside the rows only when its row shows it', () => {
    const fleetView = view(fleetStatus());
    if (!fleetView.fleet) throw new Error('a fleet');
    expect(failuresBesideSites(fleetView, fleetView.fleet).errors).toEqual([]);
  });

  it('says the same state words as the status page, whatever the run and its teardown are doing', () => {
    const words = (raw: Record<string, unknown>): string[] => {
      const read = view(raw);
      return (read.fleet?.sites ?? []).map((site) => siteStateOf(read, site).words);
    };
    expect(words(fleetStatus())).toEqual(['Connected', 'connecting', 'failed']);
    const start = fleetStatus();
    const sites = start.sites as Record<string, { tunnel: object; stages: Record<string, object> }>;
    sites.south.tunnel = { state: 'pending' };
    sites.north.tunnel = { state: 'notConnected' };
    expect(words(start)).toEqual(['failed (NotConnected)', 'building', 'failed']);
    expect(words({ ...start, runtimeStatus: 'Failed' })).toEqual(['failed (NotConnected)', 'not linked', 'failed']);
    sites.south.stages = { azure: {}, azureStack: { resourceGroup: { state: 'pending' } } };
    expect(words(start)[1]).toBe('not started');
    expect(words({ ...completedFleetStatus(), phase: 'deleting' })).toEqual(Array(3).fill('being torn down'));
    expect(words({ ...completedFleetStatus(), phase: 'deleted' })).toEqual(Array(3).fill('torn down'));
  });
});

describe('following a fleet in a log (up and watch, not a terminal)', () => {
  it('says the hub’s stages, then each site when its state, its stage under way or its ping changes', () => {
    const log = new PlainLog();
    const first = log.update(view(fleetStatus()), T0 + 40 * MIN);
    expect(first).toContain('[40m 00s] Azure hub / VPN gateway: done in 36m 00s');
    expect(first).toContain('[40m 00s] Site north: Connected — 13/13 stages done · ping reachable (4/4 replies)');
    expect(first).toContain('[40m 00s] Site south: connecting — 10/13 stages done, running tunnel (Azure Stack Hub)');
    expect(first).toContain('[40m 00s] Site east: failed — 3/13 stages done');
    expect(first).toContain(
      '[40m 00s] ✖ Failed at site east, Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed',
    );
    // No line of the first site's pair (its stages, its tunnel): the site lines have every site's.
    expect(first.some((line) => /\] (Azure Stack Hub \/|Tunnel:|Ping VM)/.test(line))).toBe(false);
    expect(log.update(view(fleetStatus()), T0 + 41 * MIN)).toEqual([]);
    const done = log.update(view(withRemovedSite(completedFleetStatus(), 'west', 'running')), T0 + 50 * MIN);
    expect(done.filter((line) => line.includes('Site '))).toEqual([
      '[42m 00s] Site south: Connected — 13/13 stages done · ping reachable (4/4 replies)',
      '[42m 00s] Site east: Connected — 13/13 stages done · ping reachable (4/4 replies)',
      '[42m 00s] Site west: being removed, 2 resource(s) deleted',
    ]);
    expect(done.at(-1)).toBe('[42m 00s] fleet: Completed after 42m 00s');
  });

  it('sums up a connected fleet site by site', () => {
    expect(outcomeLines(view(completedFleetStatus()), false)).toEqual([
      '✔ fleet is connected (took 42m 00s)',
      '  Azure hub  gateway 20.1.2.3         VM 10.100.1.4',
      '  site north gateway 203.0.113.11     VM 10.201.1.4       tunnel Connected · ping reachable (4/4 replies)',
      '  site south gateway 203.0.113.12     VM 10.202.1.4       tunnel Connected · ping reachable (4/4 replies)',
      '  site east  gateway 203.0.113.13     VM 10.203.1.4       tunnel Connected · ping reachable (4/4 replies)',
    ]);
    const failed = outcomeLines(view({ ...fleetStatus(), runtimeStatus: 'Failed' }), false);
    expect(failed[0]).toBe(
      '✖ Failed at site east, Azure Stack Hub / VPN gateway: VirtualNetworkGatewayProvisioningFailed',
    );
  });

  it('names a site’s events by their cloud and site, and a single site’s as before', () => {
    expect(eventLabel('hc-fleet/connection/azureStack-north')).toBe(
      'Connection.Connected (Azure Stack Hub, site north)',
    );
    expect(eventLabel('hc-fleet/site/azureStack-plant-2')).toBe('Site.Ready (Azure Stack Hub, site plant-2)');
    expect(eventLabel('hc-contoso/connection/azure')).toBe('Connection.Connected (Azure)');
  });
});
