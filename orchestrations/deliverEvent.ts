// The delivery of one event, off the run's critical path: a run hands its event to a `deliverEvent` child and goes on
// without waiting (publishEvents.ts), and the child publishes it until Event Grid takes it, each retry after a durable
// timer (backoff, or the Retry-After Event Grid named), for up to a day. The event was built by the run, id and time
// included, so every attempt (and a restart of the host mid-way) sends the same CloudEvent: at least once, same id.
import type * as df from 'durable-functions';
import { ACTIVITY, type PublishEventResult } from '../activities/contracts';
import type { HybridConnectionEvent } from '../lib/events';
import { isActivityResult } from './activityCalls';
import type { Orchestration } from './orchestrationTypes';
import { retryDelayMs, type RetryPolicy } from './retryPolicies';
import { retryAfterSecondsOf, settleAll } from './settleAll';

export interface DeliverEventInput {
  event: HybridConnectionEvent;
  /** Attempts made before this execution (continue-as-new carries them); absent on the first. */
  attempts?: number;
  /** When delivery began (orchestration time, ISO): the day of retries counts from it. */
  since?: string;
}

/** What the child ends with: delivered, or given up on (a day of outage, or an answer no retry changes). */
export interface DeliverEventOutput {
  id: string;
  published: boolean;
  attempts: number;
  error?: string;
}

/** 2 s, 4 s, ... then every minute: Event Grid back after an outage is used within a minute. */
const DELIVERY_RETRY: RetryPolicy = {
  firstRetryIntervalMs: 2_000,
  maxNumberOfAttempts: Number.MAX_SAFE_INTEGER,
  backoffCoefficient: 2,
  maxRetryIntervalMs: 60_000,
};
/** How long an event is retried before it is given up on (with a warning). */
const DELIVERY_HORIZON_MS = 24 * 60 * 60 * 1000;
/** Attempts per execution: continue-as-new keeps the history (replayed every episode) short during a long outage. */
const ATTEMPTS_PER_EXECUTION = 16;

export function* deliverEventOrchestrator(context: df.OrchestrationContext): Orchestration<DeliverEventOutput> {
  const input = context.df.getInput<DeliverEventInput>();
  const { event } = input;
  const since = input.since ?? context.df.currentUtcDateTime.toISOString();
  let attempts = input.attempts ?? 0;
  for (let inExecution = 1; ; inExecution += 1) {
    attempts += 1;
    const [settled] = yield* settleAll(context, [context.df.callActivity(ACTIVITY.publishEvent, { event })]);
    if (settled?.ok) {
      const published = publishedOk(settled.value);
      if (!published) warn(context, `event ${event.id} was not published (an answer no retry changes); dropped`);
      return { id: event.id, published, attempts };
    }
    const now = context.df.currentUtcDateTime.getTime();
    const delay = retryDelayMs(DELIVERY_RETRY, attempts, retryAfterSecondsOf(settled));
    if (delay === undefined || now + delay - Date.parse(since) > DELIVERY_HORIZON_MS) {
      warn(context, `event ${event.id} not delivered after ${attempts} attempts over a day; given up`);
      return { id: event.id, published: false, attempts, error: 'Event Grid did not take it for a day' };
    }
    yield context.df.createTimer(new Date(now + delay));
    if (inExecution >= ATTEMPTS_PER_EXECUTION) {
      context.df.continueAsNew({ event, attempts, since } satisfies DeliverEventInput);
      return { id: event.id, published: false, attempts };
    }
  }
}

/**
 * publishEvent's ActivityResult<PublishEventResult>: published unless it says otherwise. Runs recorded before the
 * contract wrapped it hold a bare PublishEventResult in their history; replaying them reads it the same way.
 */
export function publishedOk(raw: unknown): boolean {
  if (isActivityResult(raw))
    return raw.ok && (raw.value as Partial<PublishEventResult> | undefined)?.published !== false;
  return typeof raw === 'object' && raw !== null && (raw as { published?: unknown }).published === true;
}

function warn(context: df.OrchestrationContext, message: string): void {
  if (!context.df.isReplaying) context.warn(message);
}
