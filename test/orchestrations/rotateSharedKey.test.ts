// The rotateSharedKey orchestrator, driven episode by episode against a small scripted world (rotationWorld.ts: two
// connections whose key is a Key Vault version, an update that takes 40 virtual seconds, IKE 10 s once both match):
// the order of the writes, the downtime from its reads, the restore when the second side's set fails, and replay
// determinism of the whole history. Only names and version ids ever reach the orchestration.
import './registeredFunctions';
import '../../orchestrations/index';
import type { RotationStatus } from '../../lib/api/connectionStatus';
import type { CloudId } from '../../lib/cloudIds';
import { ROTATION_ORCHESTRATION } from '../../lib/rotationNames';
import { versionedPlan } from '../../orchestrations/planInput';
import type { RotationInput } from '../../orchestrations/rotateSharedKey';
import { drive, type DriveResult, type World } from './episodeDriver';
import { resolvedPlan, START } from './fixtures';
import { expectRotationReplaysTheSame, IKE_MS, RotationWorld, UPDATE_MS } from './rotationWorld';

const INSTANCE = 'hc-contoso:rotate-20250301T080000Z';
const IDS: Record<CloudId, string> = {
  azure: '/subscriptions/a/resourceGroups/rg/providers/Microsoft.Network/connections/cn-contoso-to-azurestack',
  azureStack: '/subscriptions/b/resourceGroups/rg/providers/Microsoft.Network/connections/cn-contoso-to-azure',
};

/** Key Vault versions v1 (in force), then whatever the rotation writes; `failSecondSideWith` fails that side's set. */
function world(failSecondSideWith?: string): World {
  return new RotationWorld(failSecondSideWith !== undefined ? { failStackSet: { code: failSecondSideWith } } : {});
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

function expectReplaysTheSame(run: DriveResult): Promise<void> {
  return expectRotationReplaysTheSame(run, INSTANCE);
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
