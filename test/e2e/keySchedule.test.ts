// options.rotateKeyEveryDays end to end: a provisioned connection whose plan asks for a rotation every day gets its
// key schedule (`hc-<name>:keyschedule`); a virtual day later it has rotated the key (trigger `schedule`), and
// `DELETE` stops the schedule: no rotation follows the teardown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionStatusBody, RotationStatus } from '../../lib/api/connectionStatus';
import { planFor, startServe, waitFor, waitForRun, type Serve } from './harness';
import { operatorFor } from './operator';

const NAME = 'everyday';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('serve --simulate: the shared-key schedule', () => {
  jest.setTimeout(120_000);
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe({ seed: 'schedule' });
  }, 60_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  /** An instance as the Durable HTTP API reports it (the system key is the test's, never the CLI's). */
  async function instance(instanceId: string): Promise<{ runtimeStatus: string; customStatus: unknown } | undefined> {
    const keys = JSON.parse(readFileSync(join(serve.dataDir, 'keys.json'), 'utf8')) as {
      system: { durabletask_extension: string };
    };
    const response = await fetch(
      `${serve.ready.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`,
      { headers: { 'x-functions-key': keys.system.durabletask_extension } },
    );
    if (response.status === 404) return undefined;
    return (await response.json()) as { runtimeStatus: string; customStatus: unknown };
  }

  async function rotations(): Promise<RotationStatus[]> {
    return ((await serve.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody).rotations;
  }

  it('starts with a successful run, rotates a virtual day later, and stops at teardown', async () => {
    const plan = planFor(serve.ready, NAME, (p) => {
      p.options.rotateKeyEveryDays = 1;
    });
    expect((await serve.api('POST', '/api/connections', plan)).status).toBe(202);
    expect((await waitForRun(serve, NAME)).runtimeStatus).toBe('Completed');
    const scheduleId = `hc-${NAME}:keyschedule`;
    const waiting = await waitFor('the key schedule to start', () => instance(scheduleId));
    expect(waiting.runtimeStatus).toBe('Running');
    expect(waiting.customStatus).toMatchObject({ kind: 'keySchedule', state: 'waiting', everyDays: 1 });
    expect(await rotations()).toEqual([]);

    const operator = await operatorFor(serve.ready);
    const before = await operator.secrets.getSecret(`hc-${NAME}-psk`);
    await serve.sim('POST', 'clock', { advanceMs: DAY_MS });
    const rotated = await waitFor(
      'the scheduled rotation to finish',
      async () => {
        const [latest] = await rotations();
        return latest && latest.state !== 'running' ? latest : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(rotated).toMatchObject({
      state: 'succeeded',
      trigger: 'schedule',
      previousVersion: before.properties.version,
    });
    const after = await operator.secrets.getSecret(`hc-${NAME}-psk`);
    expect(after.properties.version).toBe(rotated.newVersion);
    // The schedule continued as new for the next day.
    const next = await waitFor('the schedule to wait again', async () => {
      const current = await instance(scheduleId);
      return (current?.customStatus as { state?: string; lastRotation?: string } | undefined)?.lastRotation ===
        rotated.instanceId && (current?.customStatus as { state?: string }).state === 'waiting'
        ? current
        : undefined;
    });
    expect(next.runtimeStatus).toBe('Running');

    expect((await serve.api('DELETE', `/api/connections/${NAME}`)).status).toBe(202);
    const stopped = await waitFor('the schedule to stop', async () => {
      const current = await instance(scheduleId);
      return current?.runtimeStatus === 'Completed' ? current : undefined;
    });
    expect(stopped.customStatus).toMatchObject({ state: 'stopped' });
    await waitFor('the teardown to finish', async () => {
      const status = (await serve.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
      return status.phase === 'deleted' ? status : undefined;
    });
    // The schedule completed (no timer of it is left to fire): the first rotation stays the only one.
    expect((await rotations()).map((r) => r.instanceId)).toEqual([rotated.instanceId]);
  });
});
