// A job whose outcome the runtime cannot commit (the store failing under it) is paused, not retried in a tight loop:
// for an activity that would repeat its side effect on every turn of the event loop.
import { VirtualClock } from '../../../clock';
import type { DurableFunctionInvoker } from '../../../runtime/contracts';
import { ActivityDispatcher } from '../../../runtime/durable/dispatch/activityDispatcher';
import type { DispatchContext } from '../../../runtime/durable/dispatch/dispatchContext';
import { DurableStore } from '../../../runtime/durable/store/durableStore';
import { EPOCH } from './helpers/engineHarness';

function eventLoopTurns(count: number): Promise<void> {
  let chain = Promise.resolve();
  for (let i = 0; i < count; i++) chain = chain.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  return chain;
}

describe('dispatch after a runtime failure', () => {
  let store: DurableStore;
  let clock: VirtualClock;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    store = DurableStore.open(undefined);
    clock = new VirtualClock({ startAt: EPOCH });
  });

  afterEach(() => {
    store.close();
    clock.dispose();
    jest.useRealTimers();
  });

  it('runs an activity whose result cannot be committed once, then again only after a pause', async () => {
    let invocations = 0;
    const invoker: DurableFunctionInvoker = {
      kindOf: () => 'activity',
      invokeOrchestrator: () => Promise.reject(new Error('not used')),
      invokeActivity: () => {
        invocations += 1;
        return Promise.resolve('done');
      },
    };
    const errors: string[] = [];
    let stopped = false;
    const context: DispatchContext = {
      store,
      clock,
      log: (level, message) => {
        if (level === 'error') errors.push(message);
      },
      invoker: () => invoker,
      isStopped: () => stopped,
      afterCommit: () => undefined,
      instanceFinished: () => undefined,
    };
    store.enqueueActivity({ instanceId: 'i', executionId: 'e', taskId: 0, name: 'SideEffect', input: null });
    store.deleteActivity = () => {
      throw new Error('disk I/O error');
    };
    const dispatcher = new ActivityDispatcher(context, 4);

    dispatcher.kick();
    await eventLoopTurns(50);
    expect([invocations, errors.length]).toEqual([1, 1]);
    expect(errors[0]).toContain('disk I/O error');

    jest.advanceTimersByTime(1000);
    await eventLoopTurns(50);
    expect(invocations).toBe(2);
    stopped = true;
  });
});
