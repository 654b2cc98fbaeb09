// The runtime benchmark's scenarios, each one run of the bench app's orchestrations over the Durable HTTP API, each
// returning its own rate. They check the orchestration's output (a wrong answer is not a fast answer) but never judge
// the timing.
import { BenchScenarioError } from '../errors';
import { runPool } from '../pool';
import { wallNow } from '../wallClock';
import type { DurableApi } from './durableApi';

/** Longest a single scenario run may take before it counts as broken (wall seconds). */
const RUN_TIMEOUT_SECONDS = 60;
/** Concurrent raiseEvent requests in flight: enough to keep the host busy, few enough not to measure the HTTP stack. */
const EVENT_SENDERS = 4;

const perSecond = (count: number, wallMs: number): number => (wallMs > 0 ? count / (wallMs / 1000) : Number.NaN);

/** Sequential activities/s: a chain of `steps` activities, each scheduled only after the previous one completed. */
export async function sequentialActivities(api: DurableApi, instanceId: string, steps: number): Promise<number> {
  const started = wallNow();
  const output = await api.startAndWait('BenchChain', instanceId, { steps }, RUN_TIMEOUT_SECONDS);
  const ended = wallNow();
  const expectedTotal = (steps * (steps + 1)) / 2;
  if (numberField(output, 'total') !== expectedTotal) {
    throw new BenchScenarioError(`BenchChain returned ${JSON.stringify(output)}, expected total ${expectedTotal}`);
  }
  return perSecond(steps, ended - started);
}

export interface FanOutFanInSample {
  /** Activities started per second, from the start request to the last activity's start. */
  fanOut: number;
  /** Results absorbed per second, from the first activity's completion to the orchestration's completion. */
  fanIn: number;
  /** Wall ms from the last activity's completion to the orchestration answering Completed. */
  completionAfterLastMs: number;
}

/** One fan-out/fan-in of `width` activities; the activities stamp their wall times so both halves can be timed. */
export async function fanOutFanIn(api: DurableApi, instanceId: string, width: number): Promise<FanOutFanInSample> {
  const started = wallNow();
  const output = await api.startAndWait('BenchFanOutFanIn', instanceId, { width }, RUN_TIMEOUT_SECONDS);
  const ended = wallNow();
  if (numberField(output, 'width') !== width) {
    throw new BenchScenarioError(`BenchFanOutFanIn returned ${JSON.stringify(output)}, expected width ${width}`);
  }
  return {
    fanOut: perSecond(width, numberField(output, 'lastStartedAt') - started),
    fanIn: perSecond(width, ended - numberField(output, 'firstFinishedAt')),
    completionAfterLastMs: ended - numberField(output, 'lastFinishedAt'),
  };
}

/**
 * External events/s: an orchestration awaits `events` events one after another while they are raised over HTTP; the
 * clock runs from the first raise to the orchestration's completion (the start-and-wait answer, not a status poll).
 */
export async function externalEvents(api: DurableApi, instanceId: string, events: number): Promise<number> {
  const completion = api.startAndWait('BenchExternalEvents', instanceId, { events }, RUN_TIMEOUT_SECONDS);
  // Raising before the instance exists would 404: wait (untimed) until the start has landed, or has failed.
  const startFailure: { error?: unknown } = {};
  const settled = completion.then(
    () => false,
    (error: unknown) => {
      startFailure.error = error;
      return true;
    },
  );
  while (!(await api.findStatus(instanceId))) {
    if (await Promise.race([settled, sleep(2).then(() => false)])) {
      throw startFailure.error instanceof Error
        ? startFailure.error
        : new BenchScenarioError(String(startFailure.error));
    }
  }
  const started = wallNow();
  await runPool(events, EVENT_SENDERS, (index) => api.raiseEvent(instanceId, 'Tick', { index }));
  const output = await completion;
  const ended = wallNow();
  if (numberField(output, 'received') !== events) {
    throw new BenchScenarioError(`BenchExternalEvents returned ${JSON.stringify(output)}, expected ${events}`);
  }
  return perSecond(events, ended - started);
}

export interface TimerSample {
  virtualMs: number;
  wallMs: number;
}

/** A durable timer of `minutes` virtual minutes: the virtual time the orchestration saw pass, and the wall time it took. */
export async function durableTimer(api: DurableApi, instanceId: string, minutes: number): Promise<TimerSample> {
  const started = wallNow();
  const output = await api.startAndWait('BenchTimer', instanceId, { minutes }, RUN_TIMEOUT_SECONDS);
  const ended = wallNow();
  const virtualMs = numberField(output, 'virtualEnd') - numberField(output, 'virtualStart');
  if (virtualMs < minutes * 60_000) {
    throw new BenchScenarioError(`BenchTimer woke after ${virtualMs} virtual ms, before its ${minutes} minutes`);
  }
  return { virtualMs, wallMs: ended - started };
}

function numberField(value: unknown, field: string): number {
  const found: unknown =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[field] : undefined;
  if (typeof found !== 'number')
    throw new BenchScenarioError(`output has no number '${field}': ${JSON.stringify(value)}`);
  return found;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
