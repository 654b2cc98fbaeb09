// Before a teardown deletes anything, the connection's health monitor must have ended: the DELETE trigger raised
// StopMonitor, which the monitor sees at its next wait; a read it has in flight finishes first. Deleting while it
// reads would report the half-deleted tunnel as Degraded. After a bounded wait (a monitor stuck on a read and its
// retries) it is terminated, so a teardown is never blocked by its monitor. The bound is five virtual minutes, not
// one: a monitor whose read is queued behind others on a busy host is not stuck, and a terminated monitor loses the
// last status it would have written.
import type * as df from 'durable-functions';
import { ACTIVITY } from '../activities/contracts';
import { FINISHED_RUNTIME_STATUSES } from '../lib/api/connectionStatus';
import { callArmWrite } from './activityCalls';
import { failureOf } from './failures';
import { monitorInstanceId } from './names';
import type { Orchestration } from './orchestrationTypes';

export const MONITOR_STOP_POLL_MS = 2_000;
/** How long a teardown waits for its monitor to end before terminating it. */
export const MONITOR_STOP_TIMEOUT_MS = 5 * 60_000;

/** `raise`: raise StopMonitor on the first poll (a replacing run's; a teardown's DELETE raised it already). */
export function* awaitMonitorStopped(
  context: df.OrchestrationContext,
  name: string,
  options: { raise?: boolean } = {},
): Orchestration<void> {
  const instanceId = monitorInstanceId(name);
  try {
    const deadline = context.df.currentUtcDateTime.getTime() + MONITOR_STOP_TIMEOUT_MS;
    for (let poll = 0; ; poll += 1) {
      const terminate = context.df.currentUtcDateTime.getTime() >= deadline;
      const raise = options.raise === true && poll === 0;
      const { runtimeStatus } = yield* callArmWrite(
        context,
        ACTIVITY.stopMonitor,
        { instanceId, terminate, ...(raise ? { raise } : {}) },
        { cloud: 'azure', stage: 'teardown' },
      );
      if (runtimeStatus === null || FINISHED_RUNTIME_STATUSES.includes(runtimeStatus) || terminate) return;
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + MONITOR_STOP_POLL_MS));
    }
  } catch (error) {
    // The monitor is a convenience: a teardown goes on without it.
    if (!context.df.isReplaying)
      context.warn(`could not stop the health monitor ${instanceId}: ${failureOf(error).code}`);
  }
}
