// One tunnel's shared-key rotation: writes a new version of its Key Vault secret, puts it on one side, then the other
// (the connections' shared-key API), watches both read Connected again and publishes SharedKey.Rotated with the new
// version id and the downtime measured on the way (rotationWatch.ts). Should anything fail once the new version
// exists, both sides get the previous version's value back, that value becomes Key Vault's current version again,
// and the tunnel's rotation ends `restored` (or `failed` when even that fails) and publishes SharedKey.RotationFailed.
// The key itself stays inside the activities: only secret names and version ids pass here. A single-site rotation
// is one of these; a fleet's runs one per site, one after the other (rotateSharedKey.ts).
import type * as df from 'durable-functions';
import { ACTIVITY } from '../activities/contracts';
import type { FailureInfo, RotationState } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { EVENT_TYPES } from '../lib/events';
import { UNKNOWN_STAGE } from '../lib/stages';
import { callArmWrite, type CallSite } from './activityCalls';
import { failuresOf } from './failures';
import type { Orchestration } from './orchestrationTypes';
import { publishEvent } from './publishEvents';
import type { PairToRotate, RotationTrigger } from './rotationInput';
import { RotationWatch } from './rotationWatch';
import { siteTargetsFor } from './siteTargets';

/** The vault is an Azure resource; key problems surface at the connection stage (as ensureSharedKey reports them). */
const KEY_SITE: CallSite = { cloud: 'azure', stage: 'connection' };

/** What a tunnel's rotation fills in as it goes: a single-site rotation's own status, or a fleet site's entry. */
export interface PairRotationRecord {
  previousVersion: string | null;
  newVersion: string | null;
  downtimeSeconds: number | null;
  restoredVersion?: string;
}

export interface PairRotationOutcome {
  state: Exclude<RotationState, 'running'>;
  /** Every failure, the first the one that ended it; each names the site for a fleet. */
  failures: FailureInfo[];
  /** The Rotated or RotationFailed event handed over. */
  eventId?: string;
}

/** Where the tunnel's rotation reports to: its record changed, or its sides were read (their connectionStatus). */
export type RotationProgress = (connectionStatus?: Partial<Record<CloudId, string>>) => void;

export function* rotatePair(
  context: df.OrchestrationContext,
  target: PairToRotate,
  trigger: RotationTrigger,
  record: PairRotationRecord,
  progress: RotationProgress,
): Orchestration<PairRotationOutcome> {
  const secretName = target.pair.connection.sharedKeySecretName;
  const watch = new RotationWatch(
    context,
    { targets: siteTargetsFor(target.pair), connectionIds: target.connectionIds, secretName },
    (seen) => {
      record.downtimeSeconds = watch.downtimeSeconds();
      progress(seen);
    },
  );
  const end = (state: PairRotationOutcome['state'], failures: FailureInfo[]) =>
    publishOutcome(context, target, trigger, record, state, namedFailures(failures, target.site));

  // The version in force: Key Vault's current one, which every run and repair puts on both sides.
  let previousVersion: string;
  try {
    previousVersion = (yield* callArmWrite(context, ACTIVITY.ensureSharedKey, { secretName }, KEY_SITE)).version;
  } catch (error) {
    // Nothing was written anywhere yet: there is nothing to restore.
    const failures = failuresOf(error);
    logFailure(context, target, failures, 'nothing was changed');
    return yield* end('failed', failures);
  }
  record.previousVersion = previousVersion;
  progress();

  let failures: FailureInfo[];
  try {
    const added = yield* callArmWrite(
      context,
      ACTIVITY.addSharedKeyVersion,
      { secretName, tag: context.df.instanceId },
      KEY_SITE,
    );
    record.newVersion = added.version;
    progress();
    yield* watch.read();
    // One side, then the other: the tunnel is down from the first change until both hold the new key.
    for (const cloud of CLOUD_IDS) yield* watch.setKey([cloud], added.version);
    yield* watch.waitConnected();
    record.downtimeSeconds = watch.downtimeSeconds();
    return yield* end('succeeded', []);
  } catch (error) {
    failures = failuresOf(error);
  }
  // Even a write of the new version that failed may have reached the vault (its answer lost): the restore puts the
  // previous value back on top either way, and setting a side that still holds it is a no-op.
  logFailure(context, target, failures, 'restoring the previous version on both sides');
  const restored = yield* restore(context, watch, secretName, previousVersion, record);
  record.downtimeSeconds = watch.downtimeSeconds();
  return yield* end(restored.ok ? 'restored' : 'failed', [...failures, ...restored.failures]);
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
  record: PairRotationRecord,
): Orchestration<{ ok: boolean; failures: FailureInfo[] }> {
  const failures: FailureInfo[] = [];
  try {
    const restored = yield* callArmWrite(
      context,
      ACTIVITY.addSharedKeyVersion,
      { secretName, tag: `${context.df.instanceId}/restore`, copyOf: previousVersion },
      KEY_SITE,
    );
    record.restoredVersion = restored.version;
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

/** Publishes the tunnel's SharedKey.Rotated or RotationFailed (naming a fleet's site) and returns the outcome. */
function* publishOutcome(
  context: df.OrchestrationContext,
  target: PairToRotate,
  trigger: RotationTrigger,
  record: PairRotationRecord,
  state: PairRotationOutcome['state'],
  failures: FailureInfo[],
): Orchestration<PairRotationOutcome> {
  const [failure] = failures;
  const about = {
    name: target.pair.name,
    instanceId: context.df.instanceId,
    ...(target.site !== undefined ? { site: target.site } : {}),
  };
  const common = { rotationId: context.df.instanceId, trigger, secretName: target.pair.connection.sharedKeySecretName };
  const eventId =
    state === 'succeeded'
      ? yield* publishEvent(context, {
          type: EVENT_TYPES.sharedKeyRotated,
          ...about,
          data: {
            ...common,
            previousVersion: record.previousVersion ?? '',
            newVersion: record.newVersion ?? '',
            downtimeSeconds: record.downtimeSeconds ?? 0,
          },
        })
      : yield* publishEvent(context, {
          type: EVENT_TYPES.sharedKeyRotationFailed,
          ...about,
          data: {
            ...common,
            state: state === 'restored' ? 'restored' : 'failed',
            previousVersion: record.previousVersion,
            newVersion: record.newVersion,
            downtimeSeconds: record.downtimeSeconds,
            stage: failure?.stage ?? UNKNOWN_STAGE,
            code: failure?.code ?? 'UnexpectedError',
            ...(failure?.cloud !== undefined ? { cloud: failure.cloud } : {}),
            ...(failure?.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
            ...(failure?.hint !== undefined ? { hint: failure.hint } : {}),
          },
        });
  return { state, failures, ...(eventId !== undefined ? { eventId } : {}) };
}

/** A fleet's failures name their site (the status's `error` and the event say which tunnel failed). */
function namedFailures(failures: FailureInfo[], site: string | undefined): FailureInfo[] {
  return site === undefined ? failures : failures.map((failure) => ({ ...failure, site: failure.site ?? site }));
}

function logFailure(
  context: df.OrchestrationContext,
  target: PairToRotate,
  failures: FailureInfo[],
  then: string,
): void {
  if (context.df.isReplaying) return;
  const which = target.site !== undefined ? `${target.pair.name} (site ${target.site})` : target.pair.name;
  context.warn(`shared-key rotation of ${which} failed (${failures.map((f) => f.code).join(', ')}): ${then}`);
}
