// Publishes workflow events through the publishEvent activity. A lost event never fails the provisioning: the
// publish is retried by its policy and then given up on. Events are built from orchestration time, so replays agree.
import type * as df from 'durable-functions';
import { ACTIVITY, type PublishEventResult } from '../activities/contracts';
import { buildEvent, type BuildEventInput, type EventType } from '../lib/events';
import { isActivityResult } from './activityCalls';
import type { Orchestration } from './orchestrationTypes';
import type { Settled } from './settleAll';
import { EVENT_PUBLISH_RETRY } from './retryPolicies';

/** The event fields a caller chooses; time comes from the orchestration clock. */
export type EventSpec<T extends EventType> = Omit<BuildEventInput<T>, 'time'>;

/** Publishes one event; returns its id when the publish went through, undefined when it was given up on. */
export function* publishEvent<T extends EventType>(
  context: df.OrchestrationContext,
  spec: EventSpec<T>,
): Orchestration<string | undefined> {
  const publish = startPublish(context, spec);
  try {
    const raw: unknown = yield publish.task;
    return publish.idOf({ ok: true, value: raw });
  } catch (error) {
    return publish.idOf({ ok: false, error });
  }
}

/** A publish under way: its task (to yield alone or among others), and the event's id once the task settled. */
export interface EventPublish {
  task: df.Task;
  /** The id when the event went out; undefined when it was given up on (a warning says so). */
  idOf: (settled: Settled | undefined) => string | undefined;
}

export function startPublish<T extends EventType>(context: df.OrchestrationContext, spec: EventSpec<T>): EventPublish {
  const event = buildEvent({ ...spec, time: context.df.currentUtcDateTime });
  return {
    task: context.df.callActivityWithRetry(ACTIVITY.publishEvent, EVENT_PUBLISH_RETRY, { event }),
    idOf: (settled) => {
      if (!settled?.ok) {
        logWarning(context, `event ${event.id} could not be published after retries; the workflow goes on without it`);
        return undefined;
      }
      if (!publishedOk(settled.value)) {
        logWarning(context, `event ${event.id} was not published; the workflow goes on without it`);
        return undefined;
      }
      return event.id;
    },
  };
}

/**
 * publishEvent's ActivityResult<PublishEventResult>: published unless it says otherwise. Runs recorded before the
 * contract wrapped it hold a bare PublishEventResult in their history; replaying them reads it the same way.
 */
function publishedOk(raw: unknown): boolean {
  if (isActivityResult(raw))
    return raw.ok && (raw.value as Partial<PublishEventResult> | undefined)?.published !== false;
  return isLegacyPublishResult(raw) && raw.published;
}

function isLegacyPublishResult(raw: unknown): raw is PublishEventResult {
  return typeof raw === 'object' && raw !== null && typeof (raw as { published?: unknown }).published === 'boolean';
}

function logWarning(context: df.OrchestrationContext, message: string): void {
  if (!context.df.isReplaying) context.warn(message);
}
