// The rotateSharedKey orchestrator, driven episode by episode against a small scripted world (two connections whose
// key is a Key Vault version, an update that takes 40 virtual seconds, IKE 10 s once both match): the order of the
// writes, the downtime from its reads, the restore when the second side's set fails, and replay determinism of the
// whole history. Only names and version ids ever reach the orchestration.
import './registeredFunctions';
import '../../orchestrations/index';
import type { RotationStatus } from '../../lib/api/connectionStatus';
import type { CloudId } from '../../lib/cloudIds';
import { ROTATION_ORCHESTRATION } from '../../lib/rotationNames';
import { versionedPlan } from '../../orchestrations/planInput';
import type { RotationInput } from '../../orchestrations/rotateSharedKey';
import { drive, replayCompleted, type ActivityOutcome, type DriveResult, type World } from './episodeDriver';
import { resolvedPlan, START } from './fixtures';
import { EVENT_TYPE } from './history';

const UPDATE_MS = 40_000;
const IKE_MS = 10_000;
const INSTANCE = 'hc-contoso:rotate-20250301T080000Z';
const IDS: Record<CloudId, string> = {
  azure: '/subscriptions/a/resourceGroups/rg/providers/Microsoft.Network/connections/cn-contoso-to-azurestack',
  azureStack: '/subscriptions/b/resourceGroups/rg/providers/Microsoft.Network/connections/cn-contoso-to-azure',
};

interface Side {
  version: string;
  updatingUntil: number;
  failed: boolean;
}

/** Key Vault versions v1 (in force), then whatever the rotation writes; `failSecondSideWith` fails that side's set. */
function world(failSecondSideWith?: string): World {
  const sides: Record<CloudId, Side> = {
    azure: { version: 'v1', updatingUntil: 0, failed: false },
    azureStack: { version: 'v1', updatingUntil: 0, failed: false },
  };
  const written = new Map<string, string>();
  const ok = (value: unknown): ActivityOutcome => ({ result: { ok: true, value } });
  const connected = (now: number): boolean => {
    const { azure, azureStack } = sides;
    const settled = Math.max(azure.updatingUntil, azureStack.updatingUntil) + IKE_MS;
    return azure.version === azureStack.version && !azure.failed && !azureStack.failed && now >= settled;
  };
  return {
    activity(name, raw, at) {
      const now = at.getTime();
      const input = raw as Record<string, unknown>;
      switch (name) {
        case 'ensureSharedKey':
          return ok({ secretName: input.secretName, version: 'v1', created: false });
        case 'addSharedKeyVersion': {
          const tag = String(input.tag);
          const version = written.get(tag) ?? `v${written.size + 2}`;
          written.set(tag, version);
          return ok({ secretName: input.secretName, version, created: true });
        }
        case 'beginSetSharedKey': {
          const cloud = (input.target as { cloud: CloudId }).cloud;
          if (failSecondSideWith !== undefined && cloud === 'azureStack' && input.version !== 'v1') {
            sides[cloud] = { version: String(input.version), updatingUntil: now, failed: true };
            return {
              result: { ok: false, error: { cloud, stage: 'connection', code: failSecondSideWith, armMessage: 'no' } },
            };
          }
          sides[cloud] = { version: String(input.version), updatingUntil: now + UPDATE_MS, failed: false };
          return ok({ id: IDS[cloud], provisioningState: 'Updating', operation: '{"state":{}}' });
        }
        case 'getConnectionState': {
          const cloud = (input.target as { cloud: CloudId }).cloud;
          const side = sides[cloud];
          if (side.failed) {
            return {
              result: { ok: false, error: { cloud, stage: 'connection', code: 'ConnectionProvisioningFailed' } },
            };
          }
          return ok({
            provisioningState: now < side.updatingUntil ? 'Updating' : 'Succeeded',
            connectionStatus: connected(now) ? 'Connected' : now < side.updatingUntil ? 'Unknown' : 'Connecting',
            ingressBytesTransferred: 0,
            egressBytesTransferred: 0,
          });
        }
        case 'publishEvent':
          return ok({ published: true });
        default:
          throw new Error(`unexpected activity ${name}`);
      }
    },
  };
}

function rotate(w: World): Promise<DriveResult> {
  const input: RotationInput = { ...versionedPlan(resolvedPlan()), trigger: 'request', connectionIds: IDS };
  return drive({
    name: ROTATION_ORCHESTRATION.rotateSharedKey,
    instanceId: INSTANCE,
    input,
    start: START,
    world: w,
    activityLatencyMs: 500,
  });
}

function sets(run: DriveResult): string[] {
  return run.calls
    .filter((call) => call.name === 'beginSetSharedKey')
    .map((call) => {
      const input = call.input as { target: { cloud: string }; version: string };
      return `${input.target.cloud}:${input.version}`;
    });
}

async function expectReplaysTheSame(run: DriveResult): Promise<void> {
  const input = run.history.find((event) => event.EventType === EVENT_TYPE.ExecutionStarted)?.Input;
  const first = await replayCompleted(
    ROTATION_ORCHESTRATION.rotateSharedKey,
    INSTANCE,
    typeof input === 'string' ? (JSON.parse(input) as unknown) : null,
    run.history,
  );
  const last = run.states.at(-1);
  expect(first.state.actions).toEqual(last?.actions);
  expect(first.state.output).toEqual(last?.output);
  expect(first.state.customStatus).toEqual(last?.customStatus);
}

describe('rotateSharedKey', () => {
  it('writes a new version, sets the Azure side, then the Stack Hub side, waits for Connected, reports the downtime', async () => {
    const run = await rotate(world());
    expect(run.runtimeStatus).toBe('Completed');
    const output = run.output as RotationStatus;
    expect(output).toMatchObject({
      instanceId: INSTANCE,
      state: 'succeeded',
      trigger: 'request',
      previousVersion: 'v1',
      newVersion: 'v2',
      error: null,
      downtimeResolutionSeconds: 5,
      events: [`${INSTANCE}/keyRotated/all`],
    });
    expect(run.calls.map((call) => call.name).slice(0, 2)).toEqual(['ensureSharedKey', 'addSharedKeyVersion']);
    expect(sets(run)).toEqual(['azure:v2', 'azureStack:v2']);
    // The Stack Hub side is set only once the Azure side's update has finished.
    const [azureSet, stackSet] = run.calls.filter((call) => call.name === 'beginSetSharedKey');
    expect(Date.parse(stackSet?.at ?? '') - Date.parse(azureSet?.at ?? '')).toBeGreaterThanOrEqual(UPDATE_MS);
    // Two updates and IKE, to within a read interval or two.
    expect(output.downtimeSeconds).toBeGreaterThanOrEqual((2 * UPDATE_MS + IKE_MS) / 1000 - 5);
    expect(output.downtimeSeconds).toBeLessThanOrEqual((2 * UPDATE_MS + IKE_MS) / 1000 + 15);
    const rotated = run.calls.find((call) => call.name === 'publishEvent')?.input as { event: { data: unknown } };
    expect(rotated.event.data).toEqual({
      rotationId: INSTANCE,
      trigger: 'request',
      secretName: 'hc-contoso-psk',
      previousVersion: 'v1',
      newVersion: 'v2',
      downtimeSeconds: output.downtimeSeconds,
    });
    await expectReplaysTheSame(run);
  });

  it("restores the previous version on both sides and on top of Key Vault when the second side's set fails", async () => {
    const run = await rotate(world('SharedKeyUpdateFailed'));
    expect(run.runtimeStatus).toBe('Completed');
    const output = run.output as RotationStatus;
    expect(output).toMatchObject({
      state: 'restored',
      previousVersion: 'v1',
      newVersion: 'v2',
      restoredVersion: 'v3',
      error: { code: 'SharedKeyUpdateFailed', cloud: 'azureStack' },
      events: [`${INSTANCE}/keyRotationFailed/all`],
    });
    const restoredWrite = run.calls.filter((call) => call.name === 'addSharedKeyVersion')[1]?.input;
    expect(restoredWrite).toEqual({ secretName: 'hc-contoso-psk', tag: `${INSTANCE}/restore`, copyOf: 'v1' });
    expect(sets(run)).toEqual(['azure:v2', 'azureStack:v2', 'azure:v1', 'azureStack:v1']);
    expect(output.downtimeSeconds).toBeGreaterThan(0);
    await expectReplaysTheSame(run);
  });
});
