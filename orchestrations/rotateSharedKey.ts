// Rotates a provisioned connection's VPN shared key: writes a new version of its Key Vault secret, puts it on one
// side, then the other (the connections' shared-key API), watches both read Connected again and publishes
// SharedKey.Rotated with the new version id and the downtime measured on the way (rotationWatch.ts). Should anything
// fail once the new version exists, both sides get the previous version's value back, that value becomes Key
// Vault's current version again, and the rotation ends `restored` (or `failed` when even that fails) and publishes
// SharedKey.RotationFailed. The key itself stays inside the activities: only secret names and version ids pass here.
// It completes (never fails) with its RotationStatus as output, so the API and the schedule read the outcome as data.
import type * as df from 'durable-functions';
import { ACTIVITY } from '../activities/contracts';
import type { FailureInfo, RotationState, RotationStatus } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { EVENT_TYPES } from '../lib/events';
import { isRecord } from '../lib/json';
import { pairPlanOf, siteNamesOf } from '../lib/plan/pairs';
import { DEFAULT_SITE_NAME, type PairPlan } from '../lib/plan/types';
import { UNKNOWN_STAGE } from '../lib/stages';
import { callArmWrite, type CallSite } from './activityCalls';
import { setStatus } from './customStatus';
import { failuresOf } from './failures';
import type { Orchestration } from './orchestrationTypes';
import { readPlanEnvelope, type VersionedPlan } from './planInput';
import { publishEvent } from './publishEvents';
import { ROTATION_POLL_MS, RotationWatch } from './rotationWatch';
import { SECOND_MS } from './pollSchedules';
import { siteTargetsFor } from './siteTargets';

export type RotationTrigger = RotationStatus['trigger'];

/** What starts a rotation: the plan the connection ran with, who asked, and the two connections it built. */
export interface RotationInput extends VersionedPlan {
  trigger: RotationTrigger;
  connectionIds: Record<CloudId, string>;
  /** The site whose tunnel's key rotates (absent: the plan's first site). */
  site?: string;
}

/** The rotation's custom status: the API's RotationStatus, and each side's connectionStatus as last read. */
export interface RotationCustomStatus extends RotationStatus {
  kind: 'rotation';
  connectionStatus: Partial<Record<CloudId, string>>;
}

/** The vault is an Azure resource; key problems surface at the connection stage (as ensureSharedKey reports them). */
const KEY_SITE: CallSite = { cloud: 'azure', stage: 'connection' };

export function* rotateSharedKeyOrchestrator(context: df.OrchestrationContext): Orchestration<RotationStatus> {
  const raw: unknown = context.df.getInput();
  const status: RotationCustomStatus = {
    kind: 'rotation',
    instanceId: context.df.instanceId,
    state: 'running',
    trigger: isRecord(raw) && raw.trigger === 'schedule' ? 'schedule' : 'request',
    startedAt: context.df.currentUtcDateTime.toISOString(),
    finishedAt: null,
    previousVersion: null,
    newVersion: null,
    downtimeSeconds: null,
    downtimeResolutionSeconds: ROTATION_POLL_MS / SECOND_MS,
    error: null,
    connectionStatus: {},
  };
  const publishStatus = (): void => setStatus(context, status);
  publishStatus();

  const input = readRotationInput(raw);
  if (!input.ok) return finish(context, status, 'failed', [input.failure]);
  const { plan } = input;
  const secretName = plan.connection.sharedKeySecretName;
  const watch = new RotationWatch(
    context,
    { targets: siteTargetsFor(plan), connectionIds: input.connectionIds, secretName },
    (seen) => {
      status.connectionStatus = seen;
      status.downtimeSeconds = watch.downtimeSeconds();
      publishStatus();
    },
  );

  // The version in force: Key Vault's current one, which every run and repair puts on both sides.
  let previousVersion: string;
  try {
    previousVersion = (yield* callArmWrite(context, ACTIVITY.ensureSharedKey, { secretName }, KEY_SITE)).version;
  } catch (error) {
    // Nothing was written anywhere yet: there is nothing to restore.
    const failures = failuresOf(error);
    logFailure(context, plan.name, failures, 'nothing was changed');
    return yield* finishWithEvent(context, plan, status, 'failed', failures);
  }
  status.previousVersion = previousVersion;
  publishStatus();

  let failures: FailureInfo[];
  try {
    const added = yield* callArmWrite(
      context,
      ACTIVITY.addSharedKeyVersion,
      { secretName, tag: context.df.instanceId },
      KEY_SITE,
    );
    status.newVersion = added.version;
    publishStatus();
    yield* watch.read();
    // One side, then the other: the tunnel is down from the first change until both hold the new key.
    for (const cloud of CLOUD_IDS) yield* watch.setKey([cloud], added.version);
    yield* watch.waitConnected();
    status.downtimeSeconds = watch.downtimeSeconds();
    return yield* finishWithEvent(context, plan, status, 'succeeded', []);
  } catch (error) {
    failures = failuresOf(error);
  }
  // Even a write of the new version that failed may have reached the vault (its answer lost): the restore puts the
  // previous value back on top either way, and setting a side that still holds it is a no-op.
  logFailure(context, plan.name, failures, 'restoring the previous version on both sides');
  const restored = yield* restore(context, watch, secretName, previousVersion, status);
  status.downtimeSeconds = watch.downtimeSeconds();
  return yield* finishWithEvent(context, plan, status, restored.ok ? 'restored' : 'failed', [
    ...failures,
    ...restored.failures,
  ]);
}

/**
 * Puts the previous version's value back on top in Key Vault (so a rerun or repair reads it) and on both sides,
 * and waits for the tunnel. Each part is tried even when another failed.
 */
function* restore(
  context: df.OrchestrationContext,
  watch: RotationWatch,
  secretName: string,
  previousVersion: string,
  status: RotationCustomStatus,
): Orchestration<{ ok: boolean; failures: FailureInfo[] }> {
  const failures: FailureInfo[] = [];
  try {
    const restored = yield* callArmWrite(
      context,
      ACTIVITY.addSharedKeyVersion,
      { secretName, tag: `${context.df.instanceId}/restore`, copyOf: previousVersion },
      KEY_SITE,
    );
    status.restoredVersion = restored.version;
  } catch (error) {
    failures.push(...failuresOf(error, KEY_SITE));
  }
  try {
    yield* watch.setKey(CLOUD_IDS, previousVersion);
    yield* watch.waitConnected();
  } catch (error) {
    failures.push(...failuresOf(error));
  }
  return { ok: failures.length === 0, failures };
}

function* finishWithEvent(
  context: df.OrchestrationContext,
  plan: PairPlan,
  status: RotationCustomStatus,
  state: RotationState,
  failures: FailureInfo[],
): Orchestration<RotationStatus> {
  const [failure] = failures;
  const common = {
    rotationId: context.df.instanceId,
    trigger: status.trigger,
    secretName: plan.connection.sharedKeySecretName,
  };
  const published =
    state === 'succeeded'
      ? yield* publishEvent(context, {
          type: EVENT_TYPES.sharedKeyRotated,
          name: plan.name,
          instanceId: context.df.instanceId,
          data: {
            ...common,
            previousVersion: status.previousVersion ?? '',
            newVersion: status.newVersion ?? '',
            downtimeSeconds: status.downtimeSeconds ?? 0,
          },
        })
      : yield* publishEvent(context, {
          type: EVENT_TYPES.sharedKeyRotationFailed,
          name: plan.name,
          instanceId: context.df.instanceId,
          data: {
            ...common,
            state: state === 'restored' ? 'restored' : 'failed',
            previousVersion: status.previousVersion,
            newVersion: status.newVersion,
            downtimeSeconds: status.downtimeSeconds,
            stage: failure?.stage ?? UNKNOWN_STAGE,
            code: failure?.code ?? 'UnexpectedError',
            ...(failure?.cloud !== undefined ? { cloud: failure.cloud } : {}),
            ...(failure?.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
            ...(failure?.hint !== undefined ? { hint: failure.hint } : {}),
          },
        });
  if (published !== undefined) status.events = [published];
  return finish(context, status, state, failures);
}

function finish(
  context: df.OrchestrationContext,
  status: RotationCustomStatus,
  state: RotationState,
  failures: FailureInfo[],
): RotationStatus {
  status.state = state;
  status.error = failures[0] ?? null;
  status.finishedAt = context.df.currentUtcDateTime.toISOString();
  setStatus(context, status);
  const { kind: _kind, connectionStatus: _seen, ...output } = status;
  return output;
}

function logFailure(context: df.OrchestrationContext, name: string, failures: FailureInfo[], then: string): void {
  if (context.df.isReplaying) return;
  context.warn(`shared-key rotation of ${name} failed (${failures.map((f) => f.code).join(', ')}): ${then}`);
}

type RotationRead =
  { ok: true; plan: PairPlan; connectionIds: Record<CloudId, string> } | { ok: false; failure: FailureInfo };

/** The input's shape (the trigger built it from a completed run): the plan envelope and both connection ids. */
export function readRotationInput(raw: unknown): RotationRead {
  const invalid = (message: string): RotationRead => ({
    ok: false,
    failure: { code: 'InvalidRotationInput', message },
  });
  if (!isRecord(raw)) return invalid('the rotation takes {planVersion, plan, trigger, connectionIds}');
  const plan = readPlanEnvelope(raw);
  if (!plan.ok) return { ok: false, failure: { code: plan.code, message: plan.message } };
  const ids = raw.connectionIds;
  if (!isRecord(ids)) return invalid('connectionIds must name both connections');
  const connectionIds = {} as Record<CloudId, string>;
  for (const cloud of CLOUD_IDS) {
    const id = ids[cloud];
    if (typeof id !== 'string' || id === '') return invalid(`connectionIds.${cloud} must be an id`);
    connectionIds[cloud] = id;
  }
  const sites = siteNamesOf(plan.plan);
  const site = typeof raw.site === 'string' ? raw.site : (sites[0] ?? DEFAULT_SITE_NAME);
  if (!sites.includes(site)) return invalid(`site must be one of the plan's sites (${sites.join(', ')})`);
  return { ok: true, plan: pairPlanOf(plan.plan, site), connectionIds };
}
