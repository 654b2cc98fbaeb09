// Engine behaviour with real durable-functions orchestrators and activities (no HTTP): chaining, inputs and
// outputs, fan-out/fan-in, custom status, failures and unknown functions.
jest.mock('@azure/functions-core', () => jest.requireActual<object>('./helpers/fakeFunctionsCore'), { virtual: true });

import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { EventType } from '../../../runtime/durable/history/historyEvent';
import { outputOf, startHarness, startJson, waitFor, waitForFinal, type Harness } from './helpers/engineHarness';

df.app.activity('Hello', { handler: (input: unknown) => `Hello ${JSON.stringify(input)}` });
df.app.activity('Echo', { handler: (input: unknown) => input });
df.app.activity('Double', { handler: (n: number) => n * 2 });
df.app.activity('Boom', {
  handler: () => {
    throw new Error('kaboom');
  },
});

let running = 0;
let maxRunning = 0;
df.app.activity('Tracked', {
  handler: async () => {
    running += 1;
    maxRunning = Math.max(maxRunning, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running -= 1;
    return 1;
  },
});

df.app.orchestration('TrackedFanOut', function* (context: OrchestrationContext) {
  const results = (yield context.df.Task.all(
    Array.from({ length: 12 }, () => context.df.callActivity('Tracked')),
  )) as number[];
  return results.length;
});

df.app.orchestration('Chain', function* (context: OrchestrationContext) {
  const a: unknown = yield context.df.callActivity('Hello', 'Tokyo');
  const b: unknown = yield context.df.callActivity('Hello', { city: 'Seattle' });
  const c: unknown = yield context.df.callActivity('Echo', context.df.getInput());
  return [a, b, c];
});

df.app.orchestration('FanOut', function* (context: OrchestrationContext) {
  const n = context.df.getInput<number>();
  const tasks = [];
  for (let i = 0; i < n; i++) tasks.push(context.df.callActivity('Double', i));
  const results = (yield context.df.Task.all(tasks)) as number[];
  return results.reduce((sum, x) => sum + x, 0);
});

df.app.orchestration('Status', function* (context: OrchestrationContext) {
  context.df.setCustomStatus({ step: 'waiting' });
  yield context.df.waitForExternalEvent('Go');
  context.df.setCustomStatus({ step: 'done' });
  return 'ok';
});

df.app.orchestration('Thrower', function* (context: OrchestrationContext) {
  yield context.df.callActivity('Echo', 1);
  throw new Error('orchestrator exploded');
});

df.app.orchestration('CatchesActivity', function* (context: OrchestrationContext) {
  try {
    yield context.df.callActivity('Boom');
    return 'not reached';
  } catch (error) {
    return (error as Error).message;
  }
});

df.app.orchestration('CallsMissing', function* (context: OrchestrationContext) {
  yield context.df.callActivity('NoSuchActivity', 1);
  return 'unreachable';
});

df.app.orchestration('Guids', function* (context: OrchestrationContext) {
  const first = context.df.newGuid(context.df.instanceId);
  const startedAt = context.df.currentUtcDateTime.toISOString();
  // The activity receives the guid as computed in the first episode; `first` below is its replayed value.
  const echoed: unknown = yield context.df.callActivity('Echo', first);
  const second = context.df.newGuid(context.df.instanceId);
  return { first, echoed, second, startedAt, now: context.df.currentUtcDateTime.toISOString() };
});

let harness: Harness;
beforeEach(() => {
  harness = startHarness();
});
afterEach(() => harness.stop());

describe('orchestrations on the engine', () => {
  it('chains activities and passes inputs the way the extension encodes them', async () => {
    const id = startJson(harness.engine, 'Chain', { n: 42 });
    const done = await waitForFinal(harness.engine, id);
    expect(done.runtimeStatus).toBe('Completed');
    expect(outputOf(done)).toEqual(['Hello "Tokyo"', 'Hello {"city":"Seattle"}', { n: 42 }]);
    const history = harness.engine.getHistory(id);
    const scheduled = history.filter((e) => e.EventType === EventType.TaskScheduled).map((e) => e.EventId);
    expect(scheduled).toEqual([0, 1, 2]);
    expect(history[history.length - 2]).toMatchObject({ EventType: EventType.ExecutionCompleted, EventId: 3 });
  });

  it('fans out to 200 activities and fans in their results', async () => {
    const id = startJson(harness.engine, 'FanOut', 200);
    const done = await waitForFinal(harness.engine, id, 30_000);
    expect(done.runtimeStatus).toBe('Completed');
    expect(outputOf(done)).toBe(199 * 200);
    expect(harness.invoker.calls.get('Double')).toBe(200);
  });

  it('never runs more activities at once than maxConcurrentActivityFunctions', async () => {
    harness.stop();
    harness = startHarness({ activities: 3 });
    const id = startJson(harness.engine, 'TrackedFanOut');
    expect(outputOf(await waitForFinal(harness.engine, id))).toBe(12);
    expect(maxRunning).toBe(3);
  });

  it('shows the custom status while waiting and after completion', async () => {
    const id = startJson(harness.engine, 'Status');
    const waiting = await waitFor(harness.engine, id, (i) => i.customStatus !== null);
    expect(JSON.parse(waiting.customStatus ?? 'null')).toEqual({ step: 'waiting' });
    expect(waiting.runtimeStatus).toBe('Running');
    expect(harness.engine.raiseEvent(id, 'Go', null)).toBe('accepted');
    const done = await waitForFinal(harness.engine, id);
    expect(JSON.parse(done.customStatus ?? 'null')).toEqual({ step: 'done' });
  });

  it('fails with the orchestrator exception message', async () => {
    const id = startJson(harness.engine, 'Thrower');
    const done = await waitForFinal(harness.engine, id);
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.output).toBe("Orchestrator function 'Thrower' failed: orchestrator exploded");
  });

  it('hands an activity failure to the orchestrator as an error it can catch', async () => {
    const id = startJson(harness.engine, 'CatchesActivity');
    const done = await waitForFinal(harness.engine, id);
    expect(done.runtimeStatus).toBe('Completed');
    expect(String(outputOf(done))).toMatch(/^Activity function 'Boom' failed: kaboom/);
  });

  it('fails clearly when an orchestrator calls an activity that does not exist', async () => {
    const id = startJson(harness.engine, 'CallsMissing');
    const done = await waitForFinal(harness.engine, id);
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.output).toContain("The function 'NoSuchActivity' doesn't exist");
  });

  it('refuses to start an orchestrator that is not registered', () => {
    expect(() => startJson(harness.engine, 'Nope')).toThrow(/doesn't exist/);
  });

  it('refuses to start over an instance that is still running', async () => {
    const id = startJson(harness.engine, 'Status', undefined, 'same-id');
    await waitFor(harness.engine, id, (i) => i.runtimeStatus === 'Running');
    expect(() => startJson(harness.engine, 'Status', undefined, 'same-id')).toThrow(/already exists/);
    harness.engine.terminate(id, 'cleanup');
    await waitForFinal(harness.engine, id);
    // A finished instance may be replaced by a new start with the same id.
    startJson(harness.engine, 'Chain', 1, 'same-id');
    expect(outputOf(await waitForFinal(harness.engine, 'same-id'))).toEqual([
      'Hello "Tokyo"',
      'Hello {"city":"Seattle"}',
      1,
    ]);
  });

  it('replays currentUtcDateTime and newGuid from stored OrchestratorStarted timestamps', async () => {
    const id = startJson(harness.engine, 'Guids');
    const done = await waitForFinal(harness.engine, id);
    const out = outputOf(done) as { first: string; echoed: string; second: string; startedAt: string; now: string };
    const started = harness.engine.getHistory(id).filter((e) => e.EventType === EventType.OrchestratorStarted);
    expect(out.startedAt).toBe(started[0]?.Timestamp);
    expect(out.now).toBe(started[1]?.Timestamp);
    expect(out.first).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.echoed).toBe(out.first);
    expect(out.second).not.toBe(out.first);
  });
});
