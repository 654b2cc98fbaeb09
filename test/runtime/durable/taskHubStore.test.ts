// The task hub store's two guarantees behind "one run per connection": an instance id that is still active cannot be
// created again (one conditional INSERT decides), and a task hub file belongs to one host process at a time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TaskHubInUseError } from '../../../runtime/durable/errors/taskHubInUseError';
import * as events from '../../../runtime/durable/history/newEvents';
import type { RuntimeStatus } from '../../../runtime/durable/runtimeStatus';
import { DurableStore, type InstanceRecord } from '../../../runtime/durable/store/durableStore';

function record(executionId: string, runtimeStatus: RuntimeStatus = 'Pending'): InstanceRecord {
  return {
    instanceId: 'hc-contoso',
    name: 'provisionHybridConnection',
    version: '',
    executionId,
    runtimeStatus,
    input: JSON.stringify({ ticketId: executionId }),
    output: null,
    customStatus: null,
    createdTime: 1,
    lastUpdatedTime: 1,
    parentInstanceId: null,
    parentExecutionId: null,
    parentTaskId: null,
  };
}

describe('DurableStore.insertInstance', () => {
  let store: DurableStore;
  beforeEach(() => {
    store = DurableStore.open(undefined);
  });
  afterEach(() => store.close());

  it('creates a new id and refuses it again while it is Pending, Running or Suspended, leaving it untouched', () => {
    expect(store.insertInstance(record('first'))).toBeUndefined();
    for (const status of ['Pending', 'Running', 'Suspended'] as const) {
      store.putInstance({ ...record('first'), runtimeStatus: status });
      expect(store.insertInstance(record('second'))).toBe(status);
      expect(store.getInstance('hc-contoso')).toMatchObject({ executionId: 'first', runtimeStatus: status });
    }
  });

  it('replaces a finished instance, dropping what its execution left behind', () => {
    for (const status of ['Completed', 'Failed', 'Terminated', 'Canceled'] as const) {
      store.putInstance(record('old', status));
      store.appendHistory('hc-contoso', 0, [events.orchestratorStarted(1)]);
      store.enqueueMessage({
        instanceId: 'hc-contoso',
        executionId: 'old',
        event: events.orchestratorStarted(1),
        visibleAt: 1,
        control: false,
      });
      expect(store.insertInstance(record('new'))).toBeUndefined();
      expect(store.getInstance('hc-contoso')).toMatchObject({ executionId: 'new', runtimeStatus: 'Pending' });
      expect(store.loadHistory('hc-contoso')).toEqual([]);
      expect(store.allMessages('hc-contoso')).toEqual([]);
    }
  });
});

describe('a task hub file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hc-hub-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is held by one store at a time: a second open is refused, naming the file, until the first closes', () => {
    const file = join(dir, 'HybridConnection.sqlite');
    const first = DurableStore.open(file);
    first.insertInstance(record('kept'));
    let refusal: unknown;
    try {
      DurableStore.open(file);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(TaskHubInUseError);
    expect((refusal as Error).message).toContain(file);
    expect((refusal as Error).message).toMatch(/one host per data folder/);
    first.close();
    const second = DurableStore.open(file);
    expect(second.getInstance('hc-contoso')?.executionId).toBe('kept');
    second.close();
  });

  it('leaves in-memory stores independent', () => {
    const a = DurableStore.open(undefined);
    const b = DurableStore.open(undefined);
    a.insertInstance(record('a'));
    expect(b.getInstance('hc-contoso')).toBeUndefined();
    a.close();
    b.close();
  });
});
