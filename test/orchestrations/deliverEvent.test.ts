// deliverEvent, the child that delivers one event off the run's critical path, driven episode by episode: it retries
// on durable timers (its backoff, or the Retry-After Event Grid named), continues as new to keep its history short,
// gives up after a day, drops an event Event Grid refuses for good, and reads results recorded before the contract.
import './registeredFunctions';
import '../../orchestrations/index';
import { ACTIVITY } from '../../activities/contracts';
import { toActivityFailureError } from '../../activities/shared/activityFailure';
import { EventPublishError } from '../../activities/shared/eventPublishError';
import { buildEvent, EVENT_TYPES, type HybridConnectionEvent } from '../../lib/events';
import type { DeliverEventOutput } from '../../orchestrations/deliverEvent';
import { ORCHESTRATION } from '../../orchestrations/names';
import { drive, type ActivityOutcome, type DriveResult } from './episodeDriver';
import { START } from './fixtures';

const HOUR = 60 * 60 * 1000;
const EVENT = buildEvent({
  type: EVENT_TYPES.teardownCompleted,
  name: 'contoso',
  time: START,
  data: { deleted: { azure: [], azureStack: [] } },
});

/** Drives one delivery against `publish`, which answers every publishEvent attempt. */
function deliver(publish: (event: HybridConnectionEvent, now: Date) => ActivityOutcome): Promise<DriveResult> {
  return drive({
    name: ORCHESTRATION.deliverEvent,
    instanceId: 'hc-contoso:event:teardown:all:00000000-0000-0000-0000-000000000000',
    input: { event: EVENT },
    start: START,
    maxEpisodes: 200,
    world: {
      activity: (name, input, now) => {
        if (name !== ACTIVITY.publishEvent) throw new Error(`deliverEvent called ${name}`);
        return publish((input as { event: HybridConnectionEvent }).event, now);
      },
    },
  });
}

function unavailable(retryAfterSeconds?: number): ActivityOutcome {
  const error = new EventPublishError(EVENT.id, 'ServiceUnavailable', 503, 'the topic is down', retryAfterSeconds);
  return { error: toActivityFailureError(error).message };
}

function attemptTimes(run: DriveResult): number[] {
  return run.calls.map((call) => Date.parse(call.at) - START.getTime());
}

describe('deliverEvent', () => {
  it('retries after 2 s, doubling to every minute, until Event Grid takes the event: the same event every time', async () => {
    const sent: HybridConnectionEvent[] = [];
    const run = await deliver((event, now) => {
      sent.push(event);
      return now.getTime() < START.getTime() + 5 * 60_000 ? unavailable() : { result: { ok: true, value: {} } };
    });
    expect(run.runtimeStatus).toBe('Completed');
    expect(run.output).toEqual({ id: EVENT.id, published: true, attempts: 10 } satisfies DeliverEventOutput);
    // Each attempt takes the driver's 1 s of activity latency before its timer starts.
    const gaps = attemptTimes(run).map((at, i, all) => at - (all[i - 1] ?? at) - (i === 0 ? 0 : 1000));
    expect(gaps).toEqual([0, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000]);
    expect(new Set(sent.map((event) => JSON.stringify(event))).size).toBe(1);
    expect(sent[0]).toEqual(EVENT);
  });

  it('waits out the Retry-After Event Grid names, and gives up after a day', async () => {
    const run = await deliver(() => unavailable((2 * HOUR) / 1000));
    expect(run.runtimeStatus).toBe('Completed');
    // Attempts at 0, 2 h, ... 22 h; the next would come after the day: given up, with a warning.
    expect(run.output).toEqual({
      id: EVENT.id,
      published: false,
      attempts: 12,
      error: 'Event Grid did not take it for a day',
    } satisfies DeliverEventOutput);
    const gaps = attemptTimes(run).map((at, i, all) => at - (all[i - 1] ?? at));
    expect(gaps.slice(1).every((gap) => gap >= 2 * HOUR)).toBe(true);
    expect(run.logs.join('\n')).toContain(`event ${EVENT.id} not delivered after 12 attempts over a day; given up`);
  });

  it('keeps its history short: a long outage runs as several executions, each of at most 16 attempts', async () => {
    const run = await deliver((_event, now) =>
      now.getTime() < START.getTime() + 40 * 60_000 ? unavailable() : { result: { ok: true, value: {} } },
    );
    expect(run.output).toMatchObject({ published: true, attempts: 45 });
    expect(run.executions).toBe(3);
    const attemptsInLast = run.history.filter((event) => event.Name === ACTIVITY.publishEvent).length;
    expect(attemptsInLast).toBeLessThanOrEqual(16);
  });

  it('drops an event Event Grid refuses for good (no retry changes it), with a warning', async () => {
    const run = await deliver(() => ({
      result: { ok: true, value: { published: false, error: 'Unauthorized (401)' } },
    }));
    expect(run.output).toEqual({ id: EVENT.id, published: false, attempts: 1 } satisfies DeliverEventOutput);
    expect(run.calls).toHaveLength(1);
    expect(run.logs.join('\n')).toContain(`event ${EVENT.id} was not published`);
  });

  it('reads a bare PublishEventResult (recorded before the ActivityResult contract) the same way', async () => {
    const run = await deliver(() => ({ result: { published: true } }));
    expect(run.output).toMatchObject({ published: true, attempts: 1 });
  });
});
