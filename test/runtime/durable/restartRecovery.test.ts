// Restarting the engine on the same SQLite file: abandoned activities run again, overdue timers fire, finished
// instances stay finished and virtual time never goes backwards. In-process (the SIGKILL test lives in conformance).
jest.mock('@azure/functions-core', () => jest.requireActual<object>('./helpers/fakeFunctionsCore'), { virtual: true });

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as df from 'durable-functions';
import type { OrchestrationContext } from 'durable-functions';
import { VirtualClock } from '../../../clock';
import { DurableEngine } from '../../../runtime/durable/engine';
import { EventType } from '../../../runtime/durable/history/historyEvent';
import { EPOCH, outputOf, startJson, waitFor, waitForFinal } from './helpers/engineHarness';
import { PathAInvoker } from './helpers/pathAInvoker';

const HOUR = 3_600_000;
let releaseBlocked: (() => void) | undefined;
let blockNext = true;
const runs: string[] = [];

df.app.activity('Step', {
  handler: async (name: string) => {
    runs.push(name);
    if (name === 'blocking' && blockNext) {
      blockNext = false;
      // Never settles on its own: the engine is stopped while this activity is in flight.
      await new Promise<void>((resolve) => (releaseBlocked = resolve));
    }
    return `${name} done`;
  },
});

df.app.orchestration('Recoverable', function* (context: OrchestrationContext) {
  const a: unknown = yield context.df.callActivity('Step', 'first');
  const b: unknown = yield context.df.callActivity('Step', 'blocking');
  yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + 2 * HOUR));
  const c: unknown = yield context.df.callActivity('Step', 'last');
  return [a, b, c];
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'durable-restart-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(file: string, clock: VirtualClock): DurableEngine {
  return new DurableEngine({
    dataFile: file,
    clock,
    log: () => undefined,
    maxConcurrentActivityFunctions: 2,
    maxConcurrentOrchestratorFunctions: 2,
  });
}

describe('restart recovery', () => {
  it('re-runs an activity abandoned by a stop and finishes the instance after restart', async () => {
    const file = join(dir, 'hub.sqlite');
    const clockA = new VirtualClock({ scale: 1000, startAt: EPOCH });
    const first = open(file, clockA);
    first.start(new PathAInvoker());
    const id = startJson(first, 'Recoverable');
    await waitFor(first, id, () => runs.includes('blocking'));
    const beforeStop = clockA.now();
    first.stop();
    clockA.dispose();
    releaseBlocked?.();

    // The new process's clock starts in the past; the store pulls it forward to the last committed time.
    const clockB = new VirtualClock({ scale: 1_000_000, startAt: EPOCH });
    const second = open(file, clockB);
    expect(clockB.now()).toBeGreaterThanOrEqual(beforeStop);
    second.start(new PathAInvoker());
    const done = await waitForFinal(second, id);
    expect(outputOf(done)).toEqual(['first done', 'blocking done', 'last done']);
    expect(runs).toEqual(['first', 'blocking', 'blocking', 'last']);
    const history = second.getHistory(id);
    expect(history.filter((e) => e.EventType === EventType.TaskScheduled).map((e) => e.EventId)).toEqual([0, 1, 3]);
    second.stop();
    clockB.dispose();

    // A third start finds the instance finished and does nothing more. A probe instance run to its end on the third
    // engine proves its dispatchers had their turns: anything left queued for the old instance (visible since before
    // the probe was started) would have been claimed by then, so "nothing more" is seen, not merely not reached yet.
    const historyLength = history.length;
    const clockC = new VirtualClock({ scale: 1000, startAt: EPOCH });
    const third = open(file, clockC);
    third.start(new PathAInvoker());
    const probe = startJson(third, 'Recoverable', undefined, 'probe');
    expect(outputOf(await waitForFinal(third, probe))).toEqual(['first done', 'blocking done', 'last done']);
    expect(third.getInstance(id)?.runtimeStatus).toBe('Completed');
    expect(third.getHistory(id)).toHaveLength(historyLength);
    expect(runs).toEqual(['first', 'blocking', 'blocking', 'last', 'first', 'blocking', 'last']);
    third.stop();
    clockC.dispose();
  });
});
