// Event Grid down, end to end (runtime + simulator, one virtual clock): the topic resets every connection from before
// the start. The provisioning still ends Completed while Event Grid is down (publishing never waits for it), the list
// shows the connection and not the children delivering its events, a teardown is not held up by them, and once
// Event Grid is back every event of the run and of the teardown arrives at the topic, each with its stable id.
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import { runEventIds, startSimulatedStack, waitFor, type SimulatedStack } from './simulatedStack';

/**
 * Low enough that a loaded machine's wall-clock overhead cannot stretch the run past the outage: at 1500 a run that
 * took 53 wall s under load (a full suite beside other jobs) lasted 22 virtual hours, longer than the outage.
 * Here the run plus teardown may take up to 240 wall s before the outage would end on its own.
 */
const TIME_SCALE = 300;
const WALL_TIMEOUT_MS = 120_000;
/** Longer than a run takes even on a loaded machine (about 45 virtual minutes), shorter than a delivery's day. */
const OUTAGE_MS = 20 * 60 * 60 * 1000;
const ACTIVE = ['Running', 'Pending'];

const RUN_EVENTS = runEventIds('contoso');

describe('Event Grid down for the whole run (runtime + simulator)', () => {
  let stack: SimulatedStack;

  beforeAll(async () => {
    stack = await startSimulatedStack({ timeScale: TIME_SCALE });
  }, 30_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function ended(path: (status: ConnectionStatusBody) => { runtimeStatus: string } | undefined, what: string) {
    return waitFor(
      async () => {
        const status = (await stack.api('/api/connections/contoso')).body as ConnectionStatusBody;
        const instance = path(status);
        return instance && !ACTIVE.includes(instance.runtimeStatus) ? status : undefined;
      },
      WALL_TIMEOUT_MS,
      what,
    );
  }

  it(
    'provisions, lists and tears down while Event Grid is down, then delivers every event once it is back',
    async () => {
      const down = stack.sim.inspect.setEventGridOutage(OUTAGE_MS);
      expect(down.down).toBe(true);
      const started = await stack.api('/api/connections', { method: 'POST', body: JSON.stringify(stack.plan()) });
      expect(started.status).toBe(202);

      const final = await ended((status) => status, 'the provisioning to end');
      expect(final.runtimeStatus).toBe('Completed');
      expect(final.phase).toBe('succeeded');
      // It ended with Event Grid still down: it never waited for a publish. Every event was handed over for delivery.
      const during = stack.sim.inspect.eventGridOutage();
      expect(during.down).toBe(true);
      expect(during.refused).toBeGreaterThan(0);
      expect(stack.sim.inspect.events()).toEqual([]);
      expect([...final.events].sort()).toEqual([...RUN_EVENTS].sort());

      // The delivery children are still retrying: the list shows the connection alone, and DELETE is not held up.
      const list = await stack.api('/api/connections');
      expect((list.body as { items: { name: string }[] }).items.map((item) => item.name)).toEqual(['contoso']);
      expect((await stack.api('/api/connections/contoso', { method: 'DELETE' })).status).toBe(202);
      const tornDown = await ended((status) => status.teardown ?? undefined, 'the teardown to end');
      expect(tornDown.teardown?.runtimeStatus).toBe('Completed');
      expect(stack.sim.inspect.eventGridOutage().down).toBe(true);

      stack.sim.inspect.setEventGridOutage(0);
      const expected = [...RUN_EVENTS, 'hc-contoso/teardown/all'].sort();
      const delivered = await waitFor(
        () => {
          const ids = new Set((stack.sim.inspect.events() as { id: string }[]).map((event) => event.id));
          return Promise.resolve(expected.every((id) => ids.has(id)) ? [...ids].sort() : undefined);
        },
        WALL_TIMEOUT_MS,
        'every event to reach the topic after the outage',
      );
      expect(delivered).toEqual(expected);
    },
    3 * WALL_TIMEOUT_MS,
  );
});
