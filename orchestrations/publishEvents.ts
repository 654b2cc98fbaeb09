// Publishes workflow events through the publishEvent activity. A lost event never fails the provisioning: the
// publish is retried by its policy and then given up on. Events are built from orchestration time, so replays agree.
import type * as df from 'durable-functions';
import { ACTIVITY, type PublishEventResult } from '../activities/contracts';
import { buildEvent, type BuildEventInput, type EventType } from '../lib/events';
import { isActivityResult } from './activityCalls';
import type { Orchestration } from './orchestrationTypes';
import { EVENT_PUBLISH_RETRY } from './retryPolicies';

/** The event fields a caller chooses; time comes from the orchestration clock. */
export type EventSpec<T extends EventType> = Omit<BuildEventInput<T>, 'time'>;

/** Publishes one event; returns its id when the publish went through, undefined when it was given up on. */
export function* publishEvent<T extends EventType>(
  context: df.OrchestrationContext,
  spec: EventSpec<T>,
): Orchestration<string | undefined> {
  const event = buildEvent({ ...spec, time: context.df.currentUtcDateTime });
  try {
    const raw: unknown = yield context.df.callActivityWithRetry(ACTIVITY.publishEvent, EVENT_PUBLISH_RETRY, { event });
    if (!publishedOk(raw)) {
      logWarning(context, `event ${event.id} was not published; the workflow goes on without it`);
      return undefined;
    }
    return event.id;
  } catch {
    logWarning(context, `event ${event.id} could not be published after retries; the workflow goes on without it`);
    return undefined;
  }
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
