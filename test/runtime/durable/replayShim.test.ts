// The replay shim on canned histories: sequence ids (timers, retries, long timers, compound actions), what counts as
// new work, and non-determinism detection. Pure: no engine, no durable-functions.
import { parseActionList } from '../../../runtime/durable/replay/actions';
import { replayActions, type ReplayContext } from '../../../runtime/durable/replay/replayShim';
import type { HistoryEvent } from '../../../runtime/durable/history/historyEvent';
import * as ev from '../../../runtime/durable/history/newEvents';
import { NonDeterminismError } from '../../../runtime/durable/errors/nonDeterminismError';
import { UnsupportedFeatureError } from '../../../runtime/durable/errors/unsupportedFeatureError';
import { UnknownFunctionError } from '../../../runtime/durable/errors/unknownFunctionError';

const T0 = Date.UTC(2024, 0, 1);
const SEC = 1000;
const DAY = 24 * 3600 * SEC;

const context: ReplayContext = {
  instanceId: 'abc',
  executionId: 'exec1',
  parentInstanceId: null,
  kindOf: (name) => (['A', 'B'].includes(name) ? 'activity' : name === 'Child' ? 'orchestration' : undefined),
};

function start(at = T0): HistoryEvent[] {
  return [
    ev.orchestratorStarted(at),
    ev.executionStarted({ at, instanceId: 'abc', executionId: 'exec1', name: 'O', input: null, parent: null }),
  ];
}

const activity = (name: string, input?: unknown): object => ({ functionName: name, actionType: 0, input });
const timer = (fireAt: number, isCanceled = false): object => ({
  fireAt: new Date(fireAt).toISOString(),
  isCanceled,
  actionType: 5,
});
const replay = (actions: object[], history: HistoryEvent[]): ReturnType<typeof replayActions> =>
  replayActions(parseActionList([actions]), history, context);

describe('replay shim', () => {
  it('schedules only the first of two sequential activities until it completes', () => {
    const result = replay([activity('A', 1), activity('B', 2)], start());
    expect(result.newWork.map((w) => [w.id, w.name])).toEqual([[0, 'A']]);
    expect(result.finished).toBe(false);
  });

  it('gives Task.all children consecutive ids and waits for all of them', () => {
    const all = { actionType: 12, compoundActions: [activity('A', 1), activity('B', 2), timer(T0 + 60 * SEC)] };
    const history = [
      ...start(),
      ev.taskScheduled(T0, 0, 'A'),
      ev.taskScheduled(T0, 1, 'B'),
      ev.timerCreated(T0, 2, T0 + 60 * SEC),
    ];
    history.push(ev.orchestratorStarted(T0 + SEC), ev.taskFailed(T0 + SEC, 1, 'boom', 'details'));
    const result = replay([all, activity('A', 3)], history);
    // The failure does not end Task.all in the shim: it waits for every child, unlike durable-functions.
    expect(result.newWork).toEqual([]);
    expect(result.finished).toBe(false);
  });

  it('counts a canceled timer as done in Task.any and keeps its id', () => {
    const any = {
      actionType: 11,
      compoundActions: [
        timer(T0 + 60 * SEC, true),
        { externalEventName: 'Approval', reason: 'ExternalEvent', actionType: 6 },
      ],
    };
    const history = [
      ...start(),
      ev.timerCreated(T0, 0, T0 + 60 * SEC),
      ev.orchestratorStarted(T0 + SEC),
      ev.eventRaised(T0 + SEC, 'Approval', 'true'),
    ];
    const result = replay([any, activity('A')], history);
    expect(result.newWork.map((w) => w.id)).toEqual([1]);
  });

  it('runs retries host-side with a timer after every failure, including the last one', () => {
    const retry = {
      functionName: 'A',
      retryOptions: { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 3, backoffCoefficient: 2 },
      actionType: 1,
    };
    const h = [...start(), ev.taskScheduled(T0, 0, 'A')];
    const t1 = T0 + 10 * SEC;
    h.push(ev.orchestratorStarted(t1), ev.taskFailed(t1, 0, 'r', 'd'));
    let result = replay([retry], h);
    expect(result.newWork).toEqual([{ id: 1, kind: 'timer', name: '', fireAt: t1 + 1000 }]);
    h.push(
      ev.timerCreated(t1, 1, t1 + 1000),
      ev.orchestratorStarted(t1 + 1000),
      ev.timerFired(t1 + 1000, 1, t1 + 1000),
    );
    result = replay([retry], h);
    expect(result.newWork.map((w) => [w.id, w.kind])).toEqual([[2, 'activity']]);
    const t2 = t1 + 5000;
    h.push(ev.taskScheduled(t1 + 1000, 2, 'A'), ev.orchestratorStarted(t2), ev.taskFailed(t2, 2, 'r', 'd'));
    result = replay([retry], h);
    expect(result.newWork).toEqual([{ id: 3, kind: 'timer', name: '', fireAt: t2 + 2000 }]);
    h.push(
      ev.timerCreated(t2, 3, t2 + 2000),
      ev.orchestratorStarted(t2 + 2000),
      ev.timerFired(t2 + 2000, 3, t2 + 2000),
    );
    h.push(
      ev.taskScheduled(t2 + 2000, 4, 'A'),
      ev.orchestratorStarted(t2 + 3000),
      ev.taskFailed(t2 + 3000, 4, 'r', 'd'),
    );
    result = replay([retry], h);
    // After the last attempt a zero-length timer, then the failure surfaces.
    expect(result.newWork).toEqual([{ id: 5, kind: 'timer', name: '', fireAt: t2 + 3000 }]);
    expect(result.finished).toBe(false);
    h.push(
      ev.timerCreated(t2 + 3000, 5, t2 + 3000),
      ev.orchestratorStarted(t2 + 3000),
      ev.timerFired(t2 + 3000, 5, t2 + 3000),
    );
    result = replay([retry], h);
    expect(result.finished).toBe(true);
    expect(result.nextSequenceId).toBe(6);
  });

  it('caps retry delays at maxRetryInterval and stops running attempts after the retry timeout', () => {
    const retry = {
      functionName: 'A',
      retryOptions: {
        firstRetryIntervalInMilliseconds: 1000,
        maxNumberOfAttempts: 4,
        backoffCoefficient: 10,
        maxRetryIntervalInMilliseconds: 5000,
        retryTimeoutInMilliseconds: 20_000,
      },
      actionType: 1,
    };
    const h = [
      ...start(),
      ev.taskScheduled(T0, 0, 'A'),
      ev.orchestratorStarted(T0 + 100),
      ev.taskFailed(T0 + 100, 0, 'r', 'd'),
    ];
    h.push(
      ev.timerCreated(T0 + 100, 1, T0 + 1100),
      ev.orchestratorStarted(T0 + 1100),
      ev.timerFired(T0 + 1100, 1, T0 + 1100),
    );
    h.push(
      ev.taskScheduled(T0 + 1100, 2, 'A'),
      ev.orchestratorStarted(T0 + 1200),
      ev.taskFailed(T0 + 1200, 2, 'r', 'd'),
    );
    let result = replay([retry], h);
    expect(result.newWork).toEqual([{ id: 3, kind: 'timer', name: '', fireAt: T0 + 1200 + 5000 }]);
    // Third attempt fails after the 20 s retry timeout: the fourth attempt is not run but fails at once.
    h.push(
      ev.timerCreated(T0 + 1200, 3, T0 + 6200),
      ev.orchestratorStarted(T0 + 6200),
      ev.timerFired(T0 + 6200, 3, T0 + 6200),
    );
    h.push(
      ev.taskScheduled(T0 + 6200, 4, 'A'),
      ev.orchestratorStarted(T0 + 30_000),
      ev.taskFailed(T0 + 30_000, 4, 'last', 'd'),
    );
    result = replay([retry], h);
    expect(result.newWork).toEqual([{ id: 5, kind: 'timer', name: '', fireAt: T0 + 30_000 }]);
    h.push(
      ev.timerCreated(T0 + 30_000, 5, T0 + 30_000),
      ev.orchestratorStarted(T0 + 30_000),
      ev.timerFired(T0 + 30_000, 5, T0 + 30_000),
    );
    result = replay([retry], h);
    expect(result.newWork).toEqual([
      { id: 6, kind: 'activity', name: 'A', input: undefined, immediateFailure: { reason: 'last', details: 'd' } },
    ]);
  });

  it('splits a 10-day timer into 3-day sub-timers with consecutive ids', () => {
    const fireAt = T0 + 10 * DAY;
    const h = start();
    const fired: number[] = [];
    for (let step = 0; step < 4; step++) {
      const result = replay([timer(fireAt)], h);
      const work = result.newWork[0];
      if (!work || work.fireAt === undefined) throw new Error('expected a sub-timer');
      expect(work.id).toBe(step);
      fired.push(work.fireAt);
      h.push(
        ev.timerCreated(T0, step, work.fireAt),
        ev.orchestratorStarted(work.fireAt),
        ev.timerFired(work.fireAt, step, work.fireAt),
      );
    }
    expect(fired).toEqual([T0 + 3 * DAY, T0 + 6 * DAY, T0 + 9 * DAY, T0 + 10 * DAY]);
    expect(replay([timer(fireAt)], h).finished).toBe(true);
  });

  it('names sub-orchestration children after the execution id and sequence number unless given one', () => {
    const result = replay(
      [
        {
          actionType: 12,
          compoundActions: [
            { functionName: 'Child', actionType: 2, input: 1 },
            { functionName: 'Child', actionType: 2, input: 2, instanceId: 'kid' },
          ],
        },
      ],
      start(),
    );
    expect(result.newWork.map((w) => w.childInstanceId)).toEqual(['exec1:0', 'kid']);
  });

  it('buffers events that arrive before the wait and reports unconsumed ones', () => {
    const h = [
      ...start(),
      ev.orchestratorStarted(T0 + 1),
      ev.eventRaised(T0 + 1, 'x', '1'),
      ev.eventRaised(T0 + 1, 'y', '2'),
    ];
    const result = replay(
      [
        { externalEventName: 'x', reason: 'ExternalEvent', actionType: 6 },
        { actionType: 4, input: 5 },
      ],
      h,
    );
    expect(result.finished).toBe(true);
    expect(result.continueAsNew).toEqual({ input: 5 });
    expect(result.unconsumedEvents).toEqual([{ name: 'y', input: '2' }]);
  });

  it('detects an activity renamed after it was scheduled', () => {
    const h = [...start(), ev.taskScheduled(T0, 0, 'A')];
    expect(() => replay([activity('B')], h)).toThrow(NonDeterminismError);
    expect(() => replay([activity('B')], h)).toThrow(
      /scheduled an activity task with sequence number 0 named 'A', but the current orchestration replay instead scheduled an activity task named 'B'/,
    );
  });

  it('detects a timer replaced by an activity and a task that is no longer scheduled', () => {
    const h = [...start(), ev.timerCreated(T0, 0, T0 + SEC)];
    expect(() => replay([activity('A')], h)).toThrow(/scheduled a durable timer with sequence number 0/);
    expect(() => replay([], h)).toThrow(/hasn't \(yet\?\) scheduled this task/);
  });

  it('rejects entities and unknown functions with clear errors', () => {
    expect(() => replay([{ operation: 'add', actionType: 9, input: 1, instanceId: '@c@k' }], start())).toThrow(
      UnsupportedFeatureError,
    );
    expect(() => replay([activity('Missing')], start())).toThrow(UnknownFunctionError);
    expect(() => replay([{ functionName: 'A', actionType: 2 }], start())).toThrow(/not an orchestrator function/);
  });
});
