// The pure pieces behind `serve` and `demo`: app settings for a simulator, NO_PROXY, server.json, the package root,
// the plan adapted to the simulator, progress lines and the summary. No process, no network.
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionView } from '../../cli/client/apiTypes';
import { ProgressTracker, formatDuration } from '../../cli/demo/progressLines';
import { DemoPlanError, planForSimulator } from '../../cli/demo/simulatedPlan';
import { summaryText } from '../../cli/demo/summaryText';
import { packageRoot } from '../../cli/packageRoot';
import { noProxyWithLoopback, setProcessEnvironment } from '../../cli/processEnvironment';
import { readServerFile, removeServerFile, writeServerFile } from '../../cli/serverFile';
import { appSettingsForSimulator } from '../../cli/simulatorSettings';
import { configuredStamps, SETTING_NAMES } from '../../lib/settings';

const ORIGIN = 'https://127.0.0.1:4443';
const sim = {
  azure: {
    armEndpoint: `${ORIGIN}/azure`,
    subscriptionId: '11111111-1111-4111-8111-111111111111',
    audience: 'https://management.azure.com/',
    authorityHost: ORIGIN,
    tenantId: '22222222-2222-4222-8222-222222222222',
    location: 'westeurope',
  },
  azureStack: {
    armEndpoint: `${ORIGIN}/azurestack`,
    subscriptionId: '33333333-3333-4333-8333-333333333333',
    audience: 'https://management.stack/x',
    authorityHost: ORIGIN,
    tenantId: '22222222-2222-4222-8222-222222222222',
    location: 'local',
  },
  identity: {
    authorityHost: ORIGIN,
    tenantId: '22222222-2222-4222-8222-222222222222',
    clientId: '44444444-4444-4444-8444-444444444444',
    clientSecret: 'secret-value-0123456789',
    clientCertificatePath: '/data/principal-cert.pem',
  },
  keyVaultUrl: `${ORIGIN}/`,
  eventGrid: { endpoint: `${ORIGIN}/eventgrid/api/events`, key: 'eg-key' },
  caCertPath: '/data/ca.pem',
};

describe('appSettingsForSimulator', () => {
  it('sets every app setting but the ticket event type and the certificate ones, all pointing at the simulator', () => {
    const settings = appSettingsForSimulator(sim);
    expect(Object.keys(settings).sort()).toEqual(
      [
        // The simulator's principal signs in with its secret here; certificates are the other way, never both.
        ...SETTING_NAMES.filter(
          (n) => n !== 'HC_TICKET_EVENT_TYPE' && n !== 'HC_AUTH_MODE' && !n.includes('_CLIENT_CERTIFICATE_'),
        ),
        'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT',
        'HC_SIMULATOR_DATA',
      ].sort(),
    );
    expect(settings).toMatchObject({
      HC_AZURE_ARM_ENDPOINT: `${ORIGIN}/azure`,
      HC_AZURE_AUTHORITY_HOST: ORIGIN,
      HC_AZURESTACK_TENANT_ID: sim.azureStack.tenantId,
      HC_AZURESTACK_CLIENT_SECRET: sim.identity.clientSecret,
      HC_KEY_VAULT_URL: `${ORIGIN}/`,
      HC_EVENT_GRID_KEY: 'eg-key',
      HC_CA_CERT_FILE: '/data/ca.pem',
      FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '131072',
    });
  });

  it('signs both clouds in with the certificate file instead of the secret when asked', () => {
    const settings = appSettingsForSimulator(sim, 'certificate');
    expect(settings).toMatchObject({
      HC_AZURE_CLIENT_ID: sim.identity.clientId,
      HC_AZURE_CLIENT_CERTIFICATE_PATH: '/data/principal-cert.pem',
      HC_AZURESTACK_CLIENT_ID: sim.identity.clientId,
      HC_AZURESTACK_CLIENT_CERTIFICATE_PATH: '/data/principal-cert.pem',
    });
    expect(Object.keys(settings).filter((name) => name.endsWith('_SECRET'))).toEqual([]);
    expect(JSON.stringify(settings)).not.toContain(sim.identity.clientSecret);
  });
});

describe('appSettingsForSimulator with several stamps', () => {
  it('configures every stamp (local, local2, local3), each with its own endpoint and audience, as the app reads it', () => {
    const stamp = (n: number) => ({
      ...sim.azureStack,
      armEndpoint: `${ORIGIN}/azurestack${n}`,
      subscriptionId: `3333333${n}-3333-4333-8333-333333333333`,
      audience: `https://management.stack/${n}`,
    });
    const settings = appSettingsForSimulator({ ...sim, azureStackStamps: [sim.azureStack, stamp(2), stamp(3)] });
    const stamps = configuredStamps({ ...settings });
    expect(
      stamps.map(({ id, armEndpoint, authority, audience }) => ({ id, armEndpoint, authority, audience })),
    ).toEqual([
      { id: 'local', armEndpoint: `${ORIGIN}/azurestack`, authority: ORIGIN, audience: sim.azureStack.audience },
      { id: 'local2', armEndpoint: `${ORIGIN}/azurestack2`, authority: ORIGIN, audience: 'https://management.stack/2' },
      { id: 'local3', armEndpoint: `${ORIGIN}/azurestack3`, authority: ORIGIN, audience: 'https://management.stack/3' },
    ]);
    // One stamp (the first) is what a single-stamp simulator gives: the same setting as before there were several.
    expect(appSettingsForSimulator({ ...sim, azureStackStamps: [sim.azureStack] }).HC_AZURESTACK_STAMPS).toBe(
      appSettingsForSimulator(sim).HC_AZURESTACK_STAMPS,
    );
  });
});

describe('process environment', () => {
  it('adds the loopback names to NO_PROXY once, keeping what is there', () => {
    expect(noProxyWithLoopback(undefined)).toBe('127.0.0.1,localhost');
    expect(noProxyWithLoopback('corp.example, localhost')).toBe('corp.example,localhost,127.0.0.1');
  });

  it('sets variables and puts the previous values back', () => {
    process.env.HC_TEST_KEEP = 'before';
    delete process.env.HC_TEST_NEW;
    const restore = setProcessEnvironment({ HC_TEST_KEEP: 'during', HC_TEST_NEW: 'x', HC_TEST_SKIP: undefined });
    expect([process.env.HC_TEST_KEEP, process.env.HC_TEST_NEW]).toEqual(['during', 'x']);
    restore();
    expect([process.env.HC_TEST_KEEP, process.env.HC_TEST_NEW, process.env.HC_TEST_SKIP]).toEqual([
      'before',
      undefined,
      undefined,
    ]);
    delete process.env.HC_TEST_KEEP;
  });
});

describe('server.json', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hc-serverfile-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is written as {url, pid} and removed only by the process it names', () => {
    writeServerFile(dir, 'http://127.0.0.1:7071', 4242);
    expect(JSON.parse(readFileSync(join(dir, 'server.json'), 'utf8'))).toEqual({
      url: 'http://127.0.0.1:7071',
      pid: 4242,
    });
    expect(readServerFile(dir)).toEqual({ url: 'http://127.0.0.1:7071', pid: 4242 });
    removeServerFile(dir, 1);
    expect(existsSync(join(dir, 'server.json'))).toBe(true);
    removeServerFile(dir, 4242);
    expect(existsSync(join(dir, 'server.json'))).toBe(false);
    expect(readServerFile(dir)).toBeUndefined();
  });
});

describe('packageRoot', () => {
  it('finds the folder of this package.json from deep inside it', () => {
    const root = packageRoot(join(__dirname, 'some', 'nested', 'folder'));
    expect(existsSync(join(root, 'host.json'))).toBe(true);
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string }).name).toBe(
      'hybrid-connection',
    );
  });
});

describe('planForSimulator', () => {
  it("points the plan at the simulator's subscriptions and stamp, keeps the rest, drops $schema", () => {
    const plan = {
      $schema: '../lib/plan/plan.schema.json',
      name: 'contoso',
      azure: { subscriptionId: 'a', location: 'westeurope', addressSpace: ['10.100.0.0/16'] },
      azureStack: {
        subscriptionId: 'b',
        armEndpoint: 'https://management.local.azurestack.external',
        location: 'local',
      },
      connection: { sharedKeySecretName: 'hc-contoso-psk' },
    };
    expect(planForSimulator(plan, sim)).toEqual({
      name: 'contoso',
      azure: { subscriptionId: sim.azure.subscriptionId, location: 'westeurope', addressSpace: ['10.100.0.0/16'] },
      azureStack: {
        subscriptionId: sim.azureStack.subscriptionId,
        armEndpoint: `${ORIGIN}/azurestack`,
        location: 'local',
      },
      connection: { sharedKeySecretName: 'hc-contoso-psk' },
    });
  });

  it("puts a fleet's site i on the simulator's stamp i, named by that stamp's endpoint alone", () => {
    const stamp2 = { armEndpoint: `${ORIGIN}/azurestack2`, subscriptionId: '44444444-4444-4444-8444-444444444444' };
    const stamps = [{ armEndpoint: sim.azureStack.armEndpoint, subscriptionId: sim.azureStack.subscriptionId }, stamp2];
    const site = (name: string) => ({ name, stamp: 'local', subscriptionId: 'b', location: 'local' });
    const plan = {
      name: 'contoso',
      azure: { subscriptionId: 'a' },
      azureStack: [site('north'), site('south'), site('east')],
    };
    expect(planForSimulator(plan, { ...sim, azureStackStamps: stamps }).azureStack).toEqual([
      {
        name: 'north',
        subscriptionId: sim.azureStack.subscriptionId,
        armEndpoint: `${ORIGIN}/azurestack`,
        location: 'local',
      },
      { name: 'south', ...stamp2, location: 'local' },
      // More sites than stamps: they take turns.
      {
        name: 'east',
        subscriptionId: sim.azureStack.subscriptionId,
        armEndpoint: `${ORIGIN}/azurestack`,
        location: 'local',
      },
    ]);
  });

  it('refuses something that is not a plan', () => {
    expect(() => planForSimulator([], sim)).toThrow(DemoPlanError);
    expect(() => planForSimulator({ azure: {} }, sim)).toThrow(/azureStack/);
  });
});

function view(partial: Partial<ConnectionView>): ConnectionView {
  return {
    name: 'contoso',
    instanceId: 'hc-contoso',
    runtimeStatus: 'Running',
    createdTime: '',
    lastUpdatedTime: '',
    now: '',
    phase: 'sites',
    stages: { azure: {}, azureStack: {} },
    connection: { state: 'pending', connectionStatus: {}, verify: { state: 'pending' } },
    events: [],
    error: null,
    teardown: null,
    summary: null,
    addresses: { azure: {}, azureStack: {} },
    ...partial,
  };
}

const GATEWAY_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/vgw-contoso';
const CONNECTION_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/connections/cn-contoso-to-azure';

describe('ProgressTracker', () => {
  it('prints a line per cloud and stage when its state changes, never for pending, never twice', () => {
    const tracker = new ProgressTracker();
    const running = view({
      stages: {
        azure: { gateway: { state: 'running', detail: 'Updating' } },
        azureStack: { gateway: { state: 'pending' } },
      },
    });
    expect(tracker.update(running, '+01m00s')).toEqual(['+01m00s  azure       gateway              running  Updating']);
    expect(tracker.update(running, '+02m00s')).toEqual([]);
    const done = view({
      stages: { azure: { gateway: { state: 'succeeded', resourceId: GATEWAY_ID } }, azureStack: {} },
      connection: { state: 'connecting', connectionStatus: { azure: 'Connecting' }, verify: { state: 'pending' } },
    });
    expect(tracker.update(done, '+40m00s')).toEqual([
      '+40m00s  azure       gateway              succeeded  vgw-contoso',
      '+40m00s  link        tunnel               connecting (azure Connecting)',
    ]);
  });

  it('formats virtual durations', () => {
    expect(formatDuration(0)).toBe('00m00s');
    expect(formatDuration(61_000)).toBe('01m01s');
    expect(formatDuration(3_725_000)).toBe('1h02m05s');
  });
});

describe('summaryText', () => {
  it('lists each resource once, the tunnel, the ping, the events and both times', () => {
    const lines = summaryText({
      view: view({
        runtimeStatus: 'Completed',
        stages: {
          azure: {},
          azureStack: {
            gateway: { state: 'succeeded', resourceId: GATEWAY_ID },
            connection: { state: 'succeeded', resourceId: CONNECTION_ID },
            tunnel: { state: 'succeeded', resourceId: CONNECTION_ID },
          },
        },
        connection: {
          state: 'connected',
          connectionStatus: { azure: 'Connected', azureStack: 'Connected' },
          verify: { state: 'succeeded', reachable: true, packetsSent: 4, packetsReceived: 4 },
        },
      }),
      events: [{ id: 'hc-contoso/started/all', type: 'HybridConnection.Provisioning.Started' }],
      virtualMs: 5_400_000,
      wallMs: 5_500,
      timeScale: 1000,
    });
    const text = lines.join('\n');
    expect(text).toContain(
      'contoso: connected (Completed) in 1h30m00s of virtual time, 5.5 s of wall time (time scale 1000)',
    );
    expect(text).toContain('  azure: none');
    expect(lines.filter((line) => line.includes('connections/cn-contoso-to-azure'))).toHaveLength(1);
    expect(text).toContain('Tunnel: connected (azure: Connected, azureStack: Connected)');
    expect(text).toContain('Ping across the tunnel: succeeded, reachable, 4/4 packets back');
    expect(text).toMatch(
      /Events published \(1, .*\)\n {2}HybridConnection\.Provisioning\.Started\s+hc-contoso\/started\/all/,
    );
  });

  it('names the failure: code, cloud, stage, hint', () => {
    const text = summaryText({
      view: view({
        runtimeStatus: 'Failed',
        error: {
          code: 'GatewayAllocationFailed',
          message: 'no capacity',
          cloud: 'azure',
          stage: 'gateway',
          hint: 'retry',
        },
      }),
      events: [],
      virtualMs: 0,
      wallMs: 0,
      timeScale: 1,
    }).join('\n');
    expect(text).toContain('contoso: FAILED (Failed)');
    expect(text).toContain('error: GatewayAllocationFailed at azure / gateway: no capacity');
    expect(text).toContain('hint: retry');
  });
});
