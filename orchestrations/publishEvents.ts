// Publishes workflow events without ever making the run wait for Event Grid. Each event is built from orchestration
// time (replays agree) and handed to its own `deliverEvent` child orchestration (deliverEvent.ts), which retries it
// until Event Grid takes it; the run goes on at once.
//
// Why a child per event (and not the run's own retries, nor one outbox per connection): durable-functions records a
// task only when it is yielded, and a yielded task is waited for, so the run yields the child's start inside a
// Task.any with a timer due now, which fires at once: the child is started and never awaited. An outbox orchestration
// per connection would need an activity with a durable client to raise events into it (orchestrations cannot), and
// an eternal one loses events raised during its continue-as-new on the real extension (JS apps drop them). A child per
// event needs neither. The price: while Event Grid is down, pending events retry independently, so after it comes back
// they can arrive out of order (each carries its `time`; subscribers drop duplicates by `id`).
import type * as df from 'durable-functions';
import { buildEvent, type BuildEventInput, type EventType } from '../lib/events';
import type { DeliverEventInput } from './deliverEvent';
import { deliveryInstanceId, ORCHESTRATION } from './names';
import type { Orchestration } from './orchestrationTypes';
import { settleAll, type Call, type Settled } from './settleAll';

/** The event fields a caller chooses; time comes from the orchestration clock. */
export type EventSpec<T extends EventType> = Omit<BuildEventInput<T>, 'time'>;

/** Hands one event over for delivery; returns its id (it is delivered at least once, maybe after the run ends). */
export function* publishEvent<T extends EventType>(
  context: df.OrchestrationContext,
  spec: EventSpec<T>,
): Orchestration<string | undefined> {
  const publish = startPublish(context, spec);
  yield publish.task;
  return publish.idOf({ ok: true, value: undefined });
}

/** A publish under way: its task (to yield alone or among others), and the event's id once the task settled. */
export interface EventPublish {
  /** Settles as soon as the delivery child is started: never waits for Event Grid. */
  task: df.Task;
  /** The event's id: handed over for delivery, it goes out at least once (`settled` is kept for older callers). */
  idOf: (settled: Settled | undefined) => string | undefined;
}

export function startPublish<T extends EventType>(context: df.OrchestrationContext, spec: EventSpec<T>): EventPublish {
  const now = context.df.currentUtcDateTime;
  const event = buildEvent({ ...spec, time: now });
  const delivery = context.df.callSubOrchestrator(
    ORCHESTRATION.deliverEvent,
    { event } satisfies DeliverEventInput,
    deliveryInstanceId(event.id, context.df.newGuid(event.id)),
  );
  return {
    task: context.df.Task.any([delivery, context.df.createTimer(now)]),
    idOf: () => event.id,
  };
}

/** Hands several events over in one round; returns their ids, in the order given. */
export function* settleEventPublishes(
  context: df.OrchestrationContext,
  publishes: readonly EventPublish[],
): Orchestration<string[]> {
  const { eventIds } = yield* settleBesideEvents(context, [], publishes);
  return eventIds;
}

/**
 * `calls` and the hand-over of events started earlier in this episode, in ONE round: the events cost the run no round
 * of their own. Returns what each call settled to, in order, and the events' ids (every one was handed over).
 */
export function* settleBesideEvents(
  context: df.OrchestrationContext,
  calls: readonly Call[],
  publishes: readonly EventPublish[],
): Orchestration<{ settled: Settled[]; eventIds: string[] }> {
  if (calls.length + publishes.length === 0) return { settled: [], eventIds: [] };
  const settled = yield* settleAll(context, [...calls, ...publishes.map((publish) => publish.task)]);
  const eventIds = publishes
    .map((publish, index) => publish.idOf(settled[calls.length + index]))
    .filter((id): id is string => id !== undefined);
  return { settled: settled.slice(0, calls.length), eventIds };
}
