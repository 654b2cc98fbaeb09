// A fleet driven end to end against canned clouds: one hub and three Azure Stack Hub sites, built in parallel (one
// hub gateway, not three), each site linked to the hub by its own linkSite child with its own names, key and events;
// then the same fleet with one site failing: the run fails naming that site, the other two are linked all the same.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import type { ProvisionSummary } from '../../lib/api/connectionStatus';
import { LINK_STAGES, SITE_STAGES } from '../../lib/stages';
import type { LinkOutcome } from '../../orchestrations/linkSite';
import type { MonitorInput } from '../../orchestrations/orchestrationTypes';
import type { ConnectionStatus, LinkStatus } from '../../orchestrations/statusTypes';
import type { CannedClouds } from './cannedClouds';
import type { DriveResult } from './episodeDriver';
import {
  FLEET_OCTETS as OCTET,
  FLEET_SITES as SITES,
  MINUTE,
  START,
  driveProvisioning,
  minutesAfter,
  fleetPlan,
  fleetWorld,
} from './fixtures';
import { callsOf, on, statusAfter } from './fleetRun';

describe('a fleet of three sites, driven end to end', () => {
  let run: DriveResult;
  let world: CannedClouds;
  const plan = fleetPlan({ ticketId: 'CHG0001' });

  beforeAll(async () => {
    world = fleetWorld();
    run = await driveProvisioning(world, plan);
  });

  it('completes, with one provisionSite for the hub and one per site, and one linkSite per site, all in parallel', () => {
    expect(run.runtimeStatus).toBe('Completed');
    const children = [...run.children.keys()].filter((id) => !id.includes(':event:'));
    expect(children.sort()).toEqual(
      [
        'hc-contoso:azure',
        'hc-contoso:site-north',
        'hc-contoso:site-south',
        'hc-contoso:site-east',
        'hc-contoso:link-north',
        'hc-contoso:link-south',
        'hc-contoso:link-east',
      ].sort(),
    );
    const firstCall = (instance: string) => run.calls.find((call) => call.instanceId === instance)?.at;
    const sites = ['hc-contoso:azure', ...SITES.map((site) => `hc-contoso:site-${site}`)];
    expect(new Set(sites.map(firstCall)).size).toBe(1);
    const links = SITES.map((site) => `hc-contoso:link-${site}`);
    expect(new Set(links.map(firstCall)).size).toBe(1);
  });

  it('builds the hub gateway once, and takes about one gateway build, not three', () => {
    expect(callsOf(run, ACTIVITY.beginGateway, on('azure'))).toHaveLength(1);
    expect(
      callsOf(run, ACTIVITY.beginGateway, (input) => (input.target as { cloud: string }).cloud === 'azureStack'),
    ).toHaveLength(3);
    // The hub's gateway (32 virtual minutes) is the long pole; the tunnel and the pings follow it once.
    const minutes = (run.endedAt.getTime() - START.getTime()) / MINUTE;
    expect(minutes).toBeLessThan(45);
  });

  it('gives each site its own hub-side local network gateway and connection, named after it, with its own key', () => {
    for (const site of SITES) {
      const [lgw] = callsOf(run, ACTIVITY.ensureLocalNetworkGateway, on('azure', site));
      expect(lgw?.input).toMatchObject({
        gatewayIpAddress: `192.168.10${OCTET[site]}.20`,
        addressPrefixes: [`10.${OCTET[site]}.0.0/16`],
        target: { tags: { 'hc-site': site } },
      });
      const [connection] = callsOf(run, ACTIVITY.beginConnection, on('azure', site));
      expect(connection?.input).toMatchObject({
        sharedKeySecretName: `hc-contoso-${site}-psk`,
        localNetworkGatewayId: expect.stringMatching(
          new RegExp(`/localNetworkGateways/lgw-contoso-to-${site}$`),
        ) as unknown,
      });
      const [stackSide] = callsOf(run, ACTIVITY.beginConnection, on('azureStack', site));
      expect(stackSide?.input).toMatchObject({ sharedKeySecretName: `hc-contoso-${site}-psk` });
      const [stackLgw] = callsOf(run, ACTIVITY.ensureLocalNetworkGateway, on('azureStack', site));
      expect(stackLgw?.input).toMatchObject({ gatewayIpAddress: '20.50.1.10', addressPrefixes: ['10.100.0.0/16'] });
    }
    // Each key's secret is the site's own, and names its tunnel (connection and site) as its owner.
    const keys = callsOf(run, ACTIVITY.ensureSharedKey).map((call) => call.input as { secretName: string });
    expect(keys.sort((a, b) => a.secretName.localeCompare(b.secretName))).toEqual(
      [...SITES]
        .sort()
        .map((site) => ({ secretName: `hc-contoso-${site}-psk`, owner: { connection: 'contoso', site } })),
    );
    // The hub's shared resources carry no site.
    expect(callsOf(run, ACTIVITY.ensureVirtualNetwork, on('azure'))).toHaveLength(1);
  });

  it("pings each site's VM from the hub VM", () => {
    const targets = callsOf(run, ACTIVITY.beginPing).map((call) => (call.input as { targetIp: string }).targetIp);
    expect(targets.sort()).toEqual(SITES.map((site) => `10.${OCTET[site]}.1.4`).sort());
  });

  it('publishes the hub’s events once and each site’s under its own ids, each naming its site', () => {
    const ids = world.events.map((event) => event.id);
    expect(ids.filter((id) => id === 'hc-contoso/gateway/azure')).toHaveLength(1);
    expect(ids.filter((id) => id === 'hc-contoso/site/azure')).toHaveLength(1);
    for (const site of SITES) {
      for (const id of [
        `hc-contoso/gateway/azureStack-${site}`,
        `hc-contoso/site/azureStack-${site}`,
        `hc-contoso/connection/azure-${site}`,
        `hc-contoso/connection/azureStack-${site}`,
      ]) {
        const event = world.events.find((each) => each.id === id);
        expect({ id, site: event?.data.site }).toEqual({ id, site });
      }
    }
    expect(ids[0]).toBe('hc-contoso/started/all');
    expect(ids.at(-1)).toBe('hc-contoso/succeeded/all');
    // Started, Succeeded, the hub's Gateway.Ready and Site.Ready, and four per site.
    expect(ids).toHaveLength(4 + 4 * SITES.length);
    const succeeded = world.events.at(-1)?.data as { fleet?: Record<string, unknown>; connectivityVerified?: unknown };
    expect(Object.keys(succeeded.fleet ?? {})).toEqual([...SITES]);
    expect(succeeded.connectivityVerified).toBe(true);
    expect((run.output as ProvisionSummary).events.sort()).toEqual([...ids].sort());
  });

  it('summarises every site, and hands every pair to one health monitor', () => {
    const summary = run.output as ProvisionSummary;
    expect(Object.keys(summary.pairs ?? {})).toEqual([...SITES]);
    expect(summary.pairs?.south).toMatchObject({
      sharedKey: { secretName: 'hc-contoso-south-psk' },
      connectivity: { verified: true },
      site: { vmPrivateIp: '10.2.1.4', gatewayPublicIp: '192.168.102.20' },
    });
    expect(world.monitorStarts).toHaveLength(1);
    const input = world.monitorStarts[0]?.input as MonitorInput;
    expect(input.pairs?.map((pair) => pair.site)).toEqual([...SITES]);
    expect(input.pairs?.[1]?.connectionIds.azure).toMatch(/\/connections\/cn-contoso-to-south$/);
    expect(input.connectionIds).toEqual(input.pairs?.[0]?.connectionIds);
  });

  it("keeps the run's status to its first site, and each link's to its own pair", () => {
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.phase).toBe('succeeded');
    expect(status.stages.azure.connection?.resourceId).toMatch(/cn-contoso-to-north$/);
    for (const site of SITES) {
      const link = run.children.get(`hc-contoso:link-${site}`);
      const last = link?.customStatuses.at(-1) as LinkStatus;
      expect(last).toMatchObject({ kind: 'link', site, phase: 'succeeded', tunnel: { state: 'connected' } });
    }
  });
  it('has every site under `sites`, the hub under `hub`, and the first site in the fields of before fleets', () => {
    const status = statusAfter(run, plan);
    expect(status.phase).toBe('succeeded');
    expect(Object.keys(status.sites)).toEqual([...SITES]);
    for (const site of SITES) {
      const entry = status.sites[site];
      expect(entry?.tunnel).toEqual({
        state: 'connected',
        connectionStatus: { azure: 'Connected', azureStack: 'Connected' },
      });
      expect(entry?.verify).toMatchObject({ state: 'succeeded', reachable: true });
      expect(entry?.addresses).toEqual({
        vmPrivateIp: `10.${OCTET[site]}.1.4`,
        gatewayPublicIp: `192.168.10${OCTET[site]}.20`,
      });
      expect(Object.keys(entry?.stages.azure ?? {})).toEqual([...LINK_STAGES]);
      expect(entry?.stages.azure.connection?.resourceId).toMatch(new RegExp(`cn-contoso-to-${site}$`));
      expect(Object.values(entry?.stages.azureStack ?? {}).every((stage) => stage?.state === 'succeeded')).toBe(true);
    }
    // The hub's shared stages: what provisionSite builds there.
    expect(Object.keys(status.hub.stages)).toEqual([...SITE_STAGES]);
    expect(Object.values(status.hub.stages).every((stage) => stage?.state === 'succeeded')).toBe(true);
    expect(status.hub.addresses).toEqual({ vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.50.1.10' });
    expect(status.stages.azureStack).toEqual(status.sites.north?.stages.azureStack);
    expect(status.addresses.azureStack).toEqual(status.sites.north?.addresses);
    expect(status.errors).toEqual([]);
  });
});

describe('a fleet of three sites, one failing', () => {
  let run: DriveResult;
  let world: CannedClouds;
  const plan = fleetPlan();

  beforeAll(async () => {
    world = fleetWorld({ sites: { south: { terminal: { [ACTIVITY.beginVirtualMachine]: 'QuotaExceeded' } } } });
    run = await driveProvisioning(world, plan);
  });

  it('fails naming the site, cloud, stage, code and hint of the failure', () => {
    expect(run.runtimeStatus).toBe('Failed');
    expect(run.error).toMatch(/^QuotaExceeded at azureStack-south\/virtualMachine: /);
    const status = run.customStatuses.at(-1) as ConnectionStatus;
    expect(status.errors).toEqual([
      expect.objectContaining({
        cloud: 'azureStack',
        site: 'south',
        stage: 'virtualMachine',
        code: 'QuotaExceeded',
        hint: expect.any(String) as unknown,
      }),
    ]);
    const failed = world.events.find((event) => event.type === 'HybridConnection.Provisioning.Failed');
    expect(failed).toMatchObject({
      id: 'hc-contoso/failed/azureStack-south',
      data: {
        site: 'south',
        stage: 'virtualMachine',
        code: 'QuotaExceeded',
        errors: [{ cloud: 'azureStack', site: 'south', stage: 'virtualMachine', code: 'QuotaExceeded' }],
      },
    });
  });

  it('links the other sites all the same, and nothing of the failed one', () => {
    for (const site of ['north', 'east']) {
      const link = run.children.get(`hc-contoso:link-${site}`)?.output as LinkOutcome;
      expect({ site, ok: link.ok }).toEqual({ site, ok: true });
      expect(world.events.map((event) => event.id)).toContain(`hc-contoso/connection/azure-${site}`);
    }
    const south = run.children.get('hc-contoso:link-south')?.output as LinkOutcome;
    expect(south).toMatchObject({ ok: false, site: 'south' });
    expect(callsOf(run, ACTIVITY.beginConnection, on('azure', 'south'))).toHaveLength(0);
    expect(callsOf(run, ACTIVITY.ensureLocalNetworkGateway, on('azure', 'south'))).toHaveLength(0);
    // keep (the default): nothing deleted, the monitor not started.
    expect(callsOf(run, ACTIVITY.beginDeleteResource)).toHaveLength(0);
    expect(world.monitorStarts).toEqual([]);
  });

  it('watched the failed site’s gateway to its end before failing (no rollback would race it)', () => {
    const gatewayReads = callsOf(run, ACTIVITY.getGatewayState, on('azureStack', 'south'));
    const failedAt = world.events.find((event) => event.type === 'HybridConnection.Provisioning.Failed')?.time ?? '';
    expect(gatewayReads.length).toBeGreaterThan(0);
    expect(Date.parse(gatewayReads.at(-1)?.at ?? '')).toBeLessThan(Date.parse(failedAt));
  });

  it("shows the failed site's error at that site, and the run's errors naming it", () => {
    const status = statusAfter(run, plan);
    expect(status.phase).toBe('failed');
    expect(status.sites.south?.error).toMatchObject({ cloud: 'azureStack', site: 'south', code: 'QuotaExceeded' });
    expect(status.sites.north?.error).toBeUndefined();
    expect(status.sites.north?.tunnel.state).toBe('connected');
    expect(status.errors.map((failure) => [failure.site, failure.code])).toEqual([['south', 'QuotaExceeded']]);
  });
});

describe('a fleet of three sites, one failing, rolled back', () => {
  it("deletes the connection's inventory on the hub and on every site's stamp", async () => {
    const world = fleetWorld({ sites: { south: { terminal: { [ACTIVITY.beginVirtualMachine]: 'QuotaExceeded' } } } });
    const run = await driveProvisioning(world, fleetPlan({ 'options.onFailure': 'rollback' }));
    expect(run.runtimeStatus).toBe('Failed');
    const rollback = run.children.get('hc-contoso:rollback');
    expect(rollback?.runtimeStatus).toBe('Completed');
    expect([...(rollback?.children.keys() ?? [])].filter((id) => !id.includes(':event:')).sort()).toEqual(
      ['hc-contoso:rollback:azure', ...SITES.map((site) => `hc-contoso:rollback:site-${site}`)].sort(),
    );
    const deleted = world.deleted.map((id) => id.split('/').slice(-2).join('/'));
    // The linked sites' hub-side resources went.
    for (const site of ['north', 'east']) {
      expect(deleted).toEqual(
        expect.arrayContaining([`connections/cn-contoso-to-${site}`, `localNetworkGateways/lgw-contoso-to-${site}`]),
      );
    }
    // The rollback deletes the connection's tagged inventory, whatever exists (the canned listing reports every site
    // as finished, so south's hub-side names are listed too; test/e2e/rollback.test.ts holds the real listing).
    // Every group of the connection went, south's too.
    expect(deleted.filter((id) => id.startsWith('resourceGroups/')).sort()).toEqual(
      ['resourceGroups/rg-contoso-hybrid', ...SITES.map((site) => `resourceGroups/rg-${site}`)].sort(),
    );
    expect((run.customStatuses.at(-1) as ConnectionStatus).rollback).toEqual({
      state: 'succeeded',
      instanceId: 'hc-contoso:rollback',
    });
  });
});

describe('a fleet whose hub gateway takes one connection write at a time', () => {
  it('waits out AnotherOperationInProgress beyond the attempts of other failures: every site links', async () => {
    // Thirty busy answers on the hub's connection writes, spread over three sites: ten each, twice the five attempts a
    // 5xx gets, as Azure answers while the gateway writes another site's connection.
    const busy = { code: 'AnotherOperationInProgress', httpStatus: 409 };
    const world = fleetWorld({
      flaky: { [ACTIVITY.beginConnection]: { azure: { error: busy, times: 30, latencyMs: 1000 } } },
    });
    const run = await driveProvisioning(world, fleetPlan());
    expect(run.runtimeStatus).toBe('Completed');
    const hubWrites = callsOf(
      run,
      ACTIVITY.beginConnection,
      (input) => (input.target as { cloud?: string }).cloud === 'azure',
    );
    expect(hubWrites.length).toBe(30 + SITES.length);
    // Each retry came at least 30 s after the busy answer (not the 5 s backoff of a counted attempt).
    const bySite = new Map<string, number[]>();
    for (const call of hubWrites) {
      const site = String((call.input as { target?: { site?: string } }).target?.site);
      bySite.set(site, [...(bySite.get(site) ?? []), Date.parse(call.at)]);
    }
    for (const times of bySite.values()) {
      for (let index = 1; index < times.length; index += 1) {
        expect((times[index] ?? 0) - (times[index - 1] ?? 0)).toBeGreaterThanOrEqual(30_000);
      }
    }
  });

  it('still fails a write whose busy answers outlast an hour, with the busy code', async () => {
    const busy = { code: 'AnotherOperationInProgress', httpStatus: 409 };
    const world = fleetWorld({ throws: { [ACTIVITY.beginConnection]: { azure: busy } } });
    const run = await driveProvisioning(world, fleetPlan());
    expect(run.runtimeStatus).toBe('Failed');
    expect((run.customStatuses.at(-1) as ConnectionStatus).error).toMatchObject({ code: 'AnotherOperationInProgress' });
    expect(minutesAfter(START, run.endedAt.toISOString())).toBeGreaterThan(60);
  });
});
