// The product end to end, through HTTP only, on `serve --simulate`: a plan provisions both clouds; the simulator then
// holds exactly the expected resources; both connections read Connected with the same IPsec policy; the ping
// passes; events arrive in order as valid CloudEvents with stable ids; the status showed stages progressing; DELETE
// removes exactly the tagged resources; and no secret appears in the task hub, logs, events or any answer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { type ConnectionPhase, type ConnectionStatusBody, type StageStateName } from '../../lib/api/connectionStatus';
import {
  planFor,
  simEvents,
  hasEvent,
  simRequests,
  simResources,
  startServe,
  waitForRun,
  waitForTeardown,
  type ApiAnswer,
  type Serve,
  type SimResource,
} from './harness';
import { operatorFor, type Operator } from './operator';

type Cloud = 'azure' | 'azureStack';
const CLOUDS: Cloud[] = ['azure', 'azureStack'];
const PEER_SLUG: Record<Cloud, string> = { azure: 'azurestack', azureStack: 'azure' };
const NAME = 'contoso';
const TAGS = { 'managed-by': 'hybrid-connection', 'hc-instance': `hc-${NAME}`, 'hc-ticket': 'CHG0001' };
const PHASE_ORDER = ['validating', 'preflight', 'sites', 'link', 'tunnel', 'verify', 'succeeded'];

interface PlanSite {
  addressSpace: string[];
  workloadSubnet: string;
  gatewaySubnet: string;
  gatewaySku: string;
  vm: { size: string };
}

describe('serve --simulate: a plan provisions both clouds end to end over HTTP', () => {
  let serve: Serve;
  let operator: Operator;
  let plan: Record<string, unknown> & { azure: PlanSite; azureStack: PlanSite; connection: { ipsecPolicy: object } };
  let started: ApiAnswer;
  let final: ConnectionStatusBody;
  const seen: ConnectionStatusBody[] = [];

  beforeAll(async () => {
    serve = await startServe({ seed: 'provision' });
    operator = await operatorFor(serve.ready);
    plan = planFor(serve.ready, NAME) as typeof plan;
    started = await serve.api('POST', '/api/connections', plan);
    final = await waitForRun(serve, NAME, (status) => seen.push(status));
  }, 90_000);

  afterAll(async () => {
    await serve?.dispose();
  });

  const byCloud = async (cloud: Cloud): Promise<SimResource[]> =>
    (await simResources(serve, cloud)).filter(
      (r) => r.id.toLowerCase().includes(`/resourcegroups/rg-${NAME}-hybrid`) && !r.id.includes('/subnets/'),
    );
  const named = (resources: SimResource[], type: string, name: string): SimResource => {
    const found = resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} ${name} among ${resources.map((r) => r.name).join(', ')}`);
    return found;
  };
  const props = (resource: SimResource): Record<string, unknown> => resource.properties ?? {};

  it('POST answers 202 with our own status link, never a Durable management URL or key', () => {
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toBe(`/api/connections/${NAME}`);
    expect(started.body).toEqual({ name: NAME, instanceId: `hc-${NAME}`, statusUrl: `/api/connections/${NAME}` });
    expect(started.text).not.toMatch(/runtime\/webhooks|code=/);
  });

  it('completes, and the status endpoint showed the stages progressing while it ran', () => {
    expect(final.runtimeStatus).toBe('Completed');
    expect(final.error).toBeNull();
    expect(final.phase).toBe('succeeded');
    // Phases only move forward, through the sites to success.
    const phases = seen.map((s) => s.phase).filter((p, i, all): p is ConnectionPhase => p !== null && p !== all[i - 1]);
    const ranks = phases.map((p) => PHASE_ORDER.indexOf(p));
    expect(ranks.every((rank) => rank >= 0)).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(phases).toEqual(expect.arrayContaining(['sites', 'succeeded']));
    expect(phases.length).toBeGreaterThanOrEqual(3);
    // Each cloud's gateway (30-45 virtual minutes) was seen running, then succeeded.
    for (const cloud of CLOUDS) {
      const states = seen
        .map((s) => s.stages[cloud]?.gateway?.state)
        .filter((state, i, all): state is StageStateName => state !== undefined && state !== all[i - 1]);
      expect(states.slice(states.indexOf('running'))).toEqual(['running', 'succeeded']);
      for (const [stage, state] of Object.entries(final.stages[cloud])) {
        expect([stage, state.state]).toEqual([stage, 'succeeded']);
      }
    }
  });

  it('the simulator holds exactly the expected resources, tagged, with the plan SKUs and address spaces', async () => {
    for (const cloud of CLOUDS) {
      const resources = await byCloud(cloud);
      const peer = PEER_SLUG[cloud];
      expect(resources.map((r) => `${r.type}/${r.name}`).sort()).toEqual(
        [
          `Microsoft.Resources/resourceGroups/rg-${NAME}-hybrid`,
          `Microsoft.Network/virtualNetworks/vnet-${NAME}`,
          `Microsoft.Network/publicIPAddresses/pip-${NAME}-vgw`,
          `Microsoft.Network/virtualNetworkGateways/vgw-${NAME}`,
          `Microsoft.Network/networkInterfaces/nic-${NAME}-vm`,
          `Microsoft.Compute/virtualMachines/vm-${NAME}`,
          `Microsoft.Compute/disks/osdisk-${NAME}-vm`,
          `Microsoft.Network/localNetworkGateways/lgw-${NAME}-to-${peer}`,
          `Microsoft.Network/connections/cn-${NAME}-to-${peer}`,
        ].sort(),
      );
      // CRP creates the VM's OS disk untagged (teardown claims it through the VM); everything we PUT is tagged.
      for (const resource of resources.filter((r) => r.type !== 'Microsoft.Compute/disks')) {
        expect([resource.name, resource.tags]).toEqual([resource.name, TAGS]);
      }

      const site = plan[cloud];
      const vnet = named(resources, 'Microsoft.Network/virtualNetworks', `vnet-${NAME}`);
      expect(props(vnet).addressSpace).toEqual({ addressPrefixes: site.addressSpace });
      const subnets = (props(vnet).subnets as { name: string; properties: { addressPrefix: string } }[]).map((s) => [
        s.name,
        s.properties.addressPrefix,
      ]);
      expect(subnets.sort()).toEqual(
        [
          ['GatewaySubnet', site.gatewaySubnet],
          [`snet-${NAME}-workload`, site.workloadSubnet],
        ].sort(),
      );
      const gateway = named(resources, 'Microsoft.Network/virtualNetworkGateways', `vgw-${NAME}`);
      expect(props(gateway)).toMatchObject({
        gatewayType: 'Vpn',
        vpnType: 'RouteBased',
        sku: { name: site.gatewaySku },
        provisioningState: 'Succeeded',
      });
      const vm = named(resources, 'Microsoft.Compute/virtualMachines', `vm-${NAME}`);
      expect(props(vm)).toMatchObject({ hardwareProfile: { vmSize: site.vm.size } });
      // The peer's local network gateway points at this cloud's gateway and covers its address space.
      const pip = named(resources, 'Microsoft.Network/publicIPAddresses', `pip-${NAME}-vgw`);
      const otherCloud: Cloud = cloud === 'azure' ? 'azureStack' : 'azure';
      const lgw = named(
        await byCloud(otherCloud),
        'Microsoft.Network/localNetworkGateways',
        `lgw-${NAME}-to-${PEER_SLUG[otherCloud]}`,
      );
      expect(props(lgw)).toMatchObject({
        gatewayIpAddress: props(pip).ipAddress,
        localNetworkAddressSpace: { addressPrefixes: site.addressSpace },
      });
    }
    // Zone-redundant Azure SKUs need a Standard public IP.
    const azurePip = named(await byCloud('azure'), 'Microsoft.Network/publicIPAddresses', `pip-${NAME}-vgw`);
    expect(azurePip.sku?.name).toBe('Standard');
  });

  it('both connections carry the identical, explicit IPsec policy of the plan and read Connected', async () => {
    const connections = await Promise.all(
      CLOUDS.map(async (cloud) =>
        named(await byCloud(cloud), 'Microsoft.Network/connections', `cn-${NAME}-to-${PEER_SLUG[cloud]}`),
      ),
    );
    for (const connection of connections) {
      expect(props(connection)).toMatchObject({
        connectionType: 'IPsec',
        connectionProtocol: 'IKEv2',
        ipsecPolicies: [plan.connection.ipsecPolicy],
      });
    }
    // Both hold the key Key Vault has (read through ARM's own /sharedkey, as an operator would).
    const vaulted = (await operator.secrets.getSecret(`hc-${NAME}-psk`)).value;
    expect(vaulted).toMatch(/^[\x21-\x7e]{32,128}$/);
    const group = `rg-${NAME}-hybrid`;
    const azureKey = await operator.azureNetwork.virtualNetworkGatewayConnections.getSharedKey(
      group,
      `cn-${NAME}-to-azurestack`,
    );
    const stackKey = await operator.stackNetwork.virtualNetworkGatewayConnections.getSharedKey(
      group,
      `cn-${NAME}-to-azure`,
    );
    expect([azureKey.value, stackKey.value]).toEqual([vaulted, vaulted]);
    // connectionStatus as ARM's GET of each connection reports it.
    const read = await Promise.all([
      operator.azureNetwork.virtualNetworkGatewayConnections.get(group, `cn-${NAME}-to-azurestack`),
      operator.stackNetwork.virtualNetworkGatewayConnections.get(group, `cn-${NAME}-to-azure`),
    ]);
    expect(read.map((connection) => connection.connectionStatus)).toEqual(['Connected', 'Connected']);
    expect(props(connections[0]).ipsecPolicies).toEqual(props(connections[1]).ipsecPolicies);
    expect(final.connection).toMatchObject({
      state: 'connected',
      connectionStatus: { azure: 'Connected', azureStack: 'Connected' },
    });
  });

  it('the ping from the Azure VM across the tunnel passed', async () => {
    expect(final.connection.verify).toMatchObject({ state: 'succeeded', reachable: true });
    expect(final.connection.verify.packetsSent).toBeGreaterThan(0);
    expect(final.connection.verify.packetsReceived).toBe(final.connection.verify.packetsSent);
    const runCommands = await simRequests(serve, 'service=azure&method=POST&path=runCommand');
    expect(runCommands.filter((r) => r.status < 300).length).toBeGreaterThanOrEqual(1);
  });

  it('events arrived in order as valid CloudEvents 1.0 with stable, deterministic ids', async () => {
    const stored = await simEvents(serve, hasEvent(`hc-${NAME}/succeeded/all`));
    const events = stored.map((e) => e.event as Record<string, unknown>);
    const ids = events.map((e) => e.id);
    const stage = (type: string, cloud: string): string => `hc-${NAME}/${type}/${cloud}`;
    expect([...ids].sort()).toEqual(
      [
        stage('started', 'all'),
        stage('gateway', 'azure'),
        stage('gateway', 'azureStack'),
        stage('site', 'azure'),
        stage('site', 'azureStack'),
        stage('connection', 'azure'),
        stage('connection', 'azureStack'),
        stage('succeeded', 'all'),
      ].sort(),
    );
    expect(ids[0]).toBe(stage('started', 'all'));
    expect(ids.at(-1)).toBe(stage('succeeded', 'all'));
    const at = (id: string): number => ids.indexOf(id);
    for (const cloud of CLOUDS) {
      expect(at(stage('gateway', cloud))).toBeLessThan(at(stage('site', cloud)));
      for (const other of CLOUDS) expect(at(stage('site', other))).toBeLessThan(at(stage('connection', cloud)));
    }
    let previousTime = 0;
    for (const event of events) {
      const [, eventStage, cloud] = String(event.id).split('/');
      expect(event).toMatchObject({
        specversion: '1.0',
        source: expect.stringMatching(/^\S+$/) as unknown,
        type: expect.stringMatching(/^HybridConnection\.[A-Za-z]+\.[A-Za-z]+$/) as unknown,
        subject: `connections/${NAME}/${cloud}/${eventStage}`,
        datacontenttype: 'application/json',
      });
      expect(typeof event.data).toBe('object');
      const time = Date.parse(String(event.time));
      expect(String(event.time)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect(time).toBeGreaterThanOrEqual(previousTime);
      previousTime = time;
    }
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'HybridConnection.Provisioning.Started',
        'HybridConnection.Gateway.Ready',
        'HybridConnection.Site.Ready',
        'HybridConnection.Connection.Connected',
        'HybridConnection.Provisioning.Succeeded',
      ]),
    );
    // The status names the same events.
    expect([...final.events].sort()).toEqual([...ids].sort());
  });

  it('GET /api/connections lists the connection', async () => {
    const list = await serve.api('GET', '/api/connections');
    expect(list.status).toBe(200);
    expect((list.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ name: NAME, instanceId: `hc-${NAME}`, runtimeStatus: 'Completed' }),
    ]);
  });

  it('DELETE removes exactly the tagged resources of this connection, and keeps a group holding others', async () => {
    const group = `rg-${NAME}-hybrid`;
    const pipBody = (tags: Record<string, string>) => ({
      location: 'westeurope',
      sku: { name: 'Standard' },
      publicIPAllocationMethod: 'Static',
      tags,
    });
    // Another team's resource and another connection's resource in the same group: both must stay, and so the group.
    await operator.azureNetwork.publicIPAddresses.beginCreateOrUpdateAndWait(group, 'pip-unmanaged', pipBody({}));
    await operator.azureNetwork.publicIPAddresses.beginCreateOrUpdateAndWait(
      group,
      'pip-other-connection',
      pipBody({ 'managed-by': 'hybrid-connection', 'hc-instance': 'hc-fabrikam' }),
    );
    const tagged: Record<Cloud, string[]> = {
      azure: (await byCloud('azure'))
        .filter(
          (r) =>
            (r.tags?.['hc-instance'] === `hc-${NAME}` && r.type !== 'Microsoft.Resources/resourceGroups') ||
            r.name === `osdisk-${NAME}-vm`,
        )
        .map((r) => r.id.toLowerCase()),
      azureStack: (await byCloud('azureStack')).map((r) => r.id.toLowerCase()),
    };

    const answer = await serve.api('DELETE', `/api/connections/${NAME}`);
    expect(answer.status).toBe(202);
    const done = await waitForTeardown(serve, NAME);
    expect(done.teardown?.runtimeStatus).toBe('Completed');
    for (const cloud of CLOUDS) {
      expect((done.teardown?.deleted[cloud] ?? []).map((id) => id.toLowerCase()).sort()).toEqual(tagged[cloud].sort());
    }
    expect((await byCloud('azure')).map((r) => r.name).sort()).toEqual(
      [group, 'pip-other-connection', 'pip-unmanaged'].sort(),
    );
    expect(await byCloud('azureStack')).toEqual([]);
    const events = await simEvents(serve, hasEvent(`hc-${NAME}/teardown/all`));
    expect(events.at(-1)).toMatchObject({
      id: `hc-${NAME}/teardown/all`,
      type: 'HybridConnection.Teardown.Completed',
    });
  });

  it('no secret (shared key, client secret, Event Grid key, host keys) is in the task hub, logs, events or answers', async () => {
    const sim = serve.ready.simulator;
    const sharedKey = (await operator.secrets.getSecret(`hc-${NAME}-psk`)).value ?? '';
    const events = JSON.stringify(await simEvents(serve));
    const keysFile = JSON.parse(readFileSync(join(serve.dataDir, 'keys.json'), 'utf8')) as unknown;
    const hostKeys = collectStrings(keysFile).filter((value) => value.length >= 20);
    const secrets: Record<string, string> = {
      sharedKey,
      clientSecret: sim.identity.clientSecret,
      eventGridKey: sim.eventGrid.key,
      ...Object.fromEntries(hostKeys.map((key, index) => [`hostKey${index}`, key])),
    };
    expect(Object.keys(secrets).length).toBeGreaterThanOrEqual(7);
    for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(16);

    // History and status through the Durable HTTP API too (input, outputs, custom status), every instance of the run.
    const systemKey = (keysFile as { system: { durabletask_extension: string } }).system.durabletask_extension;
    const webhook = `${serve.ready.url}/runtime/webhooks/durabletask/instances`;
    const listed = (await (await fetch(webhook, { headers: { 'x-functions-key': systemKey } })).json()) as {
      instanceId: string;
    }[];
    const instanceIds = listed.map((instance) => instance.instanceId);
    // The connection, its two sites, the teardown and its two sites.
    expect(instanceIds.length).toBeGreaterThanOrEqual(6);
    const durable = await Promise.all(
      instanceIds.map(async (id) => {
        const url = `${webhook}/${encodeURIComponent(id)}?showHistory=true&showHistoryOutput=true&showInput=true`;
        const response = await fetch(url, { headers: { 'x-functions-key': systemKey } });
        return { id, status: response.status, text: await response.text() };
      }),
    );
    expect(durable.map((d) => d.status)).toEqual(durable.map(() => 200));
    const durableText = durable.map((d) => d.text).join('\n');
    expect(durableText).toContain('"historyEvents"');

    // A clean stop flushes the task hub (SQLite WAL) before it is read.
    expect(await serve.stop('SIGTERM')).toBe(0);
    const hub = dumpTaskHub(join(serve.dataDir, 'HybridConnection.sqlite'));
    // The scan would be worthless on an empty hub: it holds this run's history and custom status.
    expect(hub).toContain('hc-contoso');
    expect(hub).toContain('provisionHybridConnection');
    expect(hub).toContain('publishEvent');
    expect(hub).toContain('ipsecPolicy');
    const rawFiles = readdirSync(serve.dataDir)
      .filter((file) => file.includes('.sqlite') || file.endsWith('.json') || file.startsWith('host.log'))
      .filter((file) => file !== 'keys.json')
      .map((file) => readFileSync(join(serve.dataDir, file)).toString('latin1'))
      .join('\n');
    // The invocation log (host.log) is among them, and holds this run: the scan of it is not vacuous either.
    expect(rawFiles).toContain('"functionName":"provisionHybridConnection","invocationId"');
    expect(rawFiles).toContain('"instanceId":"hc-contoso"');
    const logs = serve.stdout().replace(serve.readyText, '') + serve.stderr();
    expect(logs).toContain('POST /api/connections -> 202');
    const answers = serve.answers.map((a) => `${a.status} ${JSON.stringify(a.headers)} ${a.text}`).join('\n');
    expect(serve.answers.length).toBeGreaterThan(10);

    const places: Record<string, string> = { hub, rawFiles, durable: durableText, logs, events, answers };
    const found: string[] = [];
    for (const [place, text] of Object.entries(places)) {
      for (const [secret, value] of Object.entries(secrets))
        if (text.includes(value)) found.push(`${secret} in ${place}`);
    }
    expect(found).toEqual([]);
    // And the ready line, where keys are meant to be, is all that ever went to stdout.
    expect(serve.stdout().trim().split('\n')).toEqual([serve.readyText]);
  });
});

/** Every table of the task hub, every row, every column, as text. */
function dumpTaskHub(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.length).toBeGreaterThan(0);
    return tables
      .map(({ name }) => {
        const rows = db.prepare(`SELECT * FROM "${name}"`).all();
        return `${name}: ${rows.map((row) => Object.values(row).map(textOf).join(' | ')).join('\n')}`;
      })
      .join('\n');
  } finally {
    db.close();
  }
}

function textOf(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

function collectStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(collectStrings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(collectStrings);
  return [];
}
