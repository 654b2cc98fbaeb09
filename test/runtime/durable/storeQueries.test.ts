// What the dispatcher and the list API read from the task hub store: which instances are ready (in what order, how
// many, which are left out) and pages of instances by status in created order. These queries run after every
// commit and on every list request, so they walk indexes and stop early; here only their answers are checked.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import * as events from '../../../runtime/durable/history/newEvents';
import type { RuntimeStatus } from '../../../runtime/durable/runtimeStatus';
import { DurableStore, type InstanceRecord } from '../../../runtime/durable/store/durableStore';

function instance(instanceId: string, runtimeStatus: RuntimeStatus, createdTime: number): InstanceRecord {
  return {
    instanceId,
    name: 'orchestrator',
    version: '',
    executionId: `${instanceId}-e`,
    runtimeStatus,
    input: null,
    output: null,
    customStatus: JSON.stringify({ stage: instanceId }),
    createdTime,
    lastUpdatedTime: createdTime,
    parentInstanceId: null,
    parentExecutionId: null,
    parentTaskId: null,
  };
}

describe('DurableStore.readyInstanceIds', () => {
  let store: DurableStore;
  const message = (instanceId: string, visibleAt: number, control = false): void =>
    store.enqueueMessage({
      instanceId,
      executionId: null,
      event: control ? events.executionResumed(visibleAt, null) : events.eventRaised(visibleAt, 'go', null),
      visibleAt,
      control,
    });

  beforeEach(() => {
    store = DurableStore.open(undefined);
    for (const id of ['a', 'b', 'c', 'd']) store.putInstance(instance(id, 'Running', 1));
  });
  afterEach(() => store.close());

  it('serves the instance whose message became visible first, each instance once, none not yet visible', () => {
    // Arrival order c, a, b; visibility order a (at 5), b, c.
    message('c', 20);
    message('a', 30);
    message('b', 10);
    message('a', 5);
    message('d', 101);
    expect(store.readyInstanceIds(100, 10)).toEqual(['a', 'b', 'c']);
    expect(store.readyInstanceIds(101, 10)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('breaks ties of visibility by arrival and stops at the limit', () => {
    for (const id of ['c', 'a', 'd', 'b']) message(id, 7);
    expect(store.readyInstanceIds(7, 2)).toEqual(['c', 'a']);
    expect(store.readyInstanceIds(7, 0)).toEqual([]);
  });

  it('leaves out the skipped instances and fills the limit with the next ones', () => {
    for (const id of ['a', 'b', 'c', 'd']) message(id, 1);
    expect(store.readyInstanceIds(1, 2, new Set(['a', 'c']))).toEqual(['b', 'd']);
  });

  it('counts only control messages of a suspended instance, and no message of an unknown one', () => {
    store.putInstance(instance('b', 'Suspended', 1));
    message('x', 1);
    message('b', 1);
    message('a', 2);
    expect(store.readyInstanceIds(5, 10)).toEqual(['a']);
    message('b', 3, true);
    expect(store.readyInstanceIds(5, 10)).toEqual(['a', 'b']);
  });

  it('answers the same after the statement was left half-read', () => {
    for (const id of ['a', 'b', 'c']) message(id, 1);
    expect(store.readyInstanceIds(1, 1)).toEqual(['a']);
    expect(store.readyInstanceIds(1, 3)).toEqual(['a', 'b', 'c']);
  });
});

describe('DurableStore.queryInstances', () => {
  let store: DurableStore;
  beforeEach(() => {
    store = DurableStore.open(undefined);
    const statuses: RuntimeStatus[] = ['Completed', 'Running', 'Pending', 'Failed', 'Running', 'Suspended'];
    // Created out of id order, two at the same time: the order is created time, then id.
    statuses.forEach((status, i) => store.putInstance(instance(`i${5 - i}`, status, 10 + Math.floor(i / 2))));
  });
  afterEach(() => store.close());

  const ids = (records: InstanceRecord[]): string[] => records.map((record) => record.instanceId);

  it('pages the instances of some statuses in created order, whole records, from a keyset position', () => {
    const active: RuntimeStatus[] = ['Pending', 'Running', 'Suspended'];
    expect(ids(store.queryInstances({ statuses: active }))).toEqual(['i4', 'i3', 'i0', 'i1']);
    const first = store.queryInstances({ statuses: active, limit: 2 });
    expect(first).toEqual([instance('i4', 'Running', 10), instance('i3', 'Pending', 11)]);
    expect(ids(store.queryInstances({ statuses: active, after: { createdTime: 11, instanceId: 'i3' } }))).toEqual([
      'i0',
      'i1',
    ]);
  });

  it('combines statuses with created-time bounds and an id prefix, and lists everything without a filter', () => {
    expect(ids(store.queryInstances({}))).toEqual(['i4', 'i5', 'i2', 'i3', 'i0', 'i1']);
    expect(ids(store.queryInstances({ statuses: ['Running', 'Failed'], createdFrom: 11, createdTo: 12 }))).toEqual([
      'i2',
      'i1',
    ]);
    expect(ids(store.queryInstances({ instanceIdPrefix: 'i1', statuses: ['Running'] }))).toEqual(['i1']);
  });
});

describe('DurableStore.putInstance', () => {
  it('replaces every column of an existing row, nulls included, and the status lists follow', () => {
    const store = DurableStore.open(undefined);
    store.putInstance({ ...instance('a', 'Running', 5), output: '"partial"', parentTaskId: 3, parentInstanceId: 'p' });
    const finished: InstanceRecord = { ...instance('a', 'Completed', 7), executionId: 'second', customStatus: null };
    store.putInstance(finished);
    expect(store.getInstance('a')).toEqual(finished);
    expect(store.queryInstances({ statuses: ['Running'] })).toEqual([]);
    expect(store.queryInstances({ statuses: ['Completed'] })).toEqual([finished]);
    store.close();
  });
});

describe('a task hub made before instances_by_status_created', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hc-hub-index-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens with the status index replaced, its instances listed by status as before', () => {
    const file = join(dir, 'HybridConnection.sqlite');
    const store = DurableStore.open(file);
    store.putInstance(instance('kept', 'Running', 1));
    store.close();
    const older = new DatabaseSync(file);
    older.exec(
      'DROP INDEX instances_by_status_created; CREATE INDEX instances_by_status ON instances (runtime_status)',
    );
    older.close();
    const reopened = DurableStore.open(file);
    expect(ids(reopened.queryInstances({ statuses: ['Running'] }))).toEqual(['kept']);
    reopened.close();
    const check = new DatabaseSync(file);
    const indexes = check
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'instances' AND sql IS NOT NULL")
      .all()
      .map((row) => row.name);
    check.close();
    expect(indexes.sort()).toEqual(['instances_by_created', 'instances_by_status_created']);
  });

  const ids = (records: InstanceRecord[]): string[] => records.map((record) => record.instanceId);
});
