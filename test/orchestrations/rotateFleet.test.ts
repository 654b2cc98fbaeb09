// A fleet's shared-key rotation, driven episode by episode against the scripted rotation world (rotationWorld.ts) with
// the fleet fixture's three sites: every site's key in the plan's order with no two tunnels down at once, one site
// with `site`, and a failure on the second site that restores it and leaves the third untouched. Then the key
// schedule of a fleet: the provisioning hands it every site's connections, and each period's rotation gets them.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import type { RotationStatus, SiteRotationStatus } from '../../lib/api/connectionStatus';
import type { CloudId } from '../../lib/cloudIds';
import type { HybridConnectionEvent } from '../../lib/events';
import { ROTATION_ORCHESTRATION } from '../../lib/rotationNames';
import { versionedPlan } from '../../orchestrations/planInput';
import type { RotationInput } from '../../orchestrations/rotateSharedKey';
import { drive, type DriveResult } from './episodeDriver';
import { FLEET_SITES, START, driveProvisioning, fleetPlan, fleetWorld } from './fixtures';
import { HistoryBuilder } from './history';
import { invokeOrchestrator } from './invokeOrchestrator';
import { expectRotationReplaysTheSame, RotationWorld, type RotationWorldOptions } from './rotationWorld';

const INSTANCE = 'hc-contoso:rotate-20250301T080000Z';
const idsOf = (site: string): Record<CloudId, string> => ({
  azure: `/subscriptions/a/connections/cn-contoso-to-${site}`,
  azureStack: `/subscriptions/${site}/connections/cn-contoso-to-azure`,
});
const SITE_IDS = Object.fromEntries(FLEET_SITES.map((site) => [site, idsOf(site)]));

async function rotate(
  options: RotationWorldOptions = {},
  site?: string,
): Promise<{ run: DriveResult; world: RotationWorld }> {
  const world = new RotationWorld(options);
  const input: RotationInput = {
    ...versionedPlan(fleetPlan()),
    trigger: 'request',
    connectionIds: idsOf('north'),
    siteConnectionIds: SITE_IDS,
    ...(site !== undefined ? { site } : {}),
  };
  const run = await drive({
    name: ROTATION_ORCHESTRATION.rotateSharedKey,
    instanceId: INSTANCE,
    input,
    start: START,
    world,
    activityLatencyMs: 500,
  });
  expect(run.runtimeStatus).toBe('Completed');
  return { run, world };
}

/** `<site>/<cloud>:<version>` of every set-shared-key, in order. */
function sets(world: RotationWorld): string[] {
  return world.sets.map((set) => `${set.site}/${set.cloud}:${set.version}`);
}

/** The sites each activity of a kind was about (by its target, or by its secret's name). */
function sitesCalled(run: DriveResult): Set<string> {
  const sites = new Set<string>();
  for (const call of run.calls) {
    const input = call.input as { target?: { site?: string }; secretName?: string };
    if (input.target?.site !== undefined) sites.add(input.target.site);
    const secret = /^hc-contoso-(\w+)-psk$/.exec(input.secretName ?? '')?.[1];
    if (secret !== undefined) sites.add(secret);
  }
  return sites;
}

function publishedEvents(run: DriveResult): HybridConnectionEvent[] {
  return run.calls
    .filter((call) => call.name === ACTIVITY.publishEvent)
    .map((call) => (call.input as { event: HybridConnectionEvent }).event);
}

function expectReplaysTheSame(run: DriveResult): Promise<void> {
  return expectRotationReplaysTheSame(run, INSTANCE);
}

describe('rotateSharedKey of a fleet', () => {
  it("rotates every site's own key in the plan's order, one tunnel switching at a time", async () => {
    const { run, world } = await rotate();
    const output = run.output as RotationStatus;
    expect(sets(world)).toEqual(FLEET_SITES.flatMap((site) => [`${site}/azure:v2`, `${site}/azureStack:v2`]));
    // Each site's first set begins only once every other tunnel reads Connected again.
    expect(world.sets.filter((set) => set.othersDown.length > 0)).toEqual([]);
    const secretsWritten = run.calls
      .filter((call) => call.name === ACTIVITY.addSharedKeyVersion)
      .map((call) => (call.input as { secretName: string }).secretName);
    expect(secretsWritten).toEqual(FLEET_SITES.map((site) => `hc-contoso-${site}-psk`));

    const sites = output.sites ?? {};
    expect(Object.keys(sites)).toEqual([...FLEET_SITES]);
    for (const site of FLEET_SITES) {
      expect({ site, entry: sites[site] }).toEqual({
        site,
        entry: {
          state: 'succeeded',
          previousVersion: 'v1',
          newVersion: 'v2',
          downtimeSeconds: expect.any(Number) as unknown,
        },
      });
      expect(sites[site]?.downtimeSeconds).toBeGreaterThan(0);
    }
    const downtimes = Object.values(sites).map((entry: SiteRotationStatus) => entry.downtimeSeconds ?? 0);
    expect(output).toMatchObject({
      instanceId: INSTANCE,
      state: 'succeeded',
      error: null,
      // Each site has its own secret: the versions are the sites'.
      previousVersion: null,
      newVersion: null,
      downtimeSeconds: Math.max(...downtimes),
      events: FLEET_SITES.map((site) => `${INSTANCE}/keyRotated/all-${site}`),
    });
    expect(output).not.toHaveProperty('currentSite');
    const rotated = publishedEvents(run);
    expect(rotated.map((event) => [event.subject, event.data])).toEqual(
      FLEET_SITES.map((site) => [
        `connections/contoso/all-${site}/keyRotated`,
        {
          rotationId: INSTANCE,
          trigger: 'request',
          secretName: `hc-contoso-${site}-psk`,
          previousVersion: 'v1',
          newVersion: 'v2',
          downtimeSeconds: sites[site]?.downtimeSeconds,
          site,
        },
      ]),
    );
    // While it ran, the status said which site was switching and which were still to come.
    const statuses = run.customStatuses as (RotationStatus & { currentSite?: string })[];
    const whileSouth = statuses.find((status) => status.currentSite === 'south');
    expect(whileSouth?.sites).toMatchObject({ north: { state: 'succeeded' }, east: { state: 'pending' } });
    await expectReplaysTheSame(run);
  });

  it('rotates only the site `site` names; its versions are the rotation’s', async () => {
    const { run, world } = await rotate({}, 'south');
    expect(sets(world)).toEqual(['south/azure:v2', 'south/azureStack:v2']);
    expect([...sitesCalled(run)]).toEqual(['south']);
    expect(run.output).toMatchObject({
      state: 'succeeded',
      previousVersion: 'v1',
      newVersion: 'v2',
      sites: { south: { state: 'succeeded', previousVersion: 'v1', newVersion: 'v2' } },
      events: [`${INSTANCE}/keyRotated/all-south`],
    });
    expect(Object.keys((run.output as RotationStatus).sites ?? {})).toEqual(['south']);
  });

  it('a failure on the second site restores that site and leaves the third untouched', async () => {
    const { run, world } = await rotate({ failStackSet: { code: 'SharedKeyUpdateFailed', site: 'south' } });
    expect(sets(world)).toEqual([
      'north/azure:v2',
      'north/azureStack:v2',
      'south/azure:v2',
      'south/azureStack:v2',
      'south/azure:v1',
      'south/azureStack:v1',
    ]);
    expect(sitesCalled(run).has('east')).toBe(false);
    const restoredWrite = run.calls.filter((call) => call.name === ACTIVITY.addSharedKeyVersion).at(-1)?.input;
    expect(restoredWrite).toEqual({ secretName: 'hc-contoso-south-psk', tag: `${INSTANCE}/restore`, copyOf: 'v1' });

    const output = run.output as RotationStatus;
    const error = { code: 'SharedKeyUpdateFailed', cloud: 'azureStack', site: 'south' };
    expect(output).toMatchObject({
      state: 'restored',
      error,
      restoredVersion: 'v3',
      events: [`${INSTANCE}/keyRotated/all-north`, `${INSTANCE}/keyRotationFailed/all-south`],
      sites: {
        north: { state: 'succeeded', newVersion: 'v2' },
        south: { state: 'restored', previousVersion: 'v1', newVersion: 'v2', restoredVersion: 'v3', error },
        east: { state: 'skipped', previousVersion: null, newVersion: null, downtimeSeconds: null },
      },
    });
    const failed = publishedEvents(run).at(-1);
    expect(failed?.data).toMatchObject({ state: 'restored', site: 'south', secretName: 'hc-contoso-south-psk' });
    await expectReplaysTheSame(run);
  });
});

describe('the key schedule of a fleet', () => {
  it("gets every site's connections from the provisioning, and hands them to each period's rotation", async () => {
    const plan = fleetPlan({ 'options.rotateKeyEveryDays': 7 });
    const world = fleetWorld();
    expect((await driveProvisioning(world, plan)).runtimeStatus).toBe('Completed');
    const [started] = world.keyScheduleStarts as { siteConnectionIds?: Record<string, Record<CloudId, string>> }[];
    expect(Object.keys(started?.siteConnectionIds ?? {})).toEqual([...FLEET_SITES]);
    for (const site of FLEET_SITES) {
      expect(started?.siteConnectionIds?.[site]?.azure).toMatch(new RegExp(`/connections/cn-contoso-to-${site}$`));
    }

    // The period ends: the schedule starts the rotation with the whole fleet's connections.
    const instanceId = 'hc-contoso:keyschedule';
    const due = new Date(START.getTime() + 7 * 24 * 3600_000).toISOString();
    const history = new HistoryBuilder(instanceId, START)
      .orchestratorStarted()
      .executionStarted(ROTATION_ORCHESTRATION.sharedKeySchedule, started)
      .timerCreated(0, due)
      .orchestratorCompleted()
      .orchestratorStarted(new Date(due))
      .timerFired(0, due);
    const episode = await invokeOrchestrator(ROTATION_ORCHESTRATION.sharedKeySchedule, {
      instanceId,
      input: started,
      history: history.build(),
      isReplaying: true,
    });
    // The one list of actions: the wait that ended, then the rotation.
    const rotation = episode.state.actions[0]?.[1];
    expect(rotation?.functionName).toBe(ROTATION_ORCHESTRATION.rotateSharedKey);
    expect(rotation?.input).toMatchObject({ trigger: 'schedule', siteConnectionIds: started?.siteConnectionIds });
    expect(rotation?.input).not.toHaveProperty('site');
  });
});
