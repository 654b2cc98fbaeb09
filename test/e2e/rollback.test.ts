// onFailure "rollback" end to end on `serve --simulate`: the rollback deletes what the connection's tags say is its
// own in both clouds, not what the failed run's stage records happen to name. A site whose gateway could not be begun
// fails its step with the network interface already made beside it (its stage never records the id): the rollback
// must delete that NIC too, then the VNet it holds, the public IP and the group, and end succeeded.
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import { planFor, simResources, startServe, waitFor, waitForRun, type Serve } from './harness';

const NAME = 'northwind';
const GROUP = `/resourceGroups/rg-${NAME}-hybrid`;

describe('serve --simulate: onFailure rollback', () => {
  let serve: Serve;
  let failed: ConnectionStatusBody;
  let rolledBack: ConnectionStatusBody;

  beforeAll(async () => {
    serve = await startServe({ seed: 'rollback' });
    // Every write of Stack Hub's gateway is refused as busy: the begin runs out of retries while the NIC, begun
    // beside it, is made.
    await serve.sim('PUT', 'faults', {
      rules: [
        {
          name: 'stack-gateway-busy',
          kind: 'anotherOperationInProgress',
          cloud: 'azureStack',
          method: 'PUT',
          resourceType: 'Microsoft.Network/virtualNetworkGateways',
        },
      ],
    });
    const plan = planFor(serve.ready, NAME, (p) => (p.options.onFailure = 'rollback'));
    expect((await serve.api('POST', '/api/connections', plan)).status).toBe(202);
    failed = await waitForRun(serve, NAME);
    rolledBack = await waitFor('the rollback to end', async () => {
      const status = (await serve.api('GET', `/api/connections/${NAME}`)).body as ConnectionStatusBody;
      return status.rollback !== null && status.rollback.state !== 'running' ? status : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  it('fails with the original error, the NIC made but not recorded', () => {
    expect(failed.runtimeStatus).toBe('Failed');
    expect(failed.error).toMatchObject({ cloud: 'azureStack', stage: 'gateway', code: 'AnotherOperationInProgress' });
    // The premise: no stage names the NIC that exists, so stage records alone would leave it (and its VNet) behind.
    expect(failed.stages.azureStack.networkInterface?.resourceId).toBeUndefined();
  });

  it('rolls back everything the connection owns in both clouds and ends succeeded', async () => {
    expect(rolledBack.rollback).toEqual({ state: 'succeeded', instanceId: `hc-${NAME}:rollback` });
    for (const cloud of ['azure', 'azureStack'] as const) {
      const left = (await simResources(serve, cloud)).filter((resource) => resource.id.includes(GROUP));
      expect([cloud, left.map((resource) => resource.id)]).toEqual([cloud, []]);
    }
  });
});
