// A tunnel that cannot come up, end to end: while the run waits for the tunnel, an operator on the Azure Stack Hub
// side puts another pre-shared key (or another IPsec policy) on the stamp's connection — what a stamp team applying
// its own settings does. The run must time out at the tunnel stage and name the cause; a rerun puts Key Vault's key
// back and finishes.
//
// Timing: the simulator's connection comes up seconds (virtual) after both ends exist, so the test freezes the
// shared virtual clock the moment the stamp's connection appears, makes its change, and lets time run again. The
// stamp's connection is made as soon as its gateway is up, the Azure side's only once Azure's slower gateway is
// (15 virtual minutes or more later with this seed): at TIME_SCALE that leaves seconds of wall time to freeze in,
// however loaded the machine (at 1000 it was under a second, and a loaded machine missed it).
import {
  planFor,
  simRequests,
  simResources,
  startServe,
  waitFor,
  waitForRun,
  type Serve,
  type SimResource,
} from './harness';
import { operatorFor, type Operator } from './operator';

const CONNECTION_TYPE = 'Microsoft.Network/connections';
/** Virtual time nearly stands still: a virtual second takes 1000 wall seconds. */
const FROZEN_SCALE = 0.001;
/** Slower than the other end-to-end tests: see the timing note above. */
const TIME_SCALE = 250;

interface OperationSummary {
  resourceId: string;
  status: string;
  dueAt: number;
}

describe('serve --simulate: a tunnel that does not come up', () => {
  // Each case is a run and a rerun at TIME_SCALE: tens of seconds on a loaded machine.
  jest.setTimeout(120_000);
  let serve: Serve;
  let operator: Operator;

  beforeAll(async () => {
    serve = await startServe({ seed: 'mismatch', timeScale: TIME_SCALE });
    operator = await operatorFor(serve.ready);
  }, 60_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  /**
   * Starts a run for `name`, waits for the stamp's connection to be written, freezes the clock, lets that write
   * finish (virtually), applies `change` to it out of band, and lets time run again.
   */
  async function runWithStampChange(name: string, change: (group: string, connection: string) => Promise<void>) {
    const group = `rg-${name}-hybrid`;
    const connectionName = `cn-${name}-to-azure`;
    // A first call gets the operator's token now, so the change later is one quick request.
    await operator.stackNetwork.virtualNetworks.get(group, 'none').catch(() => undefined);
    expect((await serve.api('POST', '/api/connections', planFor(serve.ready, name))).status).toBe(202);

    const stamp = await waitFor(
      "the stamp's connection to be written",
      async () =>
        (await simResources(serve, 'azureStack')).find(
          (r: SimResource) => r.type === CONNECTION_TYPE && r.name === connectionName,
        ),
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    await serve.sim('POST', 'clock', { scale: FROZEN_SCALE });
    try {
      const { value: operations } = await serve.sim<{ value: OperationSummary[] }>(
        'GET',
        'operations?cloud=azureStack',
      );
      const write = operations.find((op) => op.resourceId === stamp.id && op.status === 'InProgress');
      const { now } = await serve.sim<{ now: number }>('GET', 'clock');
      if (write) await serve.sim('POST', 'clock', { advanceMs: Math.max(0, write.dueAt - now) + 1 });
      const current = (await simResources(serve, 'azureStack')).find((r) => r.id === stamp.id);
      // Frozen before IKE could bring it up: the change below happens before any tunnel existed.
      expect(current?.properties?.connectionStatus).not.toBe('Connected');
      await change(group, connectionName);
    } finally {
      await serve.sim('POST', 'clock', { scale: TIME_SCALE });
    }
    return waitForRun(serve, name);
  }

  it('a shared key changed on the stamp: the run fails at the tunnel stage with a shared-key diagnosis; a rerun repairs it', async () => {
    const name = 'tailspin';
    const failed = await runWithStampChange(name, async (group, connection) => {
      // Only the first request is sent; its long-running operation finishes on the clock like any other.
      await operator.stackNetwork.virtualNetworkGatewayConnections.beginSetSharedKey(group, connection, {
        value: 'stamp-team-psk-0123456789abcdef',
      });
    });
    expect(failed.runtimeStatus).toBe('Failed');
    expect(failed.error).toMatchObject({
      code: 'TunnelNotConnectedError',
      stage: 'tunnel',
      diagnosis: 'sharedKeyMismatch',
    });
    expect(failed.error?.message).toMatch(/shared key/i);
    expect(failed.connection).toMatchObject({ state: 'notConnected', diagnosis: 'sharedKeyMismatch' });
    expect(failed.stages.azure.tunnel?.state).toBe('failed');

    const since = Math.max(...(await simRequests(serve)).map((r) => r.sequence));
    expect((await serve.api('POST', '/api/connections', planFor(serve.ready, name))).status).toBe(202);
    const repaired = await waitForRun(serve, name);
    expect(repaired.runtimeStatus).toBe('Completed');
    expect(repaired.connection.state).toBe('connected');
    // The stamp's connection is adopted and only its key is set back (from Key Vault), not rewritten.
    const writes = (await simRequests(serve, `since=${since}&service=azureStack&method=PUT`)).filter(
      (r) => r.status < 300 && /connections\//i.test(r.path),
    );
    expect(writes.map((r) => r.path.replace(/.*\/connections\//i, ''))).toEqual([`cn-${name}-to-azure/sharedkey`]);
    const vaulted = (await operator.secrets.getSecret(`hc-${name}-psk`)).value;
    const stampKey = await operator.stackNetwork.virtualNetworkGatewayConnections.getSharedKey(
      `rg-${name}-hybrid`,
      `cn-${name}-to-azure`,
    );
    expect(stampKey.value).toBe(vaulted);
  }, 120_000);

  it('an IPsec policy changed on the stamp: the run fails at the tunnel stage with a policy diagnosis', async () => {
    const name = 'wingtip';
    const failed = await runWithStampChange(name, async (group, connection) => {
      const current = await operator.stackNetwork.virtualNetworkGatewayConnections.get(group, connection);
      await operator.stackNetwork.virtualNetworkGatewayConnections.beginCreateOrUpdate(group, connection, {
        ...current,
        ipsecPolicies: [
          {
            saLifeTimeSeconds: 27000,
            saDataSizeKilobytes: 102400000,
            ipsecEncryption: 'AES256',
            ipsecIntegrity: 'SHA256',
            ikeEncryption: 'AES256',
            ikeIntegrity: 'SHA256',
            dhGroup: 'DHGroup14',
            pfsGroup: 'PFS2048',
          },
        ],
      });
    });
    expect(failed.runtimeStatus).toBe('Failed');
    expect(failed.error).toMatchObject({
      code: 'TunnelNotConnectedError',
      stage: 'tunnel',
      diagnosis: 'ipsecPolicyMismatch',
    });
    expect(failed.connection).toMatchObject({ state: 'notConnected', diagnosis: 'ipsecPolicyMismatch' });
  }, 120_000);
});
