// `PUT /api/connections/{name}`: replaces a connection's plan to grow or shrink its fleet. The new plan is validated
// like a POST's; the hub and every site that stays must be as they were (planReplacement), so the run it starts
// writes nothing of theirs (with options.transit, but each stamp's list of the other sites on its local network
// gateway): it builds the sites added, removes the sites that left, and reads the rest. Answers 202
// with the connection's status document (the new run's, one entry per site under `sites`, its change under `change`).
import { instanceIdFor } from '../lib/naming';
import { planReplacement, type PlanChange, type ResolvedPlan } from '../lib/plan';
import { teardownPhase } from './connectionPhase';
import { readPlanChange, versionedPlan } from '../orchestrations/planInput';
import { teardownInstanceId } from '../orchestrations/names';
import { apiError, statusUrlFor, validationFailed, type ApiResult } from './apiResult';
import {
  acceptPlan,
  getConnection,
  invalidName,
  notFound,
  pendingRemovalsOf,
  startConflict,
  startProvisioning,
  storedPlanOf,
  type StartOptions,
} from './connectionService';
import type { InstanceSnapshot, InstanceStore } from './instanceStore';
import { stopKeySchedule } from './keyScheduleStop';

/** A PUT's plan, checked against the connection it replaces: the new plan and its change, or the refusal. */
export type Replacement = { ok: true; plan: ResolvedPlan; change: PlanChange } | { ok: false; refusal: ApiResult };

/** Everything a PUT checks before it starts anything (a preview of it checks the same). */
export async function acceptReplacement(
  store: InstanceStore,
  name: string,
  body: string | Uint8Array,
  options: StartOptions,
): Promise<Replacement> {
  const refuse = (refusal: ApiResult): Replacement => ({ ok: false, refusal });
  const invalid = invalidName(name);
  if (invalid) return refuse(invalid);
  const accepted = acceptPlan(body, options);
  if (!accepted.ok) return refuse(accepted.refusal);
  const { plan } = accepted.validation;
  if (plan.name !== name) {
    return refuse(
      validationFailed([
        {
          path: 'name',
          message: `must be ${name}, the connection this PUT replaces: a plan cannot rename a connection`,
        },
      ]),
    );
  }
  const provisioning = await store.get(instanceIdFor(name));
  if (!provisioning) return refuse(notFound(name));
  const teardown = await store.get(teardownInstanceId(name));
  if (teardownPhase(provisioning, teardown) === 'deleted') {
    return refuse(
      apiError(409, 'ConnectionDeleted', `connection ${name} was torn down: POST its plan to create it again`),
    );
  }
  const stored = storedPlanOf(provisioning);
  if (!stored.ok) return refuse(stored.refusal);
  const replaced = planReplacement(stored.plan, plan, {
    arrayForm: accepted.arrayForm,
    pendingRemovals: pendingRemovalsOf(provisioning),
    storedRevision: revisionOf(provisioning),
  });
  if (!replaced.ok) return refuse(validationFailed(replaced.errors));
  return { ok: true, plan, change: replaced.change };
}

/** The revision of the stored run: its change's, or 0 for a run a POST started. */
function revisionOf(provisioning: InstanceSnapshot): number {
  const read = readPlanChange(provisioning.input);
  return read.ok ? (read.change?.revision ?? 0) : 0;
}

/** `PUT /api/connections/{name}`: starts the replacing run, or says why not (400, 404, 409, 415). */
export async function replaceConnection(
  store: InstanceStore,
  name: string,
  body: string | Uint8Array,
  options: StartOptions,
): Promise<ApiResult> {
  const first = await acceptReplacement(store, name, body, options);
  if (!first.ok) return first.refusal;
  let change = first.change;
  const refused = await startProvisioning(
    store,
    first.plan,
    async () => {
      // Inside the guard: no run, teardown or rotation may be under way, and the change is worked out again from what
      // the task hub holds now (a run that ended meanwhile may have finished a removal).
      const conflict = await startConflict(store, name);
      if (conflict) return conflict;
      const again = await acceptReplacement(store, name, body, options);
      if (!again.ok) return again.refusal;
      change = again.change;
      // The key schedule rotates the sites it was started with: it ends here, and the run's success starts one for
      // the new plan's sites (when the plan asks for one).
      await stopKeySchedule(store, name);
      return undefined;
    },
    () => ({ ...versionedPlan(first.plan), change }),
  );
  if (refused) return refused;
  const status = await getConnection(store, name);
  return { ...status, status: status.status === 200 ? 202 : status.status, headers: { Location: statusUrlFor(name) } };
}
