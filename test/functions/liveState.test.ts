// The live read alone, in this process, through the real SDK clients against the simulator: what a cloud with
// nothing built answers, and a cloud whose ARM refuses the read, which gets `error` {code, message} while the
// other cloud is still answered.
import { readLiveState } from '../../activities/live/readLiveState';
import { siteTargetsFor } from '../../orchestrations/siteTargets';
import type { LiveCloudError, LiveCloudState } from '../../lib/api/connectionStatus';
import { SIMULATED_STAMP_ID } from '../../cli/simulatorSettings';
import { startActivityWorld, type ActivityWorld } from '../activities/harness';
import { firstPairOf } from '../../lib/plan';
import { boundPlan } from '../lib/planFixtures';

const READ_AT = '2025-03-01T08:30:00.000Z';

describe('readLiveState against the simulator', () => {
  let w: ActivityWorld;

  beforeAll(async () => {
    w = await startActivityWorld();
  });
  afterAll(() => w.stop());
  afterEach(() => w.sim.inspect.setFaults({ rules: [] }));

  function plan() {
    const resolved = firstPairOf(boundPlan({ name: 'contoso' }));
    for (const cloud of ['azure', 'azureStack'] as const) {
      resolved[cloud].subscriptionId = w.targets[cloud].subscriptionId;
      resolved[cloud].location = w.targets[cloud].location;
      resolved[cloud].resourceGroup = w.targets[cloud].resourceGroup;
    }
    resolved.azureStack.stamp = SIMULATED_STAMP_ID;
    delete resolved.azureStack.armEndpoint;
    return resolved;
  }

  it('answers a cloud with nothing built as no resources, no connection, no address', async () => {
    const live = await readLiveState(siteTargetsFor(plan()), READ_AT);
    const empty: LiveCloudState = { resources: [], connection: null, gatewayIpAddress: null };
    expect(live).toEqual({ readAt: READ_AT, azure: empty, azureStack: empty });
  });

  it('gives a cloud whose read fails an error and still answers the other', async () => {
    w.sim.inspect.setFaults({
      rules: [{ kind: 'anotherOperationInProgress', cloud: 'azureStack', method: 'GET', path: '/resourcegroups/' }],
    });
    const live = await readLiveState(siteTargetsFor(plan()), READ_AT);
    expect(live.azure).toEqual({ resources: [], connection: null, gatewayIpAddress: null });
    const failed = live.azureStack as LiveCloudError;
    expect(Object.keys(failed)).toEqual(['error']);
    expect(failed.error.code).toBe('AnotherOperationInProgress');
    expect(failed.error.message).not.toBe('');
  });

  it('gives a cloud it cannot even reach an error: a stamp the settings no longer name', async () => {
    const gone = plan();
    gone.azureStack.stamp = 'decommissioned';
    const live = await readLiveState(siteTargetsFor(gone), READ_AT);
    expect((live.azureStack as LiveCloudError).error.code).toBe('UnknownStamp');
    expect(live.azure).toEqual({ resources: [], connection: null, gatewayIpAddress: null });
  });
});
