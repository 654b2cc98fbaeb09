// One run per connection comes from the task hub, not from this process: when another process (another instance of
// the app, another delivery) starts the connection between our checks and our start, the task hub refuses ours, and
// the POST answers 409 and the ticket counts as a duplicate or a conflict. Also: the Durable client adapter
// recognises the extension's refusal.
import type * as df from 'durable-functions';
import { startConnection, validateBoundPlan } from '../../functions/connectionService';
import { durableInstanceStore, InstanceAlreadyActiveError } from '../../functions/instanceStore';
import { handleTicketEvent, RecentIds } from '../../functions/ticketStart';
import { minimalPlan, TEST_STAMPS } from '../lib/planFixtures';
import { MemoryStore } from './memoryStore';

const TYPE = 'Tickets.HybridConnection.Requested';

function resolvedPlan(ticketId: string): unknown {
  const result = validateBoundPlan({ ...minimalPlan(), ticketId }, TEST_STAMPS);
  if (!result.ok) throw new Error('fixture');
  return result.plan;
}

/** A store where another process starts hc-contoso (with `ticketId`) just before this process's start is written. */
function raceLostTo(ticketId: string): MemoryStore {
  const store = new MemoryStore();
  store.onStart = () => {
    store.onStart = undefined;
    store.put('hc-contoso', { runtimeStatus: 'Pending', input: { planVersion: 2, plan: resolvedPlan(ticketId) } });
    return Promise.resolve();
  };
  return store;
}

describe('a start that another process won', () => {
  it('answers the POST 409 with the running instance, having started nothing', async () => {
    const store = raceLostTo('CHG9');
    const result = await startConnection(store, JSON.stringify(minimalPlan()), {
      contentType: 'application/json',
      stamps: TEST_STAMPS,
    });
    expect(result).toMatchObject({
      status: 409,
      body: { error: { code: 'ConnectionInProgress' }, instanceId: 'hc-contoso', runtimeStatus: 'Pending' },
    });
    expect(store.started).toEqual([]);
  });

  it('counts the same ticket, under another event id, as a duplicate', async () => {
    const store = raceLostTo('CHG1');
    const event = { id: 'e-other', eventType: TYPE, data: { ...minimalPlan(), ticketId: 'CHG1' } };
    const outcome = await handleTicketEvent(store, event, new RecentIds(), TYPE, TEST_STAMPS);
    expect(outcome.kind).toBe('duplicate');
    expect(store.started).toEqual([]);
  });

  it('counts another ticket for the running connection as a conflict', async () => {
    const store = raceLostTo('CHG1');
    const event = { id: 'e2', eventType: TYPE, data: { ...minimalPlan(), ticketId: 'CHG2' } };
    const outcome = await handleTicketEvent(store, event, new RecentIds(), TYPE, TEST_STAMPS);
    expect(outcome.kind).toBe('conflict');
    expect(store.started).toEqual([]);
  });

  it('knows a ticket that is still running as a duplicate too', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { runtimeStatus: 'Running', input: { planVersion: 2, plan: resolvedPlan('CHG1') } });
    const event = { id: 'e3', eventType: TYPE, data: { ...minimalPlan(), ticketId: 'CHG1' } };
    expect((await handleTicketEvent(store, event, new RecentIds(), TYPE, TEST_STAMPS)).kind).toBe('duplicate');
  });
});

describe('durableInstanceStore', () => {
  function clientRejecting(message: string): df.DurableClient {
    return { startNew: () => Promise.reject(new Error(message)) } as unknown as df.DurableClient;
  }

  it('turns the extension refusing an active instance id into InstanceAlreadyActiveError', async () => {
    // What durable-functions 3 rejects with when the extension answers the start with its 500.
    const refused = clientRejecting(
      'The operation failed with an unexpected status code: 500. Details: {"Message":"Something went wrong while ' +
        'processing your request","ExceptionMessage":"An Orchestration instance with the status Running already ' +
        'exists.","ExceptionType":"System.InvalidOperationException"}',
    );
    await expect(durableInstanceStore(refused).start('provisionHybridConnection', 'hc-x', {})).rejects.toBeInstanceOf(
      InstanceAlreadyActiveError,
    );
  });

  it('passes any other failure on as it is', async () => {
    const broken = clientRejecting('The operation failed with an unexpected status code: 503.');
    await expect(durableInstanceStore(broken).start('provisionHybridConnection', 'hc-x', {})).rejects.toThrow(
      'status code: 503',
    );
  });
});
