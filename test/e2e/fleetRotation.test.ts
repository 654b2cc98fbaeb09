// A fleet's shared-key rotation end to end, on `serve --simulate --stamps 3`: one POST rotate-key rotates the three
// sites one after the other (the simulator's request log shows each site's two sets before the next site's first),
// every site ends Connected on both ends with its own secret's newest Key Vault version, each site's Rotated event
// names it, a `?site=` the plan does not have is a 400 that starts nothing, the CLI's `rotate-key --wait` names each
// site's new version, and no key value (any version of any site's secret) is in the answers, events, histories,
// custom status, logs, CLI output or task hub files.
import type { ConnectionStatusBody, RotationStatus } from '../../lib/api/connectionStatus';
import { runCli } from '../cli/cliRunner';
import { fleetPlanFor } from './fleetPlan';
import { simEvents, simRequests, startServe, waitFor, waitForRun, type Serve } from './harness';
import { operatorFor, type Operator } from './operator';
import { durableInstances, livePlaces, secretsFound, storedPlaces } from './secretScan';

const NAME = 'rotfleet';
const SITES = ['north', 'south', 'east'] as const;
const secretOf = (site: string): string => `hc-${NAME}-${site}-psk`;

describe('serve --simulate --stamps 3: rotating a fleet’s keys', () => {
  jest.setTimeout(120_000);
  let serve: Serve;
  let operator: Operator;

  beforeAll(async () => {
    serve = await startServe({ seed: 'fleet-rotation', extraArgs: ['--stamps', '3'] });
    operator = await operatorFor(serve.ready);
    expect((await serve.api('POST', '/api/connections', fleetPlanFor(serve, NAME, SITES))).status).toBe(202);
    expect((await waitForRun(serve, NAME, undefined, 120_000)).runtimeStatus).toBe('Completed');
  }, 150_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  /** Both ends of a site's tunnel: the key each holds and its connectionStatus, read through the SDKs. */
  async function tunnelOf(site: string, index: number) {
    const hub = operator.azureNetwork.virtualNetworkGatewayConnections;
    const stamp = operator.stampNetworks[index]?.virtualNetworkGatewayConnections;
    if (stamp === undefined) throw new Error(`no stamp ${index + 1} in the ready line`);
    const [hubKey, stampKey, hubSide, stampSide] = await Promise.all([
      hub.getSharedKey(`rg-${NAME}-hub`, `cn-${NAME}-to-${site}`),
      stamp.getSharedKey(`rg-${NAME}-${site}`, `cn-${NAME}-to-azure`),
      hub.get(`rg-${NAME}-hub`, `cn-${NAME}-to-${site}`),
      stamp.get(`rg-${NAME}-${site}`, `cn-${NAME}-to-azure`),
    ]);
    return {
      keys: [hubKey.value, stampKey.value],
      connectionStatus: [hubSide.connectionStatus, stampSide.connectionStatus],
    };
  }

  it('refuses a site the plan does not have with a field error, starting nothing', async () => {
    const answer = await serve.api('POST', `/api/connections/${NAME}/rotate-key?site=west`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      errors: [{ path: 'site', message: `connection ${NAME} has no site "west": its sites are north, south, east` }],
    });
    const status = (await serve.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
    expect(status.rotations).toEqual([]);
  });

  it('rotates every site, one after the other, each Connected on its own newest key version', async () => {
    const before = await Promise.all(SITES.map((site) => operator.secrets.getSecret(secretOf(site))));
    const since = Math.max(...(await simRequests(serve)).map((request) => request.sequence));

    const answer = await serve.api('POST', `/api/connections/${NAME}/rotate-key`);
    expect(answer.status).toBe(202);
    const { instanceId } = answer.body as { instanceId: string };
    const rotation = await waitFor<RotationStatus>(
      `rotation ${instanceId} to finish`,
      async () => {
        const status = (await serve.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
        const found = status.rotations.find((r) => r.instanceId === instanceId);
        return found && found.state !== 'running' ? found : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    expect(rotation).toMatchObject({ state: 'succeeded', error: null, previousVersion: null, newVersion: null });
    expect(Object.keys(rotation.sites ?? {})).toEqual([...SITES]);

    for (const [index, site] of SITES.entries()) {
      const entry = rotation.sites?.[site];
      expect({ site, state: entry?.state, previous: entry?.previousVersion }).toEqual({
        site,
        state: 'succeeded',
        previous: before[index]?.properties.version,
      });
      const current = await operator.secrets.getSecret(secretOf(site));
      expect({ site, version: current.properties.version }).toEqual({ site, version: entry?.newVersion });
      expect(current.value).not.toBe(before[index]?.value);
      expect({ site, ...(await tunnelOf(site, index)) }).toEqual({
        site,
        keys: [current.value, current.value],
        connectionStatus: ['Connected', 'Connected'],
      });
    }

    // The shared-key writes in the order ARM received them: each site's two ends before the next site's first.
    const writes = (await simRequests(serve, `since=${since}&method=PUT`)).filter((r) => /\/sharedkey$/i.test(r.path));
    const siteOfWrite = (path: string) =>
      /\/resourceGroups\/rg-[^/]+-(\w+)\/.*\/connections\/cn-[^/]+-to-(\w+)\//i.exec(path);
    expect(
      writes.map((write) => {
        const [, group, peer] = siteOfWrite(write.path) ?? [];
        return group === 'hub' ? peer : group;
      }),
    ).toEqual(SITES.flatMap((site) => [site, site]));

    const events = await simEvents(serve, (all) => all.some((e) => e.id === `${instanceId}/keyRotated/all-east`));
    for (const site of SITES) {
      const event = events.find((e) => e.id === `${instanceId}/keyRotated/all-${site}`);
      expect({ site, data: (event?.event as { data?: unknown } | undefined)?.data }).toMatchObject({
        site,
        data: { site, secretName: secretOf(site), newVersion: rotation.sites?.[site]?.newVersion },
      });
    }
  });

  const cliOutput: string[] = [];

  it('the CLI rotates the fleet and waits: each site’s new version, the longest downtime, exit 0', async () => {
    const rotated = await runCli(['rotate-key', NAME, '--wait', '--interval', '0.2', '--data', serve.dataDir]);
    cliOutput.push(rotated.stdout, rotated.stderr);
    expect({ code: rotated.code, stderr: rotated.stderr }).toEqual({ code: 0, stderr: '' });
    const versions = await Promise.all(
      SITES.map(async (site) => `${site} ${(await operator.secrets.getSecret(secretOf(site))).properties.version}`),
    );
    expect(rotated.stdout.split('\n')[1]).toMatch(
      new RegExp(
        `^rotated the shared keys of ${NAME}, one site after the other: Key Vault versions ${versions.join(', ')} ` +
          'on both sides of each tunnel, longest downtime \\d+ s \\(±5 s\\)$',
      ),
    );
  });

  it('no key value (any version of any site) is in the answers, events, histories, custom status, logs or task hub', async () => {
    const values: Record<string, string> = {};
    for (const site of SITES) {
      for await (const version of operator.secrets.listPropertiesOfSecretVersions(secretOf(site))) {
        const value = (await operator.secrets.getSecret(secretOf(site), { version: version.version })).value ?? '';
        values[`${site} version ${version.version ?? '?'}`] = value;
      }
    }
    // Each site's first key and its two rotated ones (the API's and the CLI's).
    expect(Object.keys(values)).toHaveLength(3 * SITES.length);
    expect(Object.values(values).every((value) => value.length >= 40)).toBe(true);

    const durable = await durableInstances(serve);
    expect(durable.text).toContain('beginSetSharedKey');
    const live = await livePlaces(serve);
    expect(await serve.stop('SIGTERM')).toBe(0);
    const stored = storedPlaces(serve);
    expect(stored.rawFiles).toContain('rotateSharedKey');
    const places = { durable: durable.text, ...live, ...stored, cli: cliOutput.join('\n') };
    expect(secretsFound(places, values)).toEqual([]);
  });
});
