// Failure behaviour through the real SDKs and the simulator's seeded faults: retryable failures (429, 503, 409
// AnotherOperationInProgress, connection resets) are THROWN so callActivityWithRetry retries them; terminal ones
// (validation, auth, a resource that ended Failed, configuration) are RETURNED as {ok:false} naming cloud, stage,
// ARM code and a hint. Failures never carry a secret.
import { createServer, type AddressInfo } from 'node:net';
import { toActivityFailureError } from '../../activities/shared/activityFailure';
import { EventPublishError } from '../../activities/shared/eventPublishError';
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { clearCredentialCache } from '../../lib/clouds';
import { ArmOperationError } from '../../lib/errors';
import { buildEvent, EVENT_TYPES } from '../../lib/events';
import type { FaultRule } from '../../simulator';
import {
  LONG_ENOUGH_MS,
  SIMULATOR_TIME_SCALE,
  SITE_PLAN,
  startActivityWorld,
  valueOf,
  type ActivityWorld,
  anyString,
  matching,
} from './harness';

let w: ActivityWorld;

beforeAll(async () => {
  w = await startActivityWorld();
  valueOf(await A.ensureResourceGroup({ target: w.targets.azure }, w.context()));
  valueOf(await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context()));
});
afterAll(async () => {
  await w.stop();
});
afterEach(() => {
  w.sim.inspect.setFaults({ rules: [] });
  // A test that slows the clock to real speed must not leave the next one building at that speed.
  w.sim.inspect.setClockScale(SIMULATOR_TIME_SCALE);
});

function faults(...rules: FaultRule[]): void {
  w.sim.inspect.setFaults({ rules });
}

async function thrown(run: () => Promise<unknown>): Promise<ArmOperationError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ArmOperationError) return error;
    throw error;
  }
  throw new Error('expected the activity to throw');
}

const vnetInput = (cloud: 'azure' | 'azureStack') => ({
  target: w.targets[cloud],
  addressSpace: [...SITE_PLAN[cloud].addressSpace],
  workloadSubnet: SITE_PLAN[cloud].workloadSubnet,
  gatewaySubnet: SITE_PLAN[cloud].gatewaySubnet,
});

describe('retryable failures are thrown', () => {
  it("a 503 storm on the VNet PUT (beyond the SDK's own retries), then succeeds when it clears", async () => {
    faults({
      kind: 'serviceUnavailable',
      cloud: 'azure',
      method: 'PUT',
      resourceType: 'Microsoft.Network/virtualNetworks',
      retryAfterSeconds: 0,
      limit: 4,
    });
    const error = await thrown(() => A.ensureVirtualNetwork(vnetInput('azure'), w.context()));
    expect(error).toMatchObject({ retryable: true, cloud: 'azure', stage: 'virtualNetwork', httpStatus: 503 });
    // What callActivityWithRetry does next: the same call again, now that the storm is over.
    expect(valueOf(await A.ensureVirtualNetwork(vnetInput('azure'), w.context())).id).toMatch(
      /virtualNetworks\/vnet-contoso$/,
    );
  });

  it('429 throttling on Azure Stack Hub', async () => {
    faults({
      kind: 'throttle',
      cloud: 'azureStack',
      method: 'GET',
      resourceType: 'Microsoft.Network/virtualNetworks',
      retryAfterSeconds: 0,
      limit: 4,
    });
    const error = await thrown(() => A.ensureVirtualNetwork(vnetInput('azureStack'), w.context()));
    expect(error).toMatchObject({ retryable: true, cloud: 'azureStack', stage: 'virtualNetwork', httpStatus: 429 });
    expect(error.message).toMatch(/azureStack virtualNetwork failed with \w+ \(HTTP 429\)/);
  });

  it("carries the Retry-After of the last 429 (once the SDK's own retries are spent), on the task hub's clock", async () => {
    faults({
      kind: 'throttle',
      cloud: 'azure',
      method: 'GET',
      resourceType: 'Microsoft.Network/virtualNetworks',
      retryAfterSeconds: 1,
      limit: 4,
    });
    const error = await thrown(() => A.ensureVirtualNetwork(vnetInput('azure'), w.context()));
    expect(error).toMatchObject({ retryable: true, httpStatus: 429, retryAfterSeconds: 1 });
    // What the orchestration reads: at time scale 1000 the wall second is 1000 seconds of durable-timer time.
    expect(toActivityFailureError(error, 1000).failure).toMatchObject({ code: error.code, retryAfterSeconds: 1000 });
    expect(toActivityFailureError(error).failure.retryAfterSeconds).toBe(1);
  });

  it('409 AnotherOperationInProgress', async () => {
    faults({
      kind: 'anotherOperationInProgress',
      cloud: 'azureStack',
      method: 'PUT',
      resourceType: 'Microsoft.Network/virtualNetworks',
      limit: 1,
    });
    const error = await thrown(() => A.ensureVirtualNetwork(vnetInput('azureStack'), w.context()));
    expect(error).toMatchObject({ retryable: true, code: 'AnotherOperationInProgress', stage: 'virtualNetwork' });
    expect(valueOf(await A.ensureVirtualNetwork(vnetInput('azureStack'), w.context())).provisioningState).toBe(
      'Succeeded',
    );
  });

  it("connection resets that outlast the SDK's retries", async () => {
    faults({
      kind: 'connectionReset',
      cloud: 'azure',
      method: 'GET',
      resourceType: 'Microsoft.Network/publicIPAddresses',
      limit: 4,
    });
    const error = await thrown(() => A.ensurePublicIp({ target: w.targets.azure }, w.context()));
    expect(error).toMatchObject({ retryable: true, code: 'ECONNRESET', stage: 'publicIp' });
  }, 20_000);
});

describe('terminal failures are returned', () => {
  it('an invalid request (a subnet outside the VNet): cloud, stage, ARM code, HTTP status and a hint', async () => {
    const target = { ...w.targets.azure, resourceGroup: 'rg-contoso-invalid' };
    valueOf(await A.ensureResourceGroup({ target }, w.context()));
    const result = await A.ensureVirtualNetwork(
      { target, addressSpace: ['10.100.0.0/16'], workloadSubnet: '10.150.1.0/24', gatewaySubnet: '10.100.255.0/27' },
      w.context(),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        cloud: 'azure',
        stage: 'virtualNetwork',
        code: matching(/^Netcfg\w+$/),
        httpStatus: 400,
        armMessage: anyString(),
        hint: anyString(),
      },
    });
  });

  it('a gateway SKU Azure no longer builds: NRP fails the create, getGatewayState returns its code', async () => {
    const target = w.targets.azure;
    const vnet = valueOf(await A.ensureVirtualNetwork(vnetInput('azure'), w.context()));
    const pip = valueOf(await A.ensurePublicIp({ target }, w.context()));
    // At real speed, so the gateway is still being built when beginGateway returns (see link.test.ts).
    w.sim.inspect.setClockScale(1);
    const begun = valueOf(
      await A.beginGateway(
        { target, gatewaySubnetId: vnet.gatewaySubnetId, publicIpId: pip.id, sku: 'HighPerformance' },
        w.context(),
      ),
    );
    w.sim.inspect.advanceClock(LONG_ENOUGH_MS);
    const result = await A.getGatewayState(
      { target, id: begun.id, ...(begun.operation ? { operation: begun.operation } : {}) },
      w.context(),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        cloud: 'azure',
        stage: 'gateway',
        code: matching(/^[A-Z]\w+$/),
        armMessage: anyString(),
        hint: anyString(),
      },
    });
    if (!result.ok) expect(result.error.code).not.toBe('VirtualNetworkGatewayProvisioningFailed');
  });

  it("a gateway whose provisioning ends Failed: ARM's own code via the begin operation, then a rerun rebuilds it", async () => {
    faults({
      kind: 'provisioningFailed',
      cloud: 'azureStack',
      resourceType: 'Microsoft.Network/virtualNetworkGateways',
      limit: 1,
      error: { code: 'GatewayCapacityExhausted', message: 'The stamp has no gateway capacity left.' },
    });
    const target = w.targets.azureStack;
    const vnet = valueOf(await A.ensureVirtualNetwork(vnetInput('azureStack'), w.context()));
    const pip = valueOf(await A.ensurePublicIp({ target }, w.context()));
    // At real speed, so the gateway is still being built (not yet Failed) when beginGateway returns.
    w.sim.inspect.setClockScale(1);
    const begun = valueOf(
      await A.beginGateway(
        { target, gatewaySubnetId: vnet.gatewaySubnetId, publicIpId: pip.id, sku: 'Standard' },
        w.context(),
      ),
    );
    expect(begun.operation).toEqual(anyString());
    w.sim.inspect.advanceClock(LONG_ENOUGH_MS);
    w.sim.inspect.setClockScale(SIMULATOR_TIME_SCALE);

    const withOperation = await A.getGatewayState(
      { target, id: begun.id, ...(begun.operation ? { operation: begun.operation } : {}) },
      w.context(),
    );
    expect(withOperation).toMatchObject({
      ok: false,
      error: {
        cloud: 'azureStack',
        stage: 'gateway',
        code: 'GatewayCapacityExhausted',
        armMessage: 'The stamp has no gateway capacity left.',
      },
    });
    const withoutOperation = await A.getGatewayState({ target, id: begun.id }, w.context());
    expect(withoutOperation).toMatchObject({
      ok: false,
      error: { code: 'VirtualNetworkGatewayProvisioningFailed', hint: matching(/rerun/) },
    });

    const since = w.sim.inspect.requests().at(-1)?.sequence ?? 0;
    const rerun = valueOf(
      await A.beginGateway(
        { target, gatewaySubnetId: vnet.gatewaySubnetId, publicIpId: pip.id, sku: 'Standard' },
        w.context(),
      ),
    );
    expect(w.sim.inspect.requests({ service: 'azureStack', method: 'PUT', since }).map((r) => r.path)).toEqual([
      matching(/virtualNetworkGateways\/vgw-contoso$/),
    ]);
    w.sim.inspect.advanceClock(LONG_ENOUGH_MS);
    expect(valueOf(await A.getGatewayState({ target, id: rerun.id }, w.context())).provisioningState).toBe('Succeeded');
  });

  it('a wrong client secret: AuthenticationFailed, and the secret appears nowhere', async () => {
    const saved = process.env.HC_AZURE_CLIENT_SECRET;
    const wrong = 'wrong-secret-value-0123456789';
    process.env.HC_AZURE_CLIENT_SECRET = wrong;
    clearCredentialCache();
    try {
      const result = await A.ensureResourceGroup(
        { target: { ...w.targets.azure, resourceGroup: 'rg-auth' } },
        w.context(),
      );
      expect(result).toMatchObject({
        ok: false,
        error: { cloud: 'azure', stage: 'resourceGroup', code: 'AuthenticationFailed', httpStatus: 401 },
      });
      expect(JSON.stringify(result)).not.toContain(wrong);
      expect(w.logs.join('\n')).not.toContain(wrong);
    } finally {
      process.env.HC_AZURE_CLIENT_SECRET = saved;
      clearCredentialCache();
    }
  });

  it('a Stack Hub site that names no configured stamp', async () => {
    const { stamp: _dropped, ...target } = w.targets.azureStack;
    expect(await A.ensureResourceGroup({ target }, w.context())).toMatchObject({
      ok: false,
      error: { cloud: 'azureStack', code: 'UnknownStamp', hint: matching(/HC_AZURESTACK_STAMPS/) },
    });
  });

  it('a missing Key Vault setting, named', async () => {
    const saved = process.env.HC_KEY_VAULT_URL;
    delete process.env.HC_KEY_VAULT_URL;
    try {
      const result = await A.ensureSharedKey({ secretName: 'hc-contoso-psk' }, w.context());
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'InvalidAppSetting', armMessage: matching(/HC_KEY_VAULT_URL/) },
      });
    } finally {
      process.env.HC_KEY_VAULT_URL = saved;
    }
  });

  it('a connection whose key secret does not exist', async () => {
    const result = await A.beginConnection(
      {
        target: w.targets.azure,
        gatewayId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworkGateways/z',
        localNetworkGatewayId: '/l',
        sharedKeySecretName: 'hc-contoso-psk',
      },
      w.context(),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { cloud: 'azure', stage: 'connection', code: 'SharedKeySecretNotFound' },
    });
  });

  it("a secret that is not the connection's own shared key, refused before Key Vault is asked", async () => {
    const vaultRequests = (): number => w.sim.inspect.requests({ service: 'keyVault' }).length;
    const before = vaultRequests();
    const foreign = await A.beginConnection(
      {
        target: w.targets.azure,
        gatewayId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworkGateways/z',
        localNetworkGatewayId: '/l',
        sharedKeySecretName: 'hc-fabrikam-psk',
      },
      w.context(),
    );
    expect(foreign).toMatchObject({ ok: false, error: { code: 'ForeignSharedKeySecret' } });
    const anySecret = await A.ensureSharedKey({ secretName: 'sql-admin-password' }, w.context());
    expect(anySecret).toMatchObject({ ok: false, error: { code: 'ForeignSharedKeySecret' } });
    expect(vaultRequests()).toBe(before);
  });
});

describe('events never fail the workflow', () => {
  const event = () =>
    buildEvent({
      type: EVENT_TYPES.teardownCompleted,
      name: 'contoso',
      time: '2026-01-01T00:00:00Z',
      data: { deleted: { azure: [], azureStack: [] } },
    });

  it('a refused publish (bad key) returns published:false with the reason', async () => {
    const saved = process.env.HC_EVENT_GRID_KEY;
    process.env.HC_EVENT_GRID_KEY = 'bm90LXRoZS1rZXk=';
    try {
      const result = await A.publishEvent({ event: event() }, w.context());
      expect(result).toEqual({ ok: true, value: { published: false, error: matching(/401/) } });
      expect(JSON.stringify(result)).not.toContain('bm90LXRoZS1rZXk=');
    } finally {
      process.env.HC_EVENT_GRID_KEY = saved;
    }
    expect(w.sim.inspect.events()).toEqual([]);
  });

  it("an unreachable topic costs one connection attempt per activity call: retries are the orchestrator's", async () => {
    // A listener that resets every connection: the SDK sees a transient failure, as with Event Grid down.
    let attempts = 0;
    const resetter = createServer((socket) => {
      attempts++;
      socket.resetAndDestroy();
    });
    await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
    const saved = process.env.HC_EVENT_GRID_ENDPOINT;
    process.env.HC_EVENT_GRID_ENDPOINT = `https://127.0.0.1:${(resetter.address() as AddressInfo).port}/api/events`;
    try {
      await expect(A.publishEvent({ event: event() }, w.context())).rejects.toThrow(EventPublishError);
      expect(attempts).toBe(1);
    } finally {
      process.env.HC_EVENT_GRID_ENDPOINT = saved;
      await new Promise((resolve) => resetter.close(resolve));
    }
  });

  it('no topic configured returns published:false naming the setting', async () => {
    const saved = process.env.HC_EVENT_GRID_ENDPOINT;
    delete process.env.HC_EVENT_GRID_ENDPOINT;
    try {
      expect(await A.publishEvent({ event: event() }, w.context())).toEqual({
        ok: true,
        value: { published: false, error: matching(/HC_EVENT_GRID_ENDPOINT/) },
      });
    } finally {
      process.env.HC_EVENT_GRID_ENDPOINT = saved;
    }
  });
});
