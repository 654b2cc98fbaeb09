// Durable timers, external events and retries on the engine with real durable-functions orchestrators, all in
// virtual time: timer fire times, event/timer races, buffered events, retry delays and exhaustion.
jest.mock('@azure/functions-core', () => jest.requireActual<object>('./helpers/fakeFunctionsCore'), { virtual: true });

import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { EventType, type HistoryEvent } from '../../../runtime/durable/history/historyEvent';
import { outputOf, startHarness, startJson, waitFor, waitForFinal, type Harness } from './helpers/engineHarness';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const attempts = new Map<string, number>();

df.app.activity('FlakyUntil', {
  // Fails until its call count for `key` reaches `succeedOn`.
  handler: (input: { key: string; succeedOn: number }) => {
    const n = (attempts.get(input.key) ?? 0) + 1;
    attempts.set(input.key, n);
    if (n < input.succeedOn) throw new Error(`attempt ${n} failed`);
    return `ok after ${n}`;
  },
});

df.app.orchestration('Sleep45', function* (context: OrchestrationContext) {
  const fireAt = new Date(context.df.currentUtcDateTime.getTime() + 45 * MINUTE);
  yield context.df.createTimer(fireAt);
  return { fireAt: fireAt.toISOString(), wokeAt: context.df.currentUtcDateTime.toISOString() };
});

df.app.orchestration('Sleep10Days', function* (context: OrchestrationContext) {
  const fireAt = new Date(context.df.currentUtcDateTime.getTime() + 10 * DAY);
  yield context.df.createTimer(fireAt);
  return context.df.currentUtcDateTime.getTime() >= fireAt.getTime();
});

df.app.orchestration('Race', function* (context: OrchestrationContext) {
  const timeoutMinutes = context.df.getInput<number>();
  const timer = context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + timeoutMinutes * MINUTE));
  const approval = context.df.waitForExternalEvent('Approval');
  const winner: unknown = yield context.df.Task.any([timer, approval]);
  if (winner === approval) {
    timer.cancel();
    return { approved: approval.result };
  }
  return 'timed out';
});

df.app.orchestration('TwoEvents', function* (context: OrchestrationContext) {
  const first: unknown = yield context.df.waitForExternalEvent('Step');
  const second: unknown = yield context.df.waitForExternalEvent('Step');
  return [first, second];
});

df.app.orchestration('Retry', function* (context: OrchestrationContext) {
  const input = context.df.getInput<{ key: string; succeedOn: number; max: number }>();
  const options = new df.RetryOptions(1000, input.max);
  options.backoffCoefficient = 2;
  try {
    const result: unknown = yield context.df.callActivityWithRetry('FlakyUntil', options, {
      key: input.key,
      succeedOn: input.succeedOn,
    });
    return result;
  } catch (error) {
    return `caught: ${(error as Error).message.split('\n')[0]}`;
  }
});

let harness: Harness;
beforeEach(() => {
  harness = startHarness({ scale: 100_000 });
});
afterEach(() => harness.stop());

const ofType = (history: HistoryEvent[], type: number): HistoryEvent[] => history.filter((e) => e.EventType === type);

describe('timers, events and retries', () => {
  it('fires a 45-minute durable timer in virtual time, never before its due time', async () => {
    const id = startJson(harness.engine, 'Sleep45');
    const done = await waitForFinal(harness.engine, id);
    const out = outputOf(done) as { fireAt: string; wokeAt: string };
    expect(Date.parse(out.wokeAt)).toBeGreaterThanOrEqual(Date.parse(out.fireAt));
    const created = ofType(harness.engine.getHistory(id), EventType.TimerCreated);
    expect(created).toEqual([expect.objectContaining({ EventId: 0, FireAt: out.fireAt })]);
  });

  it('splits a 10-day timer into 3-day sub-timers, each made when the last fired, and wakes at the 10-day mark', async () => {
    // The clock barely moves by itself (scale 1): the test moves it 3 days once each sub-timer exists, so the engine
    // sees the same times on any machine (at a huge scale, a late episode let virtual time jump past later timers).
    harness.clock.setScale(1);
    const id = startJson(harness.engine, 'Sleep10Days');
    const timersOf = () => ofType(harness.engine.getHistory(id), EventType.TimerCreated);
    const finished = (status: string): boolean => ['Completed', 'Failed', 'Terminated'].includes(status);
    for (let made = 1; ; made += 1) {
      const instance = await waitFor(harness.engine, id, (i) => finished(i.runtimeStatus) || timersOf().length >= made);
      if (finished(instance.runtimeStatus)) break;
      harness.clock.advance(3 * DAY);
    }
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toBe(true);
    const history = harness.engine.getHistory(id);
    const started = Date.parse(history[0]?.Timestamp ?? '');
    const timers = timersOf().map((e) => ({
      id: e.EventId,
      fireAt: e.EventType === EventType.TimerCreated ? Date.parse(e.FireAt) : 0,
    }));
    expect(timers.map((t) => t.id)).toEqual([0, 1, 2, 3]);
    // 3, 6 and 9 days (each 3 days after the one before fired, give or take the episode's milliseconds), then 10.
    expect(timers.map((t) => Math.round((t.fireAt - started) / DAY))).toEqual([3, 6, 9, 10]);
    expect(timers.at(-1)?.fireAt).toBe(started + 10 * DAY);
  });

  it('lets an event beat a timer', async () => {
    const id = startJson(harness.engine, 'Race', 5 * 24 * 60);
    await waitFor(harness.engine, id, (i) => i.runtimeStatus === 'Running');
    harness.engine.raiseEvent(id, 'Approval', JSON.stringify({ by: 'ops' }));
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toEqual({ approved: { by: 'ops' } });
  });

  it('lets a timer beat an event that never comes', async () => {
    const id = startJson(harness.engine, 'Race', 1);
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toBe('timed out');
  });

  it('buffers events raised before the orchestration waits for them, in arrival order', async () => {
    const id = startJson(harness.engine, 'TwoEvents');
    harness.engine.raiseEvent(id, 'Step', '1');
    harness.engine.raiseEvent(id, 'Step', '2');
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toEqual([1, 2]);
  });

  it('retries an activity with backoff in virtual time and succeeds on the third attempt', async () => {
    const id = startJson(harness.engine, 'Retry', { key: 'third', succeedOn: 3, max: 5 });
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toBe('ok after 3');
    const history = harness.engine.getHistory(id);
    const failures = ofType(history, EventType.TaskFailed);
    const timers = ofType(history, EventType.TimerCreated);
    expect(failures.map((e) => (e.EventType === EventType.TaskFailed ? e.TaskScheduledId : -1))).toEqual([0, 2]);
    expect(timers.map((e) => e.EventId)).toEqual([1, 3]);
    // Each retry timer fires firstRetryInterval * 2^attempt after the episode that saw the failure.
    const delays = timers.map((timer) => {
      const index = history.indexOf(timer);
      const episodeStart = history
        .slice(0, index)
        .reverse()
        .find((e) => e.EventType === EventType.OrchestratorStarted);
      return timer.EventType === EventType.TimerCreated && episodeStart
        ? Date.parse(timer.FireAt) - Date.parse(episodeStart.Timestamp)
        : -1;
    });
    expect(delays).toEqual([1000, 2000]);
  });

  it('surfaces the last failure once the attempts are exhausted, so the orchestrator can catch it', async () => {
    const id = startJson(harness.engine, 'Retry', { key: 'never', succeedOn: 99, max: 3 });
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toBe("caught: Activity function 'FlakyUntil' failed: attempt 3 failed ");
    expect(attempts.get('never')).toBe(3);
    expect(ofType(harness.engine.getHistory(id), EventType.TimerCreated).map((e) => e.EventId)).toEqual([1, 3, 5]);
  });
});
