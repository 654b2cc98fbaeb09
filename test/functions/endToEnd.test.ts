// End to end over HTTP: this app on runtime/ against simulator/ (one virtual clock at a high scale). A plan is
// POSTed, both clouds are provisioned, the tunnel connects and the ping passes; the simulator then holds exactly
// the expected resources; events arrive in order; no secret shows anywhere; DELETE removes the tagged resources.
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import { CLOUD_IDS } from '../../lib/cloudIds';
import { readSecret, runEventIds, startSimulatedStack, waitFor, type SimulatedStack } from './simulatedStack';

const TIME_SCALE = 1500;
const WALL_TIMEOUT_MS = 60_000;
const ACTIVE = ['Running', 'Pending'];

interface CloudEventBody {
  id: string;
  specversion: string;
  type: string;
  subject: string;
  source: string;
  time: string;
}

/** Top-level resources only (not subnets or other child resources), which is what tags and teardown apply to. */
function topLevel(resource: { id: string }): boolean {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i.test(resource.id);
}

describe('hybrid connection end to end (runtime + simulator)', () => {
  let stack: SimulatedStack;
  const responses: string[] = [];
  const phases = new Set<string>();
  let final: ConnectionStatusBody;

  async function api(path: string, init?: RequestInit) {
    const result = await stack.api(path, init);
    responses.push(result.text);
    return result;
  }

  beforeAll(async () => {
    stack = await startSimulatedStack({ timeScale: TIME_SCALE });
  }, 30_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('POST refuses a plan sent as text/plain (415) or in bytes that are not UTF-8 (400), and starts nothing', async () => {
    const plan = JSON.stringify(stack.plan());
    const asText = await api('/api/connections', {
      method: 'POST',
      body: plan,
      headers: { 'content-type': 'text/plain' },
    });
    expect(asText.status).toBe(415);
    expect(asText.body).toEqual({
      error: { code: 'UnsupportedMediaType', message: 'send the plan as application/json' },
    });
    const latin1 = Buffer.from(plan.replace('"contoso"', '"contoso","ticketId":"\u00e9"'), 'latin1');
    const notUtf8 = await api('/api/connections', { method: 'POST', body: latin1 });
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.text).toContain('body is not valid UTF-8');
    expect((await api('/api/connections/contoso')).status).toBe(404);
  });

  it('POST starts hc-contoso (202, our link) and a second POST while it runs answers 409', async () => {
    const plan = JSON.stringify(stack.plan());
    const started = await api('/api/connections', { method: 'POST', body: plan });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe('/api/connections/contoso');
    expect(started.body).toEqual({ name: 'contoso', instanceId: 'hc-contoso', statusUrl: '/api/connections/contoso' });
    const again = await api('/api/connections', { method: 'POST', body: plan });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ instanceId: 'hc-contoso', statusUrl: '/api/connections/contoso' });
  });

  it(
    'provisions both clouds; the status shows the stages progressing to Completed',
    async () => {
      final = await waitFor(
        async () => {
          const { body } = await api('/api/connections/contoso');
          const status = body as ConnectionStatusBody;
          if (status.phase) phases.add(status.phase);
          return ACTIVE.includes(status.runtimeStatus) ? undefined : status;
        },
        WALL_TIMEOUT_MS,
        'the provisioning to end',
      );
      expect(final.error).toBeNull();
      expect(final.runtimeStatus).toBe('Completed');
      expect([...phases]).toEqual(expect.arrayContaining(['sites', 'succeeded']));
      expect(final.connection).toMatchObject({ state: 'connected', verify: { state: 'succeeded', reachable: true } });
      expect(final.summary?.connectivity.verified).toBe(true);
      for (const cloud of CLOUD_IDS) {
        for (const [stage, state] of Object.entries(final.stages[cloud])) {
          expect({ cloud, stage, state: state.state }).toEqual({ cloud, stage, state: 'succeeded' });
        }
      }
    },
    WALL_TIMEOUT_MS + 5000,
  );

  it('leaves exactly the expected resources in both clouds, tagged, with the same IPsec policy on both connections', () => {
    const plan = stack.plan() as { connection: { ipsecPolicy: Record<string, unknown> } };
    for (const [cloud, peer] of [
      ['azure', 'azurestack'],
      ['azureStack', 'azure'],
    ] as const) {
      const resources = stack.sim.inspect
        .resources(cloud)
        .filter((r) => topLevel(r) && r.tags?.['hc-instance'] === 'hc-contoso');
      const names = resources.map((r) => `${r.type.split('/').pop() ?? ''}/${r.name}`).sort();
      expect(names).toEqual(
        expect.arrayContaining([
          'virtualNetworks/vnet-contoso',
          'publicIPAddresses/pip-contoso-vgw',
          'virtualNetworkGateways/vgw-contoso',
          'networkInterfaces/nic-contoso-vm',
          'virtualMachines/vm-contoso',
          `localNetworkGateways/lgw-contoso-to-${peer}`,
          `connections/cn-contoso-to-${peer}`,
        ]),
      );
      for (const resource of resources) {
        expect(resource.tags).toMatchObject({ 'managed-by': 'hybrid-connection', 'hc-ticket': 'CHG0001' });
      }
      const connection = resources.find((r) => r.type.endsWith('/connections'));
      const properties = connection?.properties as { ipsecPolicies?: unknown[]; connectionStatus?: string } | undefined;
      expect(properties?.ipsecPolicies).toEqual([plan.connection.ipsecPolicy]);
      expect(properties?.connectionStatus).toBe('Connected');
    }
  });

  it('published the events in order, as CloudEvents 1.0 with stable ids', async () => {
    // The topic's log wraps each accepted event: { sequence, schema, id, ..., event: <the CloudEvent as sent> }.
    // Events are delivered off the run's critical path: the last one may land just after the run ended.
    const accepted = await waitFor(
      () => {
        const all = stack.sim.inspect.events() as { schema: string; event: CloudEventBody }[];
        return Promise.resolve(all.length >= 8 ? all : undefined);
      },
      WALL_TIMEOUT_MS,
      'the 8 events of the run at the topic',
    );
    expect(new Set(accepted.map((entry) => entry.schema))).toEqual(new Set(['CloudEventSchemaV1_0']));
    const events = accepted.map((entry) => entry.event);
    const ids = events.map((event) => event.id);
    expect(ids[0]).toBe('hc-contoso/started/all');
    expect(ids.at(-1)).toBe('hc-contoso/succeeded/all');
    expect(ids.sort()).toEqual(runEventIds('contoso').sort());
    for (const event of events) {
      expect(event).toMatchObject({ specversion: '1.0', source: '/hybrid-connection' });
      expect(event.subject).toMatch(/^connections\/contoso\//);
      expect(Number.isNaN(Date.parse(event.time))).toBe(false);
    }
    expect(final.events).toEqual(expect.arrayContaining(ids));
  });

  it('lists the connection, and answers 404 for an unknown one', async () => {
    const list = await api('/api/connections');
    expect(list.body).toEqual({
      items: [expect.objectContaining({ name: 'contoso', runtimeStatus: 'Completed' }) as unknown],
      now: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
    });
    expect((await api('/api/connections/nobody')).status).toBe(404);
  });

  it(
    'DELETE removes exactly the tagged resources of both clouds',
    async () => {
      // The VM's OS disk is ours though CRP made it untagged: teardown claims it through the VM and deletes it.
      const osDisk = (r: { type: string; name: string }): boolean =>
        r.type === 'Microsoft.Compute/disks' && r.name === 'osdisk-contoso-vm';
      const untagged = (cloud: 'azure' | 'azureStack') =>
        stack.sim.inspect
          .resources(cloud)
          .filter((r) => topLevel(r) && r.tags?.['hc-instance'] !== 'hc-contoso' && !osDisk(r))
          .map((r) => r.id);
      const before = { azure: untagged('azure'), azureStack: untagged('azureStack') };
      const deleted = await api('/api/connections/contoso', { method: 'DELETE' });
      expect(deleted.status).toBe(202);
      const teardown = await waitFor(
        async () => {
          const { body } = await api('/api/connections/contoso');
          const status = (body as ConnectionStatusBody).teardown;
          return status && !ACTIVE.includes(status.runtimeStatus) ? status : undefined;
        },
        WALL_TIMEOUT_MS,
        'the teardown to end',
      );
      expect(teardown.runtimeStatus).toBe('Completed');
      for (const cloud of ['azure', 'azureStack'] as const) {
        const left = stack.sim.inspect
          .resources(cloud)
          .filter((r) => topLevel(r) && r.tags?.['hc-instance'] === 'hc-contoso');
        expect(left.map((r) => r.id)).toEqual([]);
        expect(stack.sim.inspect.resources(cloud).filter(osDisk)).toEqual([]);
        expect(untagged(cloud)).toEqual(before[cloud]);
      }
    },
    WALL_TIMEOUT_MS + 5000,
  );

  it(
    'starts a connection from a ticket event once, however often Event Grid delivers it',
    async () => {
      const plan = stack.plan((p) => {
        p.name = 'fabrikam';
        p.ticketId = 'CHG0002';
        (p.azure as Record<string, unknown>).resourceGroup = 'rg-fabrikam-hybrid';
        (p.azureStack as Record<string, unknown>).resourceGroup = 'rg-fabrikam-hybrid';
        (p.connection as Record<string, unknown>).sharedKeySecretName = 'hc-fabrikam-psk';
      });
      const event = {
        id: 'ticket-event-1',
        eventType: 'Tickets.HybridConnection.Requested',
        subject: 'tickets/CHG0002',
        eventTime: new Date().toISOString(),
        dataVersion: '1.0',
        data: plan,
      };
      const deliver = async () => {
        const response = await fetch(
          `${stack.host.url}/runtime/webhooks/eventgrid?functionName=ticketStart&code=${stack.host.keys.system.eventgrid_extension}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
            body: JSON.stringify([event]),
          },
        );
        responses.push(await response.text());
        return response.status;
      };
      expect(await deliver()).toBeLessThan(300);
      const first = await waitFor(
        async () => {
          const { status, body } = await api('/api/connections/fabrikam');
          return status === 200 ? (body as ConnectionStatusBody) : undefined;
        },
        WALL_TIMEOUT_MS,
        'the ticket to start hc-fabrikam',
      );
      expect(await deliver()).toBeLessThan(300);
      const ended = await waitFor(
        async () => {
          const { body } = await api('/api/connections/fabrikam');
          const status = body as ConnectionStatusBody;
          return ACTIVE.includes(status.runtimeStatus) ? undefined : status;
        },
        WALL_TIMEOUT_MS,
        'hc-fabrikam to end',
      );
      expect(ended.runtimeStatus).toBe('Completed');
      // Redelivered while running, and again once it ended: still the one instance the first delivery created.
      expect(await deliver()).toBeLessThan(300);
      const after = (await api('/api/connections/fabrikam')).body as { createdTime: string; runtimeStatus: string };
      expect(after).toMatchObject({ createdTime: first.createdTime, runtimeStatus: 'Completed' });
    },
    2 * WALL_TIMEOUT_MS,
  );

  it('shows no client secret, Event Grid key or shared key in responses, logs, events or custom status', async () => {
    const ready = stack.sim.readyInfo();
    const sharedKey = await readSecret(stack, 'hc-contoso-psk');
    expect(sharedKey.length).toBeGreaterThanOrEqual(16);
    const secrets = [ready.identity.clientSecret, ready.eventGrid.key, sharedKey];
    const seen = [...responses, ...stack.logs, JSON.stringify(stack.sim.inspect.events())].join('\n');
    for (const secret of secrets) expect(seen.includes(secret)).toBe(false);
  });
});
