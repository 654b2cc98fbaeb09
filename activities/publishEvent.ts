// Activity: publishes one CloudEvent (built by the orchestrator with a deterministic id) to the Event Grid topic.
// A retryable failure is thrown (with the Retry-After Event Grid named) so the event's delivery child retries it; anything else is {ok:true} with published:false and
// the workflow goes on: events never fail a provisioning.
import type { InvocationContext } from '@azure/functions';
import { classifyArmError, eventGridClientFor } from '../lib/clouds';
import { toPublishedCloudEvent } from '../lib/events';
import type { ActivityResult, PublishEventInput, PublishEventResult } from './contracts';
import { EventPublishError } from './shared/eventPublishError';

export async function publishEvent(
  input: PublishEventInput,
  context: InvocationContext,
): Promise<ActivityResult<PublishEventResult>> {
  const { event } = input;
  // classifyArmError needs a site; only its code/status/message are used here (the topic lives in Azure).
  const site = { cloud: 'azure', stage: 'connection' } as const;
  try {
    await eventGridClientFor().send([toPublishedCloudEvent(event)]);
    context.log(`published ${event.type} ${event.id}`);
    return { ok: true, value: { published: true } };
  } catch (error) {
    const classified = classifyArmError(error, site);
    const { code, httpStatus, armMessage, retryAfterSeconds } = classified.details;
    if (classified.retryable)
      throw new EventPublishError(event.id, code, httpStatus, armMessage ?? 'transient failure', retryAfterSeconds);
    const reason = `${code}${httpStatus !== undefined ? ` (HTTP ${httpStatus})` : ''}${armMessage ? `: ${armMessage}` : ''}`;
    context.warn(`could not publish ${event.type} ${event.id}: ${reason}`);
    return { ok: true, value: { published: false, error: reason } };
  }
}
