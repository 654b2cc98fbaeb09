// options.rotateKeyEveryDays: an eternal orchestration (`hc-<name>:keyschedule`) that waits N days, or for the stop
// the teardown raises, whichever comes first; then runs a rotation (the rotateSharedKey orchestration as its child,
// trigger `schedule`; a fleet's rotates every site, one after the other) and continues as new for the next period, so
// its history stays one period long. The provisioning
// run starts it once it succeeded (keyScheduleStep), through an activity: an orchestration cannot start
// one that outlives it.
import type * as df from 'durable-functions';
import { ACTIVITY, type KeyScheduleInput } from '../activities/contracts';
import type { CloudId } from '../lib/cloudIds';
import { isRecord } from '../lib/json';
import type { ResolvedPlan } from '../lib/plan/types';
import { ROTATION_ORCHESTRATION, rotationInstanceId, STOP_SCHEDULE_EVENT } from '../lib/rotationNames';
import { armWriteTask, settledValue } from './activityCalls';
import { setStatus } from './customStatus';
import { failureOf } from './failures';
import type { AfterSuccessStep } from './afterSuccess';
import type { Orchestration } from './orchestrationTypes';
import { versionedPlan } from './planInput';
import { MINUTE_MS } from './pollSchedules';
import type { RotationInput } from './rotateSharedKey';

const DAY_MS = 24 * 60 * MINUTE_MS;

/** The schedule's custom status: its period, when it rotates next, and the rotation it ran last. */
export interface KeyScheduleStatus {
  kind: 'keySchedule';
  state: 'waiting' | 'rotating' | 'stopped';
  everyDays: number;
  nextRotationAt: string | null;
  lastRotation: string | null;
}

export function* sharedKeyScheduleOrchestrator(context: df.OrchestrationContext): Orchestration<KeyScheduleStatus> {
  const input = context.df.getInput<KeyScheduleInput & { lastRotation?: string }>();
  const everyDays = isRecord(input) && typeof input.everyDays === 'number' ? input.everyDays : 0;
  const status: KeyScheduleStatus = {
    kind: 'keySchedule',
    state: 'waiting',
    everyDays,
    nextRotationAt: null,
    lastRotation: input.lastRotation ?? null,
  };
  if (!(everyDays >= 1)) {
    status.state = 'stopped';
    setStatus(context, status);
    return status;
  }
  const due = new Date(context.df.currentUtcDateTime.getTime() + everyDays * DAY_MS);
  status.nextRotationAt = due.toISOString();
  setStatus(context, status);

  const timer = context.df.createTimer(due);
  const stop = context.df.waitForExternalEvent(STOP_SCHEDULE_EVENT);
  const first: unknown = yield context.df.Task.any([timer, stop]);
  if (first !== timer) {
    timer.cancel();
    status.state = 'stopped';
    status.nextRotationAt = null;
    setStatus(context, status);
    if (!context.df.isReplaying) context.log(`the shared-key schedule of ${input.plan.name} stopped`);
    return status;
  }

  const rotationId = rotationInstanceId(input.plan.name, context.df.currentUtcDateTime);
  status.state = 'rotating';
  status.lastRotation = rotationId;
  setStatus(context, status);
  // The envelope as the schedule was started with it: the rotation reads any plan version this app reads.
  const rotation: RotationInput = {
    planVersion: input.planVersion as RotationInput['planVersion'],
    plan: input.plan,
    trigger: 'schedule',
    connectionIds: input.connectionIds,
    ...(input.siteConnectionIds !== undefined ? { siteConnectionIds: input.siteConnectionIds } : {}),
  };
  try {
    // The rotation completes with its own outcome (succeeded, restored, failed) and never throws for a cloud failure.
    yield context.df.callSubOrchestrator(ROTATION_ORCHESTRATION.rotateSharedKey, rotation, rotationId);
  } catch (error) {
    if (!context.df.isReplaying) {
      context.warn(`scheduled rotation ${rotationId} ended abnormally: ${failureOf(error).code}; the schedule goes on`);
    }
  }
  context.df.continueAsNew({ ...input, lastRotation: rotationId });
  return status;
}

/**
 * Starting the key schedule (or finding it running), as a step of the provisioning run's last round; undefined when
 * the plan asks for none. A failure here never fails the provisioning; it is logged, and rotations can still be asked
 * for.
 */
export function keyScheduleStep(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  connections: Readonly<Record<string, Record<CloudId, string>>>,
  connectionIds: Record<CloudId, string>,
): AfterSuccessStep | undefined {
  const everyDays = plan.options.rotateKeyEveryDays;
  if (everyDays === undefined) return undefined;
  // A fleet's rotations need every site's connections; a single-site connection's input stays as before fleets.
  const fleet = plan.azureStack.length > 1 ? { siteConnectionIds: { ...connections } } : {};
  const input: KeyScheduleInput = { ...versionedPlan(plan), connectionIds, ...fleet, everyDays };
  return {
    call: armWriteTask(context, ACTIVITY.startKeySchedule, input),
    settle: (settled) => {
      try {
        settledValue(settled, { cloud: 'azure', stage: 'connection' });
      } catch (error) {
        if (!context.df.isReplaying) {
          context.warn(`could not start the shared-key schedule of ${plan.name}: ${failureOf(error).code}`);
        }
      }
    },
  };
}
