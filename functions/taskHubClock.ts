// The server's "now" for an answer, on the clock its other times come from: the task hub's. Durable stamps
// createdTime and lastUpdatedTime, and orchestrations stamp their stages with currentUtcDateTime, all on the host's
// clock; under a time scale (the local runtime) that clock is virtual and far from this process's Date.now(). The
// local runtime hands its clock to each invocation in the durableClient binding data (`currentUtcDateTime`); the
// real extension does not, and there the host's clock is the wall clock.
import type { InvocationContext } from '@azure/functions';
import { isRecord } from '../lib/json';

/** The clock an invocation answers with: the task hub's time sent with it, else this process's wall clock. */
export function taskHubClock(context: InvocationContext): () => string {
  const sent = bindingTime(context);
  return () => sent ?? new Date().toISOString();
}

function bindingTime(context: InvocationContext): string | undefined {
  // As durable-functions' getClient finds its binding: the extra input of type durableClient.
  const input = context.options.extraInputs.find(
    (candidate) => candidate.type === 'durableClient' || candidate.type === 'orchestrationClient',
  );
  const data: unknown = input ? context.extraInputs.get(input) : undefined;
  const sent = isRecord(data) ? data.currentUtcDateTime : undefined;
  return typeof sent === 'string' && Number.isFinite(Date.parse(sent)) ? new Date(sent).toISOString() : undefined;
}

/** The latest of these times (ISO 8601; anything else is skipped), as written; undefined when none is a time. */
export function latestTime(times: readonly unknown[]): string | undefined {
  let latest: string | undefined;
  let latestMs = -Infinity;
  for (const time of times) {
    const ms = typeof time === 'string' ? Date.parse(time) : NaN;
    if (Number.isFinite(ms) && ms > latestMs) {
      latest = time as string;
      latestMs = ms;
    }
  }
  return latest;
}

/**
 * `now`, unless the answer holds a later time: a clock read at the start of an invocation can trail a status
 * written while it ran, and an elapsed time must never come out negative.
 */
export function nowNotBefore(now: string, times: readonly unknown[]): string {
  const latest = latestTime(times);
  return latest !== undefined && Date.parse(latest) > Date.parse(now) ? new Date(latest).toISOString() : now;
}
