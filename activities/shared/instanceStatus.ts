// What the activities that start or stop another orchestration read of it through their Durable client binding.
import type * as df from 'durable-functions';

/** Runtime statuses in which an instance is still alive: a second start must leave it be; a stop must wait for it. */
export const ALIVE_RUNTIME_STATUSES: ReadonlySet<string> = new Set([
  'Running',
  'Pending',
  'ContinuedAsNew',
  'Suspended',
]);

/** The instance's status, or undefined when there is no such instance. */
export async function instanceStatusOf(
  client: df.DurableClient,
  instanceId: string,
): Promise<df.DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(instanceId);
  } catch (error) {
    // durable-functions 3 rejects a 404 with this text rather than a typed error.
    if (error instanceof Error && /HTTP 404/.test(error.message)) return undefined;
    throw error;
  }
}
