// Shared-key rotation end to end (issue #10 part 3): `serve --simulate`, a provisioned connection, then
// `POST /api/connections/{name}/rotate-key`. A rotation leaves both connections Connected on Key Vault's new
// current version and reports its downtime; a rotation whose second side's set-shared-key fails (a seeded fault)
// puts the previous key back on both sides and ends `restored`; one rotation at a time; no key value anywhere.
// Keys are read the way an operator would: Key Vault and the connections' getSharedKey through the real SDKs.
import type { ConnectionStatusBody, RotationStatus } from '../../lib/api/connectionStatus';
import { isRotationInstanceOf } from '../../lib/rotationNames';
import { runCli } from '../cli/cliRunner';
import { planFor, simEvents, startServe, waitFor, waitForRun, type Serve } from './harness';
import { operatorFor, type Operator } from './operator';
import { durableInstances, livePlaces, secretsFound, storedPlaces } from './secretScan';

const NAME = 'rotor';
const GROUP = `rg-${NAME}-hybrid`;
const SECRET = `hc-${NAME}-psk`;
/** Virtual time nearly stands still: the rotation waits on its first timer while the 409s are asked for. */
const FROZEN_SCALE = 0.001;
const TIME_SCALE = 1000;

describe('serve --simulate: shared-key rotation', () => {
  jest.setTimeout(120_000);
  let serve: Serve;
  let operator: Operator;

  beforeAll(async () => {
    serve = await startServe({ seed: 'rotation', timeScale: TIME_SCALE });
    operator = await operatorFor(serve.ready);
    expect((await serve.api('POST', '/api/connections', planFor(serve.ready, NAME))).status).toBe(202);
    expect((await waitForRun(serve, NAME)).runtimeStatus).toBe('Completed');
  }, 90_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  async function keysOnBothSides(): Promise<[string | undefined, string | undefined]> {
    const azure = await operator.azureNetwork.virtualNetworkGatewayConnections.getSharedKey(
      GROUP,
      `cn-${NAME}-to-azurestack`,
    );
    const stack = await operator.stackNetwork.virtualNetworkGatewayConnections.getSharedKey(
      GROUP,
      `cn-${NAME}-to-azure`,
    );
    return [azure.value, stack.value];
  }

  async function statusOnBothSides(): Promise<[string | undefined, string | undefined]> {
    const azure = await operator.azureNetwork.virtualNetworkGatewayConnections.get(GROUP, `cn-${NAME}-to-azurestack`);
    const stack = await operator.stackNetwork.virtualNetworkGatewayConnections.get(GROUP, `cn-${NAME}-to-azure`);
    return [azure.connectionStatus, stack.connectionStatus];
  }

  async function rotationFinished(instanceId: string): Promise<RotationStatus> {
    return waitFor(
      `rotation ${instanceId} to finish`,
      async () => {
        const status = (await serve.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
        const rotation = status.rotations.find((r) => r.instanceId === instanceId);
        return rotation && rotation.state !== 'running' ? rotation : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 50 },
    );
  }

  async function startRotation(): Promise<string> {
    const answer = await serve.api('POST', `/api/connections/${NAME}/rotate-key`);
    expect(answer.status).toBe(202);
    expect(answer.headers.get('location')).toBe(`/api/connections/${NAME}`);
    const body = answer.body as { name: string; instanceId: string; statusUrl: string };
    expect(body).toEqual({
      name: NAME,
      instanceId: expect.stringMatching(new RegExp(`^hc-${NAME}:rotate-\\d{8}T\\d{6}Z$`)) as unknown,
      statusUrl: `/api/connections/${NAME}`,
    });
    return body.instanceId;
  }

  it('answers 404 for an unknown connection and 400 for a body, starting nothing', async () => {
    const unknown = await serve.api('POST', '/api/connections/nobody/rotate-key');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'ConnectionNotFound' } });
    const withBody = await serve.api('POST', `/api/connections/${NAME}/rotate-key`, { pad: 'x'.repeat(2000) });
    expect(withBody.status).toBe(400);
    expect(withBody.body).toEqual({ errors: [{ path: '', message: 'rotate-key takes no body; send none' }] });
    const status = (await serve.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
    expect(status.rotations).toEqual([]);
  });

  let rotated: RotationStatus;
  let firstKey: string;

  it('rotates: 409 while it runs, then both sides Connected on Key Vault’s new current version, downtime measured', async () => {
    firstKey = (await operator.secrets.getSecret(SECRET)).value ?? '';
    expect(await keysOnBothSides()).toEqual([firstKey, firstKey]);

    await serve.sim('POST', 'clock', { scale: FROZEN_SCALE });
    let instanceId: string;
    try {
      instanceId = await startRotation();
      const again = await serve.api('POST', `/api/connections/${NAME}/rotate-key`);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'RotationInProgress' }, instanceId });
      const teardown = await serve.api('DELETE', `/api/connections/${NAME}`);
      expect(teardown.status).toBe(409);
      expect(teardown.body).toMatchObject({ error: { code: 'RotationInProgress' } });
      const rerun = await serve.api('POST', '/api/connections', planFor(serve.ready, NAME));
      expect(rerun.status).toBe(409);
      expect(rerun.body).toMatchObject({ error: { code: 'RotationInProgress' } });
    } finally {
      await serve.sim('POST', 'clock', { scale: TIME_SCALE });
    }

    rotated = await rotationFinished(instanceId);
    expect(rotated).toMatchObject({ state: 'succeeded', trigger: 'request', error: null });
    expect(rotated.previousVersion).toMatch(/^[0-9a-f]{32}$/);
    expect(rotated.newVersion).toMatch(/^[0-9a-f]{32}$/);
    expect(rotated.newVersion).not.toBe(rotated.previousVersion);
    // Neither side is Connected from the first set until IKE is up on the second: some virtual seconds, all of them
    // inside the rotation (at time scale 1000 their number follows the host's own speed, so no fixed bound).
    expect(rotated.downtimeSeconds).toBeGreaterThan(0);
    const rotationSeconds = (Date.parse(rotated.finishedAt ?? '') - Date.parse(rotated.startedAt)) / 1000;
    expect(rotated.downtimeSeconds).toBeLessThanOrEqual(Math.ceil(rotationSeconds));
    expect(rotated.downtimeResolutionSeconds).toBe(5);

    const current = await operator.secrets.getSecret(SECRET);
    expect(current.properties.version).toBe(rotated.newVersion);
    expect(current.value).not.toBe(firstKey);
    expect(await keysOnBothSides()).toEqual([current.value, current.value]);
    expect(await statusOnBothSides()).toEqual(['Connected', 'Connected']);

    const events = await simEvents(serve);
    expect(events.find((e) => e.id === `${instanceId}/keyRotated/all`)).toMatchObject({
      type: 'HybridConnection.SharedKey.Rotated',
      event: {
        subject: `connections/${NAME}/all/keyRotated`,
        data: { rotationId: instanceId, newVersion: rotated.newVersion, previousVersion: rotated.previousVersion },
      },
    });
  });

  it('a second side whose set-shared-key fails: both sides get the previous key back, and it ends restored', async () => {
    const before = await operator.secrets.getSecret(SECRET);
    await serve.sim('PUT', 'faults', {
      rules: [
        {
          name: 'stamp-sharedkey-fails',
          kind: 'provisioningFailed',
          cloud: 'azureStack',
          method: 'PUT',
          path: `/connections/cn-${NAME}-to-azure/sharedkey$`,
          nth: 1,
          error: { code: 'SharedKeyUpdateFailed', message: 'The shared key could not be applied.' },
        },
      ],
    });
    let restored: RotationStatus;
    try {
      restored = await rotationFinished(await startRotation());
    } finally {
      await serve.sim('PUT', 'faults', { rules: [] });
    }
    expect(restored).toMatchObject({ state: 'restored', previousVersion: before.properties.version });
    expect(restored.error).toMatchObject({ cloud: 'azureStack' });
    expect(restored.newVersion).not.toBe(before.properties.version);
    expect(restored.downtimeSeconds).toBeGreaterThan(0);

    // Key Vault's current version holds the key in force again, so a rerun or repair puts that one back, not the
    // failed one.
    const current = await operator.secrets.getSecret(SECRET);
    expect(current.properties.version).toBe(restored.restoredVersion);
    expect(current.value).toBe(before.value);
    expect(await keysOnBothSides()).toEqual([before.value, before.value]);
    expect(await statusOnBothSides()).toEqual(['Connected', 'Connected']);

    const events = await simEvents(serve);
    expect(events.find((e) => e.id === `${restored.instanceId}/keyRotationFailed/all`)).toMatchObject({
      type: 'HybridConnection.SharedKey.RotationFailed',
      event: { data: { state: 'restored', cloud: 'azureStack', previousVersion: before.properties.version } },
    });
    const status = (await serve.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
    expect(status.rotations.map((r) => r.instanceId)).toEqual([restored.instanceId, rotated.instanceId]);
  });

  const cliOutput: string[] = [];

  it('the CLI rotates and waits (exit 0, the new version and the downtime), status lists the rotations', async () => {
    const rotated = await runCli(['rotate-key', NAME, '--wait', '--interval', '0.2', '--data', serve.dataDir]);
    cliOutput.push(rotated.stdout, rotated.stderr);
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    const current = await operator.secrets.getSecret(SECRET);
    expect(rotated.stdout).toMatch(
      new RegExp(
        `^rotation hc-${NAME}:rotate-\\d{8}T\\d{6}Z of ${NAME} started\\n` +
          `rotated the shared key of ${NAME}: Key Vault version ${current.properties.version ?? '?'} on both sides, ` +
          `downtime \\d+ s \\(±5 s\\)\\n$`,
      ),
    );

    const status = await runCli(['status', NAME, '--data', serve.dataDir]);
    cliOutput.push(status.stdout, status.stderr);
    expect(status.code).toBe(0);
    const listed = status.stdout.slice(status.stdout.indexOf('Key rotations:'));
    expect(
      listed
        .split('\n')
        .filter((line) => /^ {2}\S/.test(line))
        .map((line) => line.trim().split(' ')[1]),
    ).toEqual(['succeeded', 'restored', 'succeeded']);
    expect(listed).toContain('SharedKeyUpdateFailed at azureStack/connection');

    const unknown = await runCli(['rotate-key', 'nobody', '--json', '--data', serve.dataDir]);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'ConnectionNotFound' } });
  });

  it('no key value (any version) is in the answers, events, history, custom status, logs or task hub', async () => {
    const values: string[] = [];
    for await (const version of operator.secrets.listPropertiesOfSecretVersions(SECRET)) {
      values.push((await operator.secrets.getSecret(SECRET, { version: version.version })).value ?? '');
    }
    // The first key, the rotated one, the one that failed, the restored copy (same value as the rotated one), and
    // the CLI's.
    expect(values.length).toBeGreaterThanOrEqual(5);
    expect(values.every((value) => value.length >= 40)).toBe(true);

    const durable = await durableInstances(serve);
    const rotations = durable.instanceIds.filter((instanceId) => isRotationInstanceOf(NAME, instanceId));
    expect(rotations).toHaveLength(3);
    expect(durable.text).toContain('beginSetSharedKey');
    expect(durable.text).toContain('addSharedKeyVersion');
    const live = await livePlaces(serve);

    expect(await serve.stop('SIGTERM')).toBe(0);
    const stored = storedPlaces(serve);
    expect(stored.rawFiles).toContain('rotateSharedKey');

    const places = { durable: durable.text, ...live, ...stored, cli: cliOutput.join('\n') };
    const found = secretsFound(places, Object.fromEntries(values.map((value, index) => [`version ${index}`, value])));
    expect(found).toEqual([]);
  });
});
