// Activity: starts the connection's shared-key schedule (`hc-<name>:keyschedule`, options.rotateKeyEveryDays) through
// this function's own Durable client binding: an orchestration cannot start another one that outlives it, and the
// provisioning run must complete. Idempotent: a schedule that already runs (a rerun of a provisioned connection) is
// left as it is. Its input holds the plan and ids only, never a key.
import type { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { keyScheduleInstanceId, ROTATION_ORCHESTRATION } from '../lib/rotationNames';
import type { ActivityResult, KeyScheduleInput, KeyScheduleStart } from './contracts';

const ACTIVE = ['Running', 'Pending', 'ContinuedAsNew', 'Suspended'];

export async function startKeySchedule(
  input: KeyScheduleInput,
  context: InvocationContext,
): Promise<ActivityResult<KeyScheduleStart>> {
  const client = df.getClient(context);
  const instanceId = keyScheduleInstanceId(input.plan.name);
  const existing = await client.getStatus(instanceId).catch((error: unknown) => {
    // durable-functions 3 rejects a 404 with this text rather than a typed error (functions/instanceStore.ts).
    if (error instanceof Error && /HTTP 404/.test(error.message)) return undefined;
    throw error;
  });
  if (existing && ACTIVE.includes(String(existing.runtimeStatus))) {
    return { ok: true, value: { instanceId, started: false } };
  }
  await client.startNew(ROTATION_ORCHESTRATION.sharedKeySchedule, { instanceId, input });
  context.log(`started the shared-key schedule ${instanceId}: a rotation every ${input.everyDays} day(s)`);
  return { ok: true, value: { instanceId, started: true } };
}
