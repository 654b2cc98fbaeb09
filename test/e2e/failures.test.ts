// Failure paths end to end on `serve --simulate`: invalid plans answer 400 with field paths and start nothing (no
// instance, not one request to any simulated service); a gateway whose provisioning ends Failed fails the run with
// cloud, stage and ARM code (and a Failed event); a rerun after the fix adopts what exists and finishes.
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import {
  planFor,
  simEvents,
  hasEvent,
  simRequests,
  simResources,
  startServe,
  waitFor,
  waitForRun,
  type PlanShape,
  type Serve,
  type SimResource,
} from './harness';

type Cloud = 'azure' | 'azureStack';
type Plan = Record<string, unknown> & PlanShape;

describe('serve --simulate: failures', () => {
  let serve: Serve;

  beforeAll(async () => {
    serve = await startServe({ seed: 'failures' });
  }, 60_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  describe('invalid plans answer 400 with field paths and start nothing', () => {
    const cases: [string, (plan: Plan) => void, string][] = [
      [
        'overlapping address spaces of the two clouds',
        (p) => {
          p.azureStack.addressSpace = ['10.100.128.0/17'];
          p.azureStack.workloadSubnet = '10.100.129.0/24';
          p.azureStack.gatewaySubnet = '10.100.255.0/27';
        },
        'azureStack.addressSpace[0]',
      ],
      [
        'a workload subnet outside its address space',
        (p) => (p.azure.workloadSubnet = '10.150.1.0/24'),
        'azure.workloadSubnet',
      ],
      ['a GatewaySubnet of /30', (p) => (p.azureStack.gatewaySubnet = '10.200.255.0/30'), 'azureStack.gatewaySubnet'],
      ['a retired Azure gateway SKU', (p) => (p.azure.gatewaySku = 'Standard'), 'azure.gatewaySku'],
      [
        'a zone-redundant SKU on Azure Stack Hub',
        (p) => (p.azureStack.gatewaySku = 'VpnGw1AZ'),
        'azureStack.gatewaySku',
      ],
      ['a subscription id that is not a GUID', (p) => (p.azure.subscriptionId = 'not-a-guid'), 'azure.subscriptionId'],
      [
        'an http ARM endpoint',
        (p) => (p.azureStack.armEndpoint = String(p.azureStack.armEndpoint).replace('https:', 'http:')),
        'azureStack.armEndpoint',
      ],
      ['an unknown field', (p) => (p.azure.vnetName = 'custom'), 'azure.vnetName'],
    ];

    let sequenceBefore = 0;
    beforeAll(async () => {
      sequenceBefore = Math.max(0, ...(await simRequests(serve)).map((r) => r.sequence));
    });

    it.each(cases)('%s', async (_what, edit, path) => {
      const name = `bad-${path.replace(/[^a-z]/gi, '').toLowerCase()}`.slice(0, 30);
      const answer = await serve.api('POST', '/api/connections', planFor(serve.ready, name, edit));
      expect(answer.status).toBe(400);
      const errors = (answer.body as { errors: { path: string; message: string }[] }).errors;
      expect(errors.map((e) => e.path)).toContain(path);
      for (const error of errors) expect(error.message.length).toBeGreaterThan(10);
      expect((await serve.api('GET', `/api/connections/${name}`)).status).toBe(404);
    });

    it('a body over 64 KB', async () => {
      const plan = planFor(serve.ready, 'bad-big');
      const body = JSON.stringify({ ...plan, ticketId: 'x'.repeat(100 * 1024) });
      const answer = await serve.api('POST', '/api/connections', body);
      expect(answer.status).toBe(400);
      expect(answer.text).toMatch(/64 KB/);
      expect((await serve.api('GET', '/api/connections/bad-big')).status).toBe(404);
    });

    it("a 1 MB body, refused by the host's 128 KB limit before the app sees it", async () => {
      const plan = planFor(serve.ready, 'bad-huge');
      const body = JSON.stringify({ ...plan, ticketId: 'x'.repeat(1024 * 1024) });
      // The host answers 413 on the head and closes: the client sees the 413, or a reset when its write of the body
      // hits the closed socket first.
      const outcome = await fetch(`${serve.ready.url}/api/connections`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-functions-key': serve.ready.keys.function },
        body,
      }).then(
        (response) => response.status,
        (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
      );
      expect([413, 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']).toContain(outcome);
      expect((await serve.api('GET', '/api/connections/bad-huge')).status).toBe(404);
    });

    it('no instance exists and no simulated service saw a single request', async () => {
      const list = await serve.api('GET', '/api/connections');
      expect(list.body).toEqual({ items: [], now: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown });
      expect(await simRequests(serve, `since=${sequenceBefore}`)).toEqual([]);
    });
  });

  describe('a gateway whose provisioning ends Failed, then a rerun', () => {
    const NAME = 'fabrikam';
    const GATEWAY_TYPE = 'Microsoft.Network/virtualNetworkGateways';
    let failed: ConnectionStatusBody;
    let before: Record<Cloud, SimResource[]>;

    beforeAll(async () => {
      await serve.sim('PUT', 'faults', {
        rules: [
          {
            name: 'azure-gateway-fails',
            kind: 'provisioningFailed',
            cloud: 'azure',
            method: 'PUT',
            resourceType: GATEWAY_TYPE,
            nth: 1,
            error: { code: 'GatewayAllocationFailed', message: 'Allocation failed: no capacity in the region.' },
          },
        ],
      });
      const answer = await serve.api('POST', '/api/connections', planFor(serve.ready, NAME));
      expect(answer.status).toBe(202);
      failed = await waitForRun(serve, NAME);
      before = { azure: await simResources(serve, 'azure'), azureStack: await simResources(serve, 'azureStack') };
    }, 90_000);

    it('fails the run with the cloud, the stage and the ARM code', async () => {
      expect(failed.runtimeStatus).toBe('Failed');
      expect(failed.error).toMatchObject({ cloud: 'azure', stage: 'gateway', code: 'GatewayAllocationFailed' });
      expect(failed.stages.azure.gateway?.state).toBe('failed');
      const injected = await serve.sim<{ injected: { rule: string }[] }>('GET', 'faults');
      expect(injected.injected).toHaveLength(1);
      const events = (await simEvents(serve, hasEvent(`hc-${NAME}/failed/azure`))).filter((e) =>
        String(e.id).startsWith(`hc-${NAME}/`),
      );
      expect(events.at(-1)).toMatchObject({
        type: 'HybridConnection.Provisioning.Failed',
        event: { data: { stage: 'gateway', code: 'GatewayAllocationFailed' } },
      });
    });

    it("logs the failed orchestration as one summary line, never the orchestrator's state", async () => {
      // The line is written before the run is recorded Failed, but reaches this process through another pipe: wait
      // for it. It is the line that used to carry the state ($OutOfProcData$), so its absence is then proven.
      const summary = await waitFor('the failed invocation on stderr', () =>
        Promise.resolve(
          serve
            .stderr()
            .split('\n')
            .find((line) => line.includes("Executed 'provisionHybridConnection' (Failed")),
        ),
      );
      expect(summary).toMatch(
        /error: Executed 'provisionHybridConnection' \(Failed, Id=[0-9a-f-]{36}, Duration=\d+ms\): GatewayAllocationFailed at azure\/gateway/,
      );
      expect(serve.stderr()).not.toContain('$OutOfProcData$');
    });

    it('a rerun adopts what exists, rebuilds only the failed gateway, and finishes', async () => {
      await serve.sim('PUT', 'faults', { rules: [] });
      const since = Math.max(...(await simRequests(serve)).map((r) => r.sequence));
      const answer = await serve.api('POST', '/api/connections', planFor(serve.ready, NAME));
      expect(answer.status).toBe(202);
      const done = await waitForRun(serve, NAME);
      expect(done.runtimeStatus).toBe('Completed');
      expect(done.error).toBeNull();
      expect(done.connection.state).toBe('connected');

      const writes = (await simRequests(serve, `since=${since}&method=PUT`)).filter((r) => r.status < 300);
      const putsTo = (cloud: Cloud, pattern: RegExp): number =>
        writes.filter((r) => r.service === cloud && pattern.test(r.path)).length;
      // Stack Hub's site was complete: its gateway and VM are adopted, not written again.
      expect(putsTo('azureStack', /virtualNetworkGateways\/vgw-/i)).toBe(0);
      expect(putsTo('azureStack', /virtualMachines\/vm-/i)).toBe(0);
      expect(putsTo('azure', /virtualMachines\/vm-/i)).toBe(0);
      // The failed Azure gateway is written once more.
      expect(putsTo('azure', /virtualNetworkGateways\/vgw-/i)).toBe(1);

      // Same resources as before (same resourceGuid: adopted, not recreated), plus the link; nothing doubled.
      for (const cloud of ['azure', 'azureStack'] as const) {
        const after = await simResources(serve, cloud);
        const ids = after.map((r) => r.id.toLowerCase());
        expect(new Set(ids).size).toBe(ids.length);
        for (const old of before[cloud].filter((r) => r.type !== GATEWAY_TYPE || cloud === 'azureStack')) {
          const now = after.find((r) => r.id === old.id);
          expect([old.id, now?.properties?.resourceGuid]).toEqual([old.id, old.properties?.resourceGuid]);
        }
      }
    });
  });
});
