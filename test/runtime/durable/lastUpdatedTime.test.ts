// lastUpdatedTime as the Durable HTTP API defines it: a new instance's is its createdTime; every episode moves it to
// the episode's end (the time of its OrchestratorCompleted, where DTFx takes it from), custom status changes
// included; virtual time passing without an episode leaves it. And the durableClient binding data carries the task
// hub's clock, so an app can say "now" on the clock of its statuses.
jest.mock('@azure/functions-core', () => jest.requireActual<object>('./helpers/fakeFunctionsCore'), { virtual: true });

import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { EventType, type HistoryEvent } from '../../../runtime/durable/history/historyEvent';
import type { InstanceRecord } from '../../../runtime/durable/store/durableStore';
import { startClientHarness, type ClientHarness } from './helpers/clientHarness';
import { startHarness, startJson, waitFor, waitForFinal, type Harness } from './helpers/engineHarness';

const MINUTE = 60_000;
let harness: Harness;

df.app.activity('Noop', { handler: () => null });

df.app.orchestration('WaitsTwice', function* (context: OrchestrationContext) {
  context.df.setCustomStatus('waiting');
  yield context.df.waitForExternalEvent('Go');
  context.df.setCustomStatus('going');
  yield context.df.waitForExternalEvent('Go');
  return 'done';
});

df.app.orchestration('Ticks', function* (context: OrchestrationContext) {
  for (let tick = 1; tick <= 3; tick++) {
    yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 10 * MINUTE));
    context.df.setCustomStatus({ tick });
  }
  return 'done';
});

// An orchestrator whose every run takes five virtual minutes (the test's clock, moved by hand): its episodes end
// well after they start.
df.app.orchestration('SlowEpisodes', function* (context: OrchestrationContext) {
  harness.clock.advance(5 * MINUTE);
  yield context.df.callActivity('Noop');
  harness.clock.advance(5 * MINUTE);
  return context.df.currentUtcDateTime.toISOString();
});

function timestamps(history: HistoryEvent[], type: number): number[] {
  return history.filter((event) => event.EventType === type).map((event) => Date.parse(event.Timestamp));
}

/** The time the instance's last episode ended: its last OrchestratorCompleted. */
function lastEpisodeEnd(instanceId: string): number | undefined {
  return timestamps(harness.engine.getHistory(instanceId), EventType.OrchestratorCompleted).at(-1);
}

describe('lastUpdatedTime on the engine', () => {
  beforeEach(() => {
    // Slow enough that nothing runs between the test's own steps but what it starts.
    harness = startHarness({ scale: 1 });
  });
  afterEach(() => harness.stop());

  it('starts at createdTime, stays while nothing runs, and moves to the end of every episode', async () => {
    const id = startJson(harness.engine, 'WaitsTwice', null, 'waits-twice');
    const pending = harness.engine.getInstance(id) as InstanceRecord;
    expect(pending.lastUpdatedTime).toBe(pending.createdTime);

    const first = await waitFor(harness.engine, id, (i) => i.customStatus === '"waiting"');
    expect(first.lastUpdatedTime).toBe(lastEpisodeEnd(id));
    expect(first.lastUpdatedTime).toBeGreaterThanOrEqual(first.createdTime);

    // Half an hour of virtual time with no episode: nothing was updated.
    harness.clock.advance(30 * MINUTE);
    expect((harness.engine.getInstance(id) as InstanceRecord).lastUpdatedTime).toBe(first.lastUpdatedTime);

    harness.engine.raiseEvent(id, 'Go', null);
    const second = await waitFor(harness.engine, id, (i) => i.customStatus === '"going"');
    expect(second.lastUpdatedTime).toBe(lastEpisodeEnd(id));
    expect(second.lastUpdatedTime).toBeGreaterThanOrEqual(first.lastUpdatedTime + 30 * MINUTE);

    harness.clock.advance(MINUTE);
    harness.engine.raiseEvent(id, 'Go', null);
    const done = await waitForFinal(harness.engine, id);
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.lastUpdatedTime).toBe(lastEpisodeEnd(id));
    expect(done.lastUpdatedTime).toBeGreaterThanOrEqual(second.lastUpdatedTime + MINUTE);
    expect(done.createdTime).toBe(pending.createdTime);
  });

  it('moves with each timer episode of a running instance', async () => {
    const id = startJson(harness.engine, 'Ticks', null, 'ticks');
    const seen: number[] = [];
    for (let tick = 1; tick <= 3; tick++) {
      await waitFor(
        harness.engine,
        id,
        (i) => i.runtimeStatus === 'Running' && i.lastUpdatedTime === lastEpisodeEnd(id),
      );
      const before = harness.engine.getInstance(id) as InstanceRecord;
      seen.push(before.lastUpdatedTime);
      harness.clock.advance(10 * MINUTE);
      await waitFor(harness.engine, id, (i) => i.customStatus === JSON.stringify({ tick }));
    }
    const done = await waitForFinal(harness.engine, id);
    seen.push(done.lastUpdatedTime);
    // One episode per timer, each at least the timer's ten minutes after the one before.
    for (let index = 1; index < seen.length; index++) {
      expect(seen[index] - seen[index - 1]).toBeGreaterThanOrEqual(10 * MINUTE);
    }
    expect(timestamps(harness.engine.getHistory(id), EventType.TimerFired)).toHaveLength(3);
  });

  it('is the end of the episode, not its start (what currentUtcDateTime tells the orchestrator)', async () => {
    const id = startJson(harness.engine, 'SlowEpisodes', null, 'slow');
    const done = await waitForFinal(harness.engine, id);
    expect(done.runtimeStatus).toBe('Completed');
    const history = harness.engine.getHistory(id);
    const starts = timestamps(history, EventType.OrchestratorStarted);
    const ends = timestamps(history, EventType.OrchestratorCompleted);
    expect(ends).toHaveLength(starts.length);
    starts.forEach((start, index) => expect(ends[index] - start).toBeGreaterThanOrEqual(5 * MINUTE));
    // Scheduling and completion are stamped at the episode's end too, as DTFx stamps them after the orchestrator ran.
    const scheduled = timestamps(history, EventType.TaskScheduled)[0];
    expect(scheduled).toBe(ends[0]);
    expect(done.lastUpdatedTime).toBe(ends.at(-1));
    const sawNow = Date.parse(JSON.parse(done.output ?? '""') as string);
    expect(sawNow).toBe(starts.at(-1));
    expect(done.lastUpdatedTime).toBeGreaterThan(sawNow);
  });
});

describe('lastUpdatedTime and the clock through the DurableClient', () => {
  let client: ClientHarness;

  beforeAll(async () => {
    client = await startClientHarness({ hubName: 'ClockHub', publicBaseUrl: 'http://127.0.0.1:7071', systemKey: 'k' });
  });
  afterAll(() => client.stop());

  it('shows lastUpdatedTime moving with an episode, to the second', async () => {
    const id = await client.client.startNew('WaitsTwice');
    const statusOf = () => client.client.getStatus(id);
    let first = await statusOf();
    for (let i = 0; i < 2000 && first.customStatus !== 'waiting'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      first = await statusOf();
    }
    expect(first.customStatus).toBe('waiting');
    expect(first.lastUpdatedTime.getTime()).toBeGreaterThanOrEqual(first.createdTime.getTime());

    await client.client.raiseEvent(id, 'Go', null);
    let second = await statusOf();
    for (let i = 0; i < 2000 && second.customStatus !== 'going'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      second = await statusOf();
    }
    // The harness clock runs 10 000 times faster than the wall: whole seconds have passed between the episodes.
    expect(second.lastUpdatedTime.getTime()).toBeGreaterThan(first.lastUpdatedTime.getTime());
    expect(second.lastUpdatedTime.getUTCMilliseconds()).toBe(0);
    expect(second.createdTime.getTime()).toBe(first.createdTime.getTime());
  });

  it('hands each invocation the task hub clock in the durableClient binding data (currentUtcDateTime)', () => {
    const before = client.clock.now();
    const data = client.extension.clientInputData() as { currentUtcDateTime?: unknown };
    const after = client.clock.now();
    expect(typeof data.currentUtcDateTime).toBe('string');
    const sent = Date.parse(data.currentUtcDateTime as string);
    expect(sent).toBeGreaterThanOrEqual(before);
    expect(sent).toBeLessThanOrEqual(after);
    // Virtual: the harness clock started in 2024, whatever the wall clock says.
    expect(new Date(sent).getUTCFullYear()).toBe(2024);
  });
});
