// A fleet's status page as pure functions: the star (the hub in the centre, a spoke and a node per site coloured by
// its tunnel, a site a replacing run removes drawn as going or gone) with the same facts in a table of sites; the
// timeline's hub and site rows; errors and events naming their site; what a refresh announces; the browser's copy of
// the renderer drawing the same; and a single-site connection keeping its blueprint.
import { runInNewContext } from 'node:vm';
import { layoutOf, type ConnectionPageData } from '../../functions/view/pageModel';
import { rendererSource } from '../../functions/view/pageDocument';
import { createPageRenderer, PAGE_PARTS, type PageRenderer } from '../../functions/view/pageRenderer';
import { PAGE_VOCABULARY } from '../../functions/view/pageVocabulary';
import { validatePlan } from '../../lib/plan';
import { completedFleetStatus, FLEET_SITES, fleetStatus, withRemovedSite } from '../cli/fleetFixtures';
import { completedStatus } from '../cli/statusFixtures';
import { minimalPlan } from '../lib/planFixtures';
import { partStates } from './markupParts';

const renderer = createPageRenderer(PAGE_VOCABULARY, PAGE_PARTS);

/** minimalPlan() with three sites, north, south and east, on 10.201-203.0.0/16. */
function fleetPlan(): unknown {
  const plan = minimalPlan();
  const sites = FLEET_SITES.map((name, index) => ({
    ...plan.azureStack,
    name,
    resourceGroup: `rg-fleet-${name}`,
    addressSpace: [`10.${201 + index}.0.0/16`],
    workloadSubnet: `10.${201 + index}.1.0/24`,
    gatewaySubnet: `10.${201 + index}.255.0/27`,
  }));
  return { ...plan, name: 'fleet', azureStack: sites };
}

function pageData(status: unknown, plan: unknown = fleetPlan()): ConnectionPageData {
  const validation = validatePlan(plan);
  if (!validation.ok) throw new Error(`the fixture plan must be valid: ${JSON.stringify(validation.errors)}`);
  return {
    name: 'fleet',
    statusPath: '/api/connections/fleet',
    refreshMs: 3000,
    layout: layoutOf(validation.plan),
    status,
  };
}

/** The class attribute of the element with that data-part. */
function classOf(html: string, part: string): string | undefined {
  return new RegExp(`class="([^"]*)" data-part="${part}"`).exec(html)?.[1];
}

/** Each row of the sites table as its cells' text. */
function tableRows(html: string): string[][] {
  const table = /<table data-part="sites">(.*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr data-part="row-[^"]+"[^>]*>(.*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((cell) => cell[1].replace(/<[^>]+>/g, '')),
  );
}

describe('the star of a fleet', () => {
  it('draws the hub and one spoke per site, each coloured by its tunnel, instead of the blueprint', () => {
    const html = renderer.renderConnection(pageData(fleetStatus()), { live: true });
    expect(html).toContain('<h2>Hub and sites</h2>');
    expect(html).not.toContain('<h2>Blueprint</h2>');
    expect(html.match(/data-part="spoke-/g)).toHaveLength(3);
    expect(partStates(html)).toMatchObject({
      hub: 'succeeded',
      'spoke-north': 'succeeded',
      'node-north': 'succeeded',
      'spoke-south': 'running',
      'spoke-east': 'failed',
      'node-east': 'failed',
    });
    expect(classOf(html, 'spoke-south')).toBe('tunnel st-running');
    // Each node says its state in words and its address space from the plan.
    expect(html).toMatch(/data-part="node-south".*?tunnel connecting.*?10\.202\.0\.0\/16/);
    expect(html).toContain('<title id="star-title">Hub and sites of fleet: 1 of 3 tunnels Connected</title>');
    expect(html).toContain('each tunnel to the hub: north: Connected; south: connecting; east: failed.</desc>');
    expect(html).toContain('role="img" aria-labelledby="star-title star-desc"');
  });

  it('says the same in a table of sites: tunnel, ping, stages, address space and error, in words', () => {
    const rows = tableRows(renderer.renderConnection(pageData(fleetStatus()), { live: true }));
    expect(rows).toEqual([
      [
        'north',
        'Connected (Azure Connected, Azure Stack Hub Connected)',
        'reachable (4/4 replies)',
        '13 of 13 done',
        '10.201.0.0/16',
        '',
      ],
      [
        'south',
        'connecting (Azure Connecting, Azure Stack Hub Connected)',
        'pending',
        '10 of 13 done; building: tunnel',
        '10.202.0.0/16',
        '',
      ],
      [
        'east',
        'failed',
        'pending',
        '3 of 13 done; failed: VPN gateway',
        '10.203.0.0/16',
        'VirtualNetworkGatewayProvisioningFailed at Azure Stack Hub / VPN gateway: The gateway could not be ' +
          'provisioned. What to do: check the stamp capacity for gateways, then rerun',
      ],
    ]);
  });

  it('draws a site a replacing run removes as going, then gone, with what was deleted', () => {
    const removing = renderer.renderConnection(pageData(withRemovedSite(completedFleetStatus(), 'west', 'running')), {
      live: true,
    });
    expect(removing.match(/data-part="spoke-/g)).toHaveLength(4);
    expect(partStates(removing)['spoke-west']).toBe('running');
    expect(tableRows(removing).at(-1)).toEqual([
      'west',
      'being removed',
      '',
      'removed from the plan; 2 resources deleted',
      '',
      '',
    ]);
    const removed = renderer.renderConnection(pageData(withRemovedSite(completedFleetStatus(), 'west', 'succeeded')), {
      live: true,
    });
    expect(classOf(removed, 'spoke-west')).toBe('tunnel st-pending gone');
    expect(classOf(removed, 'node-west')).toBe('part st-pending gone');
    expect(removed).toContain('<title>Tunnel between the hub and west: removed</title>');
    expect(removed).toContain('Hub and sites of fleet: 3 of 3 tunnels Connected');
    const failed = renderer.renderConnection(pageData(withRemovedSite(completedFleetStatus(), 'west', 'failed')), {
      live: true,
    });
    expect(partStates(failed)['spoke-west']).toBe('failed');
    expect(failed).toContain('>removal failed</span>');
  });

  it('shows every spoke torn down once the connection is deleted', () => {
    const status = {
      ...completedFleetStatus(),
      phase: 'deleted',
      teardown: { runtimeStatus: 'Completed', deleted: { azure: [], azureStack: [] }, error: null, errors: [] },
    };
    const html = renderer.renderConnection(pageData(status), { live: false });
    for (const site of FLEET_SITES) expect(classOf(html, `spoke-${site}`)).toBe('tunnel st-pending gone');
    expect(partStates(html).hub).toBe('pending');
    expect(tableRows(html).map((row) => row[1])).toEqual(['torn down', 'torn down', 'torn down']);
  });

  it('draws many sites as labelled dots on the ring, every one still a spoke and a row', () => {
    const status = completedFleetStatus();
    const one = (status.sites as Record<string, unknown>).north;
    status.sites = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`factory-${i + 1}`, one]));
    const html = renderer.renderConnection(pageData(status), { live: false });
    expect(html.match(/data-part="spoke-/g)).toHaveLength(20);
    expect(html.match(/<rect [^>]*width="18" height="18" rx="9">/g)).toHaveLength(20);
    expect(html).toContain('>factory-20</text>');
    expect(tableRows(html)).toHaveLength(20);
    expect(html).toContain('Hub and sites of fleet: 20 of 20 tunnels Connected');
  });
});

describe('the rest of a fleet’s page', () => {
  it('draws the hub’s stages on the timeline, then one row per site over its span', () => {
    const html = renderer.renderConnection(pageData(fleetStatus()), { live: true });
    expect(html).toMatch(/data-stage="hub\.gateway" data-state="succeeded">.*?36m 00s/);
    expect(html).toMatch(/data-stage="sites\.north" data-state="succeeded">.*?41m 00s/);
    expect(html).toMatch(/data-stage="sites\.south" data-state="running">.*?40m 00s so far/);
    expect(html).toMatch(/data-stage="sites\.east" data-state="failed">.*?20m 00s/);
    expect(html).toContain('Sites: 1 succeeded, 1 running (south), 1 failed (east).');
    expect(html).not.toContain('data-stage="azureStack.');
  });

  it('names the site of each failure and of each site’s event', () => {
    const html = renderer.renderConnection(pageData(fleetStatus()), { live: true });
    expect(html).toContain('<h2>Failed at site east, Azure Stack Hub / VPN gateway</h2>');
    expect(html).toContain('<span>Connection connected — Azure, site north</span>');
    expect(html).toContain('<span>Gateway ready — Azure</span>');
  });

  it('announces the hub’s stages and each site’s tunnel as they change', () => {
    const before = fleetStatus();
    const hub = before.hub as { stages: Record<string, unknown> };
    hub.stages = { ...hub.stages, gateway: { state: 'running' } };
    expect(renderer.changes(before, completedFleetStatus())).toEqual([
      'Run Completed',
      'Azure hub VPN gateway succeeded',
      'Site south Connected',
      'Site east Connected',
    ]);
    expect(
      renderer.changes(completedFleetStatus(), withRemovedSite(completedFleetStatus(), 'west', 'running')),
    ).toEqual(['Site west being removed']);
  });

  it('is drawn the same by the browser’s copy of the renderer', () => {
    const data = pageData(withRemovedSite(fleetStatus(), 'west', 'running'));
    const fromSource = runInNewContext(rendererSource(), {}) as PageRenderer;
    expect(fromSource.renderConnection(data, { live: true })).toBe(renderer.renderConnection(data, { live: true }));
  });
});

describe('what is a fleet', () => {
  it('is a plan of several sites, or of one named site; the layout carries each site’s address space', () => {
    const validation = validatePlan(fleetPlan());
    if (!validation.ok) throw new Error('the fixture plan must be valid');
    expect(layoutOf(validation.plan).fleet).toEqual({
      north: { location: 'local', addressSpace: ['10.201.0.0/16'] },
      south: { location: 'local', addressSpace: ['10.202.0.0/16'] },
      east: { location: 'local', addressSpace: ['10.203.0.0/16'] },
    });
    const single = validatePlan(minimalPlan());
    if (!single.ok) throw new Error('the fixture plan must be valid');
    expect(layoutOf(single.plan)).not.toHaveProperty('fleet');
  });

  it('keeps the blueprint for the one site a plan’s object form has, and draws the star for one named site', () => {
    const { north } = fleetStatus().sites as Record<string, unknown>;
    const single = { ...completedStatus(), sites: { azurestack: north } };
    const html = renderer.renderConnection(pageData(single, minimalPlan()), { live: false });
    expect(html).toContain('<h2>Blueprint</h2>');
    expect(html).not.toContain('data-part="spoke-');
    expect(html).toMatch(/data-stage="azureStack\.gateway"/);
    const named = renderer.renderConnection(pageData({ ...completedStatus(), sites: { plant: north } }), {
      live: false,
    });
    expect(named).toContain('<h2>Hub and sites</h2>');
    expect(partStates(named)['spoke-plant']).toBe('succeeded');
  });
});
