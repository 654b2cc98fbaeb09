// Activity: reads the connection's health monitor through the Durable client and, when asked, raises StopMonitor on
// it or terminates it. The teardown calls it before deleting anything (the DELETE trigger already raised StopMonitor),
// a replacing run before removing a site (it raises the event itself), and each waits until the monitor has ended, so
// no read of a half-deleted connection is ever reported as a Degraded tunnel.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { STOP_MONITOR_EVENT, type ActivityResult, type MonitorStopState, type StopMonitorInput } from './contracts';
import { ALIVE_RUNTIME_STATUSES, instanceStatusOf } from './shared/instanceStatus';

export async function stopMonitor(
  input: StopMonitorInput,
  context: InvocationContext,
): Promise<ActivityResult<MonitorStopState>> {
  const client = df.getClient(context);
  const status = await instanceStatusOf(client, input.instanceId);
  // No monitor ever started (a run that failed, or one from before the monitor).
  if (status === undefined) return { ok: true, value: { runtimeStatus: null } };
  const runtimeStatus = String(status.runtimeStatus);
  if (input.raise === true && !input.terminate && ALIVE_RUNTIME_STATUSES.has(runtimeStatus)) {
    await client.raiseEvent(input.instanceId, STOP_MONITOR_EVENT, { reason: 'replace' });
    context.log(`asked the health monitor ${input.instanceId} to stop`);
  }
  if (input.terminate && ALIVE_RUNTIME_STATUSES.has(runtimeStatus)) {
    await client.terminate(input.instanceId, 'the connection is being torn down');
    context.log(`terminated the health monitor ${input.instanceId}`);
  }
  return { ok: true, value: { runtimeStatus } };
}
