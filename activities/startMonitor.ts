// Activity: starts the connection's health monitor through the Durable client, unless it already runs. Orchestrators
// cannot start an instance they do not await (durable-functions JS has no fire-and-forget start), so the successful
// run ends with this activity: its result is in the run's history, a replay never calls it again, and a retry
// after a crash finds the monitor running (or starts it, the id being the connection's own).
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { ActivityResult, MonitorStarted, StartMonitorInput } from './contracts';
import { ALIVE_RUNTIME_STATUSES, instanceStatusOf } from './shared/instanceStatus';

export async function startMonitor(
  input: StartMonitorInput,
  context: InvocationContext,
): Promise<ActivityResult<MonitorStarted>> {
  const client = df.getClient(context);
  const current = await instanceStatusOf(client, input.instanceId);
  if (current !== undefined && ALIVE_RUNTIME_STATUSES.has(String(current.runtimeStatus))) {
    return { ok: true, value: { instanceId: input.instanceId, started: false } };
  }
  await client.startNew(input.orchestrator, { instanceId: input.instanceId, input: input.input });
  context.log(`started the health monitor ${input.instanceId}`);
  return { ok: true, value: { instanceId: input.instanceId, started: true } };
}
