// How a successful run hands over to its health monitor: the monitor's input from the plan (options.monitor and
// options.repair; plans stored before those options get their defaults) and the connections the run linked, and
// the startMonitor activity that starts `hc-<name>:monitor` through the Durable client. An orchestrator cannot
// start an instance it does not await, so the start is an activity: recorded in the run's history, never repeated
// by a replay, and idempotent when retried (a running monitor is left as it is).
import type * as df from 'durable-functions';
import { ACTIVITY } from '../activities/contracts';
import type { CloudId } from '../lib/cloudIds';
import { pairPlansOf } from '../lib/plan/pairs';
import { DEFAULT_MONITOR_OPTIONS, DEFAULT_SITE_NAME, type ResolvedPlan } from '../lib/plan/types';
import { armWriteTask, settledValue } from './activityCalls';
import { failureOf } from './failures';
import { monitorInstanceId, ORCHESTRATION } from './names';
import type { AfterSuccessStep } from './afterSuccess';
import type { MonitorInput } from './orchestrationTypes';
import { siteTargetsFor } from './siteTargets';

/**
 * The monitor's input for a plan and the connections its run linked (by site), or undefined when
 * options.monitor.enabled is false. `targets` and `connectionIds` are the first site's pair (as before fleets); a plan
 * of several sites lists every pair under `pairs`, and one monitor reads them all.
 */
export function monitorInputFor(
  plan: ResolvedPlan,
  connections: Readonly<Record<string, Record<CloudId, string>>>,
): MonitorInput | undefined {
  const options = { ...DEFAULT_MONITOR_OPTIONS, ...plan.options.monitor };
  if (!options.enabled) return undefined;
  const pairs = pairPlansOf(plan).flatMap((pair) => {
    const connectionIds = connections[pair.azureStack.name];
    return connectionIds ? [{ site: pair.azureStack.name, targets: siteTargetsFor(pair), connectionIds }] : [];
  });
  const [first] = pairs;
  if (first === undefined) return undefined;
  // One site named azurestack reads as before fleets; any other site's events name it.
  const named = pairs.length > 1 || first.site !== DEFAULT_SITE_NAME;
  return {
    name: plan.name,
    targets: first.targets,
    connectionIds: first.connectionIds,
    ...(named ? { pairs } : {}),
    intervalMinutes: options.intervalMinutes,
    repair: plan.options.repair ?? false,
  };
}

/**
 * Starting the monitor, as a step of the run's last round; undefined when the plan turns it off. A start that fails is
 * logged and given up on: the connection is up either way.
 */
export function healthMonitorStep(
  context: df.OrchestrationContext,
  plan: ResolvedPlan,
  connections: Readonly<Record<string, Record<CloudId, string>>>,
): AfterSuccessStep | undefined {
  const input = monitorInputFor(plan, connections);
  if (input === undefined) return undefined;
  const instanceId = monitorInstanceId(plan.name);
  return {
    call: armWriteTask(context, ACTIVITY.startMonitor, {
      orchestrator: ORCHESTRATION.monitorTunnel,
      instanceId,
      input,
    }),
    settle: (settled) => {
      try {
        settledValue(settled, { cloud: 'azure', stage: 'tunnel' });
      } catch (error) {
        if (!context.df.isReplaying) {
          context.warn(`the health monitor ${instanceId} could not be started: ${failureOf(error).code}`);
        }
      }
    },
  };
}
