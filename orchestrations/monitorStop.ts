// Before a teardown deletes anything, the connection's health monitor must have ended: the DELETE trigger raised
// StopMonitor, which the monitor sees at its next wait; a read it has in flight finishes first. Deleting while it
// reads would report the half-deleted tunnel as Degraded. After a bounded wait (an event lost during a
// continue-as-new, a monitor stuck on a read) it is terminated, so a teardown is never blocked by its monitor.
import type * as df from 'durable-functions';
import { ACTIVITY } from '../activities/contracts';
import { FINISHED_RUNTIME_STATUSES } from '../lib/api/connectionStatus';
import { callArmWrite } from './activityCalls';
import { failureOf } from './failures';
import { monitorInstanceId } from './names';
import type { Orchestration } from './orchestrationTypes';

const POLL_MS = 2_000;
const POLLS_BEFORE_TERMINATE = 30;

export function* awaitMonitorStopped(context: df.OrchestrationContext, name: string): Orchestration<void> {
  const instanceId = monitorInstanceId(name);
  try {
    for (let poll = 0; poll <= POLLS_BEFORE_TERMINATE; poll += 1) {
      const terminate = poll === POLLS_BEFORE_TERMINATE;
      const { runtimeStatus } = yield* callArmWrite(
        context,
        ACTIVITY.stopMonitor,
        { instanceId, terminate },
        { cloud: 'azure', stage: 'teardown' },
      );
      if (runtimeStatus === null || FINISHED_RUNTIME_STATUSES.includes(runtimeStatus) || terminate) return;
      yield context.df.createTimer(new Date(context.df.currentUtcDateTime.getTime() + POLL_MS));
    }
  } catch (error) {
    // The monitor is a convenience: a teardown goes on without it.
    if (!context.df.isReplaying)
      context.warn(`could not stop the health monitor ${instanceId}: ${failureOf(error).code}`);
  }
}
