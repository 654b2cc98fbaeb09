// The ticket trigger's decisions: the configured event type only, valid plans with a ticketId only, one run per
// ticket (duplicate deliveries by event id or ticket start nothing), nothing while the connection runs.
import { RecentIds, handleTicketEvent, ticketEventType } from '../../functions/ticketStart';
import { boundPlan, minimalPlan, oneSitePlan, startedRunInput, TEST_STAMPS } from '../lib/planFixtures';
import { MemoryStore } from './memoryStore';

const TYPE = 'Tickets.HybridConnection.Requested';

function ticketEvent(id: string, changes: Record<string, unknown> = { ticketId: 'CHG0001' }) {
  return { id, eventType: TYPE, subject: 'tickets/CHG0001', data: { ...minimalPlan(), ...changes } };
}

describe('ticketStart', () => {
  it.each([null, [], 'text', 7])(
    'drops an event that is not an object (%p) as invalid, starting nothing',
    async (event) => {
      const store = new MemoryStore();
      const outcome = await handleTicketEvent(store, event as never, new RecentIds(), TYPE, TEST_STAMPS);
      expect(outcome).toEqual({ kind: 'invalid', reason: 'the event is not a JSON object' });
      expect(store.started).toEqual([]);
    },
  );

  it('starts hc-<name> for a valid ticket', async () => {
    const store = new MemoryStore();
    const outcome = await handleTicketEvent(store, ticketEvent('e1'), new RecentIds(), TYPE, TEST_STAMPS);
    expect(outcome).toEqual({ kind: 'started', instanceId: 'hc-contoso', ticketId: 'CHG0001' });
    expect(store.started).toHaveLength(1);
    expect(store.started[0]?.input).toMatchObject({ planVersion: 2, plan: { ticketId: 'CHG0001' } });
  });

  it('reads the event type from HC_TICKET_EVENT_TYPE, with the documented default, and ignores other types', async () => {
    expect(ticketEventType({})).toBe(TYPE);
    expect(ticketEventType({ HC_TICKET_EVENT_TYPE: 'Contoso.Changes.VpnRequested' })).toBe(
      'Contoso.Changes.VpnRequested',
    );
    const store = new MemoryStore();
    const outcome = await handleTicketEvent(
      store,
      ticketEvent('e1'),
      new RecentIds(),
      'Contoso.Changes.VpnRequested',
      TEST_STAMPS,
    );
    expect(outcome.kind).toBe('ignored');
    // CloudEvents schema: `type` instead of `eventType`.
    const cloudEvent = { id: 'e2', type: TYPE, data: ticketEvent('e2').data };
    expect((await handleTicketEvent(store, cloudEvent, new RecentIds(), TYPE, TEST_STAMPS)).kind).toBe('started');
  });

  it('drops an invalid plan, naming the fields, and a plan without ticketId', async () => {
    const store = new MemoryStore();
    const invalid = await handleTicketEvent(
      store,
      ticketEvent('e1', { ticketId: 'T1', azure: { nope: true } }),
      new RecentIds(),
      TYPE,
      TEST_STAMPS,
    );
    expect(invalid.kind).toBe('invalid');
    if (invalid.kind === 'invalid') expect(invalid.reason).toMatch(/azure/);
    const untracked = await handleTicketEvent(
      store,
      { id: 'e2', eventType: TYPE, data: minimalPlan() },
      new RecentIds(),
      TYPE,
      TEST_STAMPS,
    );
    expect(untracked).toEqual({ kind: 'invalid', reason: 'the event carries a plan without ticketId' });
    expect(store.started).toEqual([]);
  });

  it('starts nothing for a redelivered event id', async () => {
    const store = new MemoryStore();
    const recent = new RecentIds();
    await handleTicketEvent(store, ticketEvent('e1'), recent, TYPE, TEST_STAMPS);
    store.put('hc-contoso', { runtimeStatus: 'Completed', input: startedRunInput({ ticketId: 'CHG0001' }) });
    expect((await handleTicketEvent(store, ticketEvent('e1'), recent, TYPE, TEST_STAMPS)).kind).toBe('duplicate');
    expect(store.started).toHaveLength(1);
  });

  it('starts nothing for the same ticket delivered under a new event id (another process, after a restart)', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Failed', input: startedRunInput({ ticketId: 'CHG0001' }) });
    const outcome = await handleTicketEvent(store, ticketEvent('e9'), new RecentIds(), TYPE, TEST_STAMPS);
    expect(outcome.kind).toBe('duplicate');
    // A run started before plan versions stored the bare plan: its ticket counts the same.
    store.put('hc-contoso', { runtimeStatus: 'Failed', input: oneSitePlan(boundPlan({ ticketId: 'CHG0001' })) });
    expect((await handleTicketEvent(store, ticketEvent('e10'), new RecentIds(), TYPE, TEST_STAMPS)).kind).toBe(
      'duplicate',
    );
    expect(store.started).toEqual([]);
  });

  it('starts nothing for a second ticket while the connection runs, and starts a new ticket once it ended', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Running', input: startedRunInput({ ticketId: 'CHG0001' }) });
    expect(
      (await handleTicketEvent(store, ticketEvent('e2', { ticketId: 'CHG0002' }), new RecentIds(), TYPE, TEST_STAMPS))
        .kind,
    ).toBe('conflict');
    store.put('hc-contoso', { runtimeStatus: 'Completed', input: startedRunInput({ ticketId: 'CHG0001' }) });
    expect(
      (await handleTicketEvent(store, ticketEvent('e3', { ticketId: 'CHG0002' }), new RecentIds(), TYPE, TEST_STAMPS))
        .kind,
    ).toBe('started');
  });

  it('forgets the event id when the start itself failed, so Event Grid’s redelivery can succeed', async () => {
    const store = new MemoryStore();
    store.onStart = () => Promise.reject(new Error('task hub unavailable'));
    const recent = new RecentIds();
    await expect(handleTicketEvent(store, ticketEvent('e1'), recent, TYPE, TEST_STAMPS)).rejects.toThrow(
      'task hub unavailable',
    );
    store.onStart = undefined;
    expect((await handleTicketEvent(store, ticketEvent('e1'), recent, TYPE, TEST_STAMPS)).kind).toBe('started');
  });

  it('remembers a bounded number of event ids', () => {
    const recent = new RecentIds(2);
    expect([recent.seen('a'), recent.seen('b'), recent.seen('c'), recent.seen('a')]).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(recent.seen('c')).toBe(true);
  });
});
