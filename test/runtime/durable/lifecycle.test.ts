// Instance lifecycle on the engine with real durable-functions code: sub-orchestrations (with retry),
// continue-as-new with carried-over events, terminate, suspend/resume and non-determinism detection.
jest.mock('@azure/functions-core', () => jest.requireActual<object>('./helpers/fakeFunctionsCore'), { virtual: true });

import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { EventType } from '../../../runtime/durable/history/historyEvent';
import {
  outputOf,
  startHarness,
  startJson,
  waitFor,
  waitForFinal,
  waitForLog,
  type Harness,
} from './helpers/engineHarness';

const childRuns = new Map<string, number>();
let changeCode = false;

df.app.activity('Add', { handler: (input: { a: number; b: number }) => input.a + input.b });
df.app.activity('Slow', {
  handler: async () => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return 'slow';
  },
});

df.app.orchestration('Child', function* (context: OrchestrationContext) {
  const input = context.df.getInput<{ key: string; failUntil: number }>();
  // Counts child executions (not replays): the first episode of each child instance is not a replay.
  if (!context.df.isReplaying) childRuns.set(input.key, (childRuns.get(input.key) ?? 0) + 1);
  const run = childRuns.get(input.key) ?? 0;
  const sum: unknown = yield context.df.callActivity('Add', { a: 1, b: 2 });
  if (run < input.failUntil) throw new Error(`child attempt ${run} failed`);
  return { sum, parent: context.df.parentInstanceId };
});

df.app.orchestration('Parent', function* (context: OrchestrationContext) {
  const input = context.df.getInput<{ key: string; failUntil: number; retry: boolean }>();
  try {
    const child: unknown = input.retry
      ? yield context.df.callSubOrchestratorWithRetry('Child', new df.RetryOptions(500, 3), input)
      : yield context.df.callSubOrchestrator('Child', input, `${context.df.instanceId}-child`);
    return child;
  } catch (error) {
    return `caught: ${(error as Error).message.split('\n')[0]}`;
  }
});

df.app.orchestration('Counter', function* (context: OrchestrationContext) {
  const state = context.df.getInput<{ count: number; seen: unknown[] }>();
  if (state.count >= 3) return state;
  const value: unknown = yield context.df.waitForExternalEvent('Tick');
  context.df.continueAsNew({ count: state.count + 1, seen: [...state.seen, value] });
  return undefined;
});

df.app.orchestration('Waiter', function* (context: OrchestrationContext) {
  context.df.setCustomStatus('waiting');
  const value: unknown = yield context.df.waitForExternalEvent('Go');
  return value;
});

df.app.orchestration('Changing', function* (context: OrchestrationContext) {
  yield context.df.callActivity(changeCode ? 'Slow' : 'Add', { a: 1, b: 1 });
  yield context.df.waitForExternalEvent('Continue');
  return 'done';
});

let harness: Harness;
beforeEach(() => {
  harness = startHarness({ scale: 100_000 });
});
afterEach(() => harness.stop());

describe('instance lifecycle', () => {
  it('runs a sub-orchestration and returns its output to the parent', async () => {
    const id = startJson(harness.engine, 'Parent', { key: 'plain', failUntil: 0, retry: false });
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toEqual({ sum: 3, parent: id });
    const child = harness.engine.getInstance(`${id}-child`);
    expect(child?.runtimeStatus).toBe('Completed');
    expect(child?.parentInstanceId).toBe(id);
  });

  it('hands a failed sub-orchestration to the parent as a catchable error', async () => {
    const id = startJson(harness.engine, 'Parent', { key: 'fails', failUntil: 99, retry: false });
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toBe("caught: Orchestrator function 'Child' failed: child attempt 1 failed ");
  });

  it('retries a failing sub-orchestration and succeeds on the third attempt', async () => {
    const id = startJson(harness.engine, 'Parent', { key: 'retry', failUntil: 3, retry: true });
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toEqual({ sum: 3, parent: id });
    expect(childRuns.get('retry')).toBe(3);
    const created = harness.engine
      .getHistory(id)
      .filter((e) => e.EventType === EventType.SubOrchestrationInstanceCreated)
      .map((e) => (e.EventType === EventType.SubOrchestrationInstanceCreated ? [e.EventId, e.InstanceId] : []));
    const executionId = harness.engine.getInstance(id)?.executionId;
    expect(created).toEqual([0, 2, 4].map((n) => [n, `${executionId}:${n}`]));
  });

  it('continues as new with a fresh history and carries unconsumed events over', async () => {
    const id = startJson(harness.engine, 'Counter', { count: 0, seen: [] });
    // All three events arrive at once: each generation consumes one and the rest must survive continue-as-new.
    for (const n of [1, 2, 3]) harness.engine.raiseEvent(id, 'Tick', String(n));
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toEqual({ count: 3, seen: [1, 2, 3] });
    const history = harness.engine.getHistory(id);
    expect(history.filter((e) => e.EventType === EventType.ExecutionStarted)).toHaveLength(1);
  });

  it('terminates a running instance with the reason as output and drops later events', async () => {
    const id = startJson(harness.engine, 'Waiter');
    await waitFor(harness.engine, id, (i) => i.runtimeStatus === 'Running');
    expect(harness.engine.terminate(id, 'no longer needed')).toBe('accepted');
    const done = await waitForFinal(harness.engine, id);
    expect(done.runtimeStatus).toBe('Terminated');
    expect(done.output).toBe('no longer needed');
    expect(harness.engine.raiseEvent(id, 'Go', '1')).toBe('gone');
    expect(harness.engine.terminate(id, 'again')).toBe('gone');
  });

  it('parks events while suspended and delivers them after resume', async () => {
    const id = startJson(harness.engine, 'Waiter');
    await waitFor(harness.engine, id, (i) => i.runtimeStatus === 'Running');
    harness.engine.suspend(id, 'maintenance');
    await waitFor(harness.engine, id, (i) => i.runtimeStatus === 'Suspended');
    harness.engine.raiseEvent(id, 'Go', '"later"');
    // A second suspend queued behind the event is applied ("ignored") only by the dispatcher's turn that also sees
    // the event: once its log line is there, the event has been looked at and parked, not merely not reached yet.
    harness.engine.suspend(id, 'still in maintenance');
    await waitForLog(harness, `(${id}) suspend ignored (Suspended).`);
    expect(harness.engine.getInstance(id)?.runtimeStatus).toBe('Suspended');
    expect(harness.engine.getHistory(id).some((e) => e.EventType === EventType.EventRaised)).toBe(false);
    harness.engine.resume(id, 'done');
    const done = await waitForFinal(harness.engine, id);
    expect(outputOf(done)).toBe('later');
    const types = harness.engine.getHistory(id).map((e) => e.EventType);
    expect(types).toContain(EventType.ExecutionSuspended);
    expect(types).toContain(EventType.ExecutionResumed);
  });

  it('fails an orchestration whose code changed under it with a non-determinism message', async () => {
    changeCode = false;
    const id = startJson(harness.engine, 'Changing');
    await waitFor(harness.engine, id, (i) =>
      harness.engine.getHistory(i.instanceId).some((e) => e.EventType === EventType.TaskCompleted),
    );
    changeCode = true;
    harness.engine.raiseEvent(id, 'Continue', null);
    const done = await waitForFinal(harness.engine, id);
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.output).toMatch(
      /^Non-Deterministic workflow detected: A previous execution of this orchestration scheduled an activity task with sequence number 0 named 'Add', but the current orchestration replay instead scheduled an activity task named 'Slow'/,
    );
  });
});
