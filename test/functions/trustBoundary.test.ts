// The attack of a function-key holder (or a ticket publisher) who names an endpoint or a secret of their choosing,
// run against this app on runtime/ with the simulator: every such plan is refused at the edge, nothing starts, and
// the attacker's listener on 127.0.0.1 never even sees a connection (so no secret, no token, no request).
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { startSimulatedStack, type SimulatedStack } from './simulatedStack';

describe('trust boundary: a plan chooses no endpoint and no secret', () => {
  let stack: SimulatedStack;
  let listener: Server;
  let attacker = '';
  let connections = 0;

  beforeAll(async () => {
    stack = await startSimulatedStack({ timeScale: 1000 });
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    attacker = `https://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  }, 30_000);

  afterAll(async () => {
    await new Promise<void>((resolve) => listener.close(() => resolve()));
    await stack?.stop();
  });

  const errorPaths = (body: unknown): string[] =>
    ((body as { errors?: { path: string }[] }).errors ?? []).map((error) => error.path);

  it.each([
    ['its own ARM endpoint', { armEndpoint: () => attacker }, 'azureStack.armEndpoint'],
    [
      'its own endpoint under a familiar path',
      { armEndpoint: () => `${attacker}/azurestack` },
      'azureStack.armEndpoint',
    ],
    [
      'a configured stamp with its own endpoint',
      { stamp: 'local', armEndpoint: () => attacker },
      'azureStack.armEndpoint',
    ],
    ['a stamp nobody configured', { stamp: 'attacker' }, 'azureStack.stamp'],
  ])('refuses a plan naming %s with a field error, and starts nothing', async (_what, site, path) => {
    const plan = stack.plan((p) => {
      const azureStack = p.azureStack as Record<string, unknown>;
      delete azureStack.stamp;
      delete azureStack.armEndpoint;
      if ('stamp' in site) azureStack.stamp = site.stamp;
      if ('armEndpoint' in site) azureStack.armEndpoint = site.armEndpoint();
    });
    const response = await stack.api('/api/connections', { method: 'POST', body: JSON.stringify(plan) });
    expect(response.status).toBe(400);
    expect(errorPaths(response.body)).toEqual([path]);
    expect((await stack.api('/api/connections/contoso')).status).toBe(404);
  });

  it("refuses a plan naming another connection's shared key, or any other secret", async () => {
    for (const secret of ['hc-fabrikam-psk', 'sql-admin-password']) {
      const plan = stack.plan((p) => {
        (p.connection as Record<string, unknown>).sharedKeySecretName = secret;
      });
      const response = await stack.api('/api/connections', { method: 'POST', body: JSON.stringify(plan) });
      expect(response.status).toBe(400);
      expect(errorPaths(response.body)).toEqual(['connection.sharedKeySecretName']);
    }
  });

  it('drops a ticket whose plan names a foreign endpoint, starting nothing', async () => {
    const plan = stack.plan((p) => {
      p.ticketId = 'CHG0666';
      const azureStack = p.azureStack as Record<string, unknown>;
      delete azureStack.stamp;
      azureStack.armEndpoint = attacker;
    });
    const event = {
      id: 'ticket-attack-1',
      eventType: 'Tickets.HybridConnection.Requested',
      subject: 'tickets/CHG0666',
      eventTime: '2026-01-01T00:00:00Z',
      dataVersion: '1.0',
      data: plan,
    };
    const response = await fetch(
      `${stack.host.url}/runtime/webhooks/eventgrid?functionName=ticketStart&code=${stack.host.keys.system.eventgrid_extension}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
        body: JSON.stringify([event]),
      },
    );
    // Accepted and dropped: redelivering an invalid ticket would not make it valid.
    expect(response.status).toBe(202);
    expect((await stack.api('/api/connections/contoso')).status).toBe(404);
    expect(stack.logs.join('\n')).toMatch(/ticket-attack-1" dropped: .*azureStack\.armEndpoint/);
  });

  it("stops reading a plan body at the app's 128 KB host limit, even when it comes without a length", async () => {
    const chunks = (function* () {
      for (let i = 0; i < 64; i += 1) yield new TextEncoder().encode(' '.repeat(16 * 1024));
    })();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
    });
    // The host answers 413 and closes while the client may still be sending: the client sees the 413, or (when its
    // write hits the closed socket first) a reset. Either way the host read no more than its limit and ran nothing.
    const outcome = await fetch(`${stack.host.url}/api/connections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-functions-key': stack.host.keys.function },
      body,
      duplex: 'half',
    }).then(
      (response) => response.status,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
    );
    expect([413, 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']).toContain(outcome);
    expect((await stack.api('/api/connections/contoso')).status).toBe(404);
  });

  it("sent the attacker's listener nothing at all", () => {
    expect(connections).toBe(0);
  });
});
