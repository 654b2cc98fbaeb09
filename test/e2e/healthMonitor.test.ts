// The tunnel health monitor end to end (serve --simulate, real SDKs): a tunnel broken mid-life (one side's shared key
// changed by an operator) is reported Degraded within two monitor periods and Recovered once healed, one event each
// per side with stable ids; with options.repair a stuck connection is reset through ARM (Azure: the connection's
// reset; Azure Stack Hub: its gateway's) and comes back, every attempt recorded, the daily limit enforced; each
// generation's history stays bounded however many periods pass (continue-as-new); a teardown stops the monitor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionStatusBody, MonitorStatus } from '../../lib/api/connectionStatus';
import { planFor, simEvents, startServe, waitFor, waitForRun, type Serve } from './harness';
import { operatorFor, type Operator } from './operator';

const MINUTE = 60_000;
const INTERVAL_MINUTES = 5;

describe('serve --simulate: the tunnel health monitor', () => {
  jest.setTimeout(180_000);
  let serve: Serve;
  let operator: Operator;

  beforeAll(async () => {
    serve = await startServe({ seed: 'monitor' });
    operator = await operatorFor(serve.ready);
  }, 60_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  async function status(name: string): Promise<ConnectionStatusBody> {
    const answer = await serve.api('GET', `/api/connections/${name}`);
    expect(answer.status).toBe(200);
    return answer.body as ConnectionStatusBody;
  }

  async function monitorUntil(
    name: string,
    what: string,
    done: (monitor: MonitorStatus) => boolean,
    timeoutMs = 90_000,
  ): Promise<MonitorStatus> {
    return waitFor(
      what,
      async () => {
        const { monitor } = await status(name);
        return monitor && done(monitor) ? monitor : undefined;
      },
      { timeoutMs, intervalMs: 50 },
    );
  }

  async function provision(name: string, options: Record<string, unknown>): Promise<void> {
    const plan = planFor(serve.ready, name, (p) => {
      p.options = { ...p.options, verifyConnectivity: false, ...options };
    });
    expect((await serve.api('POST', '/api/connections', plan)).status).toBe(202);
    const done = await waitForRun(serve, name, undefined, 90_000);
    expect(done.runtimeStatus).toBe('Completed');
    await monitorUntil(name, `the monitor of ${name} to run`, (monitor) => monitor.state === 'running');
  }

  async function virtualNow(): Promise<number> {
    return (await serve.sim<{ now: number }>('GET', 'clock')).now;
  }

  async function monitorEvents(
    name: string,
  ): Promise<{ id: string; type: string; event: { data: Record<string, unknown> } }[]> {
    const events = (await simEvents(serve)) as { id: string; type: string; event: { data: Record<string, unknown> } }[];
    return events.filter(
      (event) => event.id.startsWith(`hc-${name}/`) && event.type.startsWith('HybridConnection.Tunnel.'),
    );
  }

  it('reports a broken tunnel Degraded within two periods and Recovered after healing, one event each', async () => {
    const name = 'mon-key';
    await provision(name, { monitor: { intervalMinutes: INTERVAL_MINUTES } });
    const group = `rg-${name}-hybrid`;
    const connection = `cn-${name}-to-azurestack`;
    const connections = operator.azureNetwork.virtualNetworkGatewayConnections;

    // An operator puts another key on the Azure side: the tunnel cannot stay up.
    const brokenAt = await virtualNow();
    await connections.beginSetSharedKeyAndWait(group, connection, { value: 'an-operators-other-key-0123456789' });
    const degraded = await monitorUntil(name, 'Degraded on both sides', (monitor) =>
      ['azure', 'azureStack'].every((cloud) =>
        monitor.transitions.some((t) => t.cloud === cloud && t.kind === 'degraded'),
      ),
    );
    for (const transition of degraded.transitions) {
      expect(Date.parse(transition.at) - brokenAt).toBeLessThanOrEqual(2 * INTERVAL_MINUTES * MINUTE);
    }

    // Healed: Key Vault's key goes back on.
    const sharedKey = (await operator.secrets.getSecret(`hc-${name}-psk`)).value ?? '';
    expect(sharedKey.length).toBeGreaterThanOrEqual(16);
    await connections.beginSetSharedKeyAndWait(group, connection, { value: sharedKey });
    const recovered = await monitorUntil(name, 'Recovered on both sides', (monitor) =>
      ['azure', 'azureStack'].every((cloud) =>
        monitor.transitions.some((t) => t.cloud === cloud && t.kind === 'recovered'),
      ),
    );
    // Two more periods of Connected reads announce nothing more.
    const latest = recovered.reads[0]?.readAt ?? '';
    await monitorUntil(name, 'two more reads', (monitor) => monitor.reads.filter((r) => r.readAt > latest).length >= 2);

    const final = await status(name);
    expect(final.monitor?.transitions.map((t) => `${t.kind}/${t.cloud}`).sort()).toEqual([
      'degraded/azure',
      'degraded/azureStack',
      'recovered/azure',
      'recovered/azureStack',
    ]);
    const events = await monitorEvents(name);
    expect(events.map((event) => event.id).sort()).toEqual([
      `hc-${name}/degraded/azure/1`,
      `hc-${name}/degraded/azureStack/1`,
      `hc-${name}/recovered/azure/1`,
      `hc-${name}/recovered/azureStack/1`,
    ]);
    expect(final.monitor?.transitions.map((t) => t.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(events.find((e) => e.id === `hc-${name}/degraded/azure/1`)).toMatchObject({
      type: 'HybridConnection.Tunnel.Degraded',
      event: { data: { connectionId: expect.stringContaining(connection) as unknown, failedReads: 1 } },
    });
    // Neither key is in what the monitor publishes or shows.
    const shown = JSON.stringify(final) + JSON.stringify(events);
    expect(shown).not.toContain(sharedKey);
    expect(shown).not.toContain('an-operators-other-key');
  });

  it('repairs a stuck connection through ARM, records each attempt and keeps to the daily limit', async () => {
    const name = 'mon-fix';
    await provision(name, {
      monitor: { intervalMinutes: INTERVAL_MINUTES },
      repair: { afterFailedReads: 2, maxPerDay: 1 },
    });
    // Start the repairs just after 00:00 UTC (virtual), so the day's limit is not reset halfway through the test.
    const now = await virtualNow();
    const midnight = Math.ceil(now / (24 * 60 * MINUTE)) * 24 * 60 * MINUTE;
    await serve.sim('POST', 'clock', { advanceMs: midnight - now + MINUTE });
    const azureConnection = `/subscriptions/${serve.ready.simulator.azure.subscriptionId}/resourceGroups/rg-${name}-hybrid/providers/Microsoft.Network/connections/cn-${name}-to-azurestack`;
    await serve.sim('POST', 'tunnel-faults', { cloud: 'azure', id: azureConnection, fault: 'connectionStuck' });

    const repaired = await monitorUntil(name, 'a repair and the tunnel back on both sides', (monitor) =>
      ['azure', 'azureStack'].every((cloud) =>
        monitor.transitions.some((t) => t.cloud === cloud && t.kind === 'recovered'),
      ),
    );
    expect(repaired.repair).toEqual({ afterFailedReads: 2, maxPerDay: 1 });
    expect(
      repaired.repairs
        .map((r) => ({ cloud: r.cloud, action: r.action, attempt: r.attempt, outcome: r.outcome }))
        .sort(byCloud),
    ).toEqual([
      { cloud: 'azure', action: 'resetConnection', attempt: 1, outcome: 'succeeded' },
      { cloud: 'azureStack', action: 'resetGateway', attempt: 1, outcome: 'succeeded' },
    ]);
    // The resets went to ARM through the SDKs: the Azure connection's and the stamp gateway's.
    const posts = (await serve.sim<{ requests: { method: string; path: string }[] }>('GET', 'requests?method=POST'))
      .requests;
    expect(posts.some((r) => /\/connections\/cn-mon-fix-to-azurestack\/resetconnection$/i.test(r.path))).toBe(true);
    expect(posts.some((r) => /\/virtualNetworkGateways\/[^/]+\/reset$/i.test(r.path))).toBe(true);

    // Stuck again the same day: the limit (1) is spent, so the next attempt is reported skipped, nothing reset.
    await serve.sim('POST', 'tunnel-faults', { cloud: 'azure', id: azureConnection, fault: 'connectionStuck' });
    const limited = await monitorUntil(name, 'a skipped repair', (monitor) =>
      monitor.repairs.some((r) => r.cloud === 'azure' && r.outcome === 'skipped'),
    );
    const skipped = limited.repairs.find((r) => r.cloud === 'azure' && r.outcome === 'skipped');
    expect(skipped).toMatchObject({ attempt: 2, error: { code: 'RepairLimitReached' } });
    const resets = (await serve.sim<{ requests: { path: string }[] }>('GET', 'requests?method=POST')).requests.filter(
      (r) => /\/resetconnection$/i.test(r.path),
    );
    expect(resets).toHaveLength(1);
    const events = await monitorEvents(name);
    expect(
      events
        .filter((e) => e.type === 'HybridConnection.Tunnel.RepairAttempted')
        .map((e) => e.id)
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        `hc-${name}/repair/azure/1`,
        `hc-${name}/repair/azure/2`,
        `hc-${name}/repair/azureStack/1`,
      ]),
    );

    await serve.sim('POST', 'tunnel-faults', { cloud: 'azure', id: azureConnection, fault: 'heal' });
    await monitorUntil(
      name,
      'recovered after the heal',
      (monitor) => monitor.transitions.filter((t) => t.cloud === 'azure' && t.kind === 'recovered').length === 2,
    );
  });

  it('keeps each generation of its history bounded however many periods pass (continue-as-new)', async () => {
    const name = 'mon-long';
    await provision(name, { monitor: { intervalMinutes: 1 } });
    const sizes: number[] = [];
    let generations = 0;
    await waitFor(
      'five generations of the monitor',
      async () => {
        const history = await monitorHistory(`hc-${name}:monitor`);
        sizes.push(history.events);
        generations = history.generation;
        return history.generation >= 5 ? history : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    expect(generations).toBeGreaterThanOrEqual(5);
    // 12 reads a generation: a few events each, never the sum of all periods (over 60 reads by now).
    expect(Math.max(...sizes)).toBeLessThan(200);
    const { monitor } = await status(name);
    expect(monitor?.reads.length).toBe(10);
  });

  it('is stopped by a teardown: the status says deleted and the monitor stopped', async () => {
    const name = 'mon-key';
    expect((await serve.api('DELETE', `/api/connections/${name}`)).status).toBe(202);
    const deleted = await waitFor(
      'the teardown to finish',
      async () => {
        const body = await status(name);
        return body.phase === 'deleted' ? body : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 50 },
    );
    expect(deleted.monitor?.state).toBe('stopped');
    const runtime = await monitorHistory(`hc-${name}:monitor`);
    expect(runtime.runtimeStatus).toBe('Completed');
    // No secret in its input, history, outputs or custom status (its last generation, what the task hub keeps).
    const sharedKey = (await operator.secrets.getSecret(`hc-${name}-psk`)).value ?? '';
    expect(sharedKey.length).toBeGreaterThanOrEqual(16);
    expect(runtime.text).toContain('connectionIds');
    expect(runtime.text).not.toContain(sharedKey);
    expect(runtime.text).not.toContain(serve.ready.simulator.identity.clientSecret);
    // It stopped before the teardown deleted anything: no Degraded event after the break was healed.
    const events = await monitorEvents(name);
    expect(events.filter((e) => e.type === 'HybridConnection.Tunnel.Degraded')).toHaveLength(2);
  });

  /** The monitor's current generation as the Durable HTTP API shows it (system key, as an operator would). */
  async function monitorHistory(
    instanceId: string,
  ): Promise<{ events: number; generation: number; runtimeStatus: string; text: string }> {
    const keys = JSON.parse(readFileSync(join(serve.dataDir, 'keys.json'), 'utf8')) as {
      system: { durabletask_extension: string };
    };
    const url = `${serve.ready.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}?showHistory=true&showHistoryOutput=true&showInput=true`;
    const response = await fetch(url, { headers: { 'x-functions-key': keys.system.durabletask_extension } });
    const text = await response.text();
    const body = JSON.parse(text) as {
      runtimeStatus: string;
      historyEvents?: unknown[];
      customStatus?: { generation?: number };
    };
    return {
      events: body.historyEvents?.length ?? 0,
      generation: body.customStatus?.generation ?? 0,
      runtimeStatus: body.runtimeStatus,
      text,
    };
  }
});

function byCloud(a: { cloud: string }, b: { cloud: string }): number {
  return a.cloud < b.cloud ? -1 : a.cloud > b.cloud ? 1 : 0;
}
