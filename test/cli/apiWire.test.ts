// The connections API's JSON as one interface: the field names scripts read (as README's HTTP API lists them) stay,
// and what functions/ builds the CLI reads back whole, through JSON, into its views.
import { parseConnectionView, parseListPage, type ConnectionView } from '../../cli/client/apiTypes';
import { getConnection, listConnections } from '../../functions/connectionService';
import type {
  ConnectionListBody,
  ConnectionStatusBody,
  FailureInfo,
  ProvisionSummary,
} from '../../lib/api/connectionStatus';
import type { ConnectionStatus, TeardownStatus } from '../../orchestrations/statusTypes';
import { MemoryStore } from '../functions/memoryStore';

const AZURE_FAILED: FailureInfo = {
  code: 'QuotaExceeded',
  message: 'azure virtualMachine failed with QuotaExceeded (HTTP 409).',
  cloud: 'azure',
  stage: 'virtualMachine',
  httpStatus: 409,
  hint: 'raise the quota',
};
const STACK_FAILED: FailureInfo = {
  code: 'TunnelNotConnectedError',
  message: 'the tunnel did not connect',
  cloud: 'azureStack',
  stage: 'tunnel',
  diagnosis: 'sharedKeyMismatch',
};

function customStatus(fields: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    kind: 'connection',
    phase: 'tunnel',
    stages: {
      azure: {
        gateway: { state: 'succeeded', startedAt: '2025-03-01T08:01:00.000Z', endedAt: '2025-03-01T08:38:00.000Z' },
        connection: { state: 'running', startedAt: '2025-03-01T08:39:00.000Z', detail: 'Connecting' },
      },
      azureStack: { virtualNetwork: { state: 'succeeded', resourceId: '/subscriptions/s/resourceGroups/rg/vnet' } },
    },
    tunnel: { state: 'connecting', connectionStatus: { azure: 'Connecting' }, diagnosis: 'unknown' },
    verify: { state: 'running', reachable: false, packetsSent: 4, packetsReceived: 0 },
    events: ['hc-contoso/started/all', 'hc-contoso/gateway/azure'],
    addresses: { azure: { vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.1.2.3' } },
    ...fields,
  };
}

const SUMMARY: ProvisionSummary = {
  name: 'contoso',
  instanceId: 'hc-contoso',
  sites: {
    azure: site('azure', '10.100.1.4', '20.1.2.3'),
    azureStack: site('azureStack', '10.200.1.4', '203.0.113.7'),
  },
  connections: {
    azure: { id: 'cn-a', localNetworkGatewayId: 'lgw-a', connectionStatus: 'Connected' },
    azureStack: { id: 'cn-s', localNetworkGatewayId: 'lgw-s', connectionStatus: 'Connected' },
  },
  sharedKey: { secretName: 'hc-contoso-psk', version: 'v1' },
  connectivity: { verified: true, packetsSent: 4, packetsReceived: 4 },
  events: ['hc-contoso/succeeded/all'],
};

function site(
  cloud: 'azure' | 'azureStack',
  vmPrivateIp: string,
  gatewayPublicIp: string,
): ProvisionSummary['sites']['azure'] {
  return {
    cloud,
    resourceGroupId: 'rg',
    virtualNetworkId: 'vnet',
    workloadSubnetId: 'snet',
    gatewaySubnetId: 'gw-snet',
    publicIpId: 'pip',
    gatewayId: 'vgw',
    gatewayPublicIp,
    networkInterfaceId: 'nic',
    vmId: 'vm',
    vmPrivateIp,
    addressSpace: ['10.0.0.0/16'],
  };
}

const TEARDOWN: TeardownStatus = {
  kind: 'teardown',
  clouds: { azure: { state: 'failed', deleted: ['/subscriptions/s/resourceGroups/rg/vm'] } },
  events: [],
  error: AZURE_FAILED,
  errors: [AZURE_FAILED, STACK_FAILED],
};

/** Each moment of a run as the store holds it: running, failed in both clouds, completed and then torn down. */
function stores(): Record<string, MemoryStore> {
  const running = new MemoryStore();
  running.put('hc-contoso', { customStatus: customStatus() });
  const failed = new MemoryStore();
  failed.put('hc-contoso', {
    runtimeStatus: 'Failed',
    customStatus: customStatus({ phase: 'failed', error: AZURE_FAILED, errors: [AZURE_FAILED, STACK_FAILED] }),
  });
  const tornDown = new MemoryStore();
  tornDown.put('hc-contoso', { runtimeStatus: 'Completed', output: SUMMARY, customStatus: customStatus() });
  tornDown.put('hc-contoso:teardown', {
    name: 'teardownHybridConnection',
    runtimeStatus: 'Failed',
    customStatus: TEARDOWN,
  });
  return { running, failed, tornDown };
}

async function wireStatus(store: MemoryStore): Promise<ConnectionStatusBody> {
  const result = await getConnection(store, 'contoso');
  expect(result.status).toBe(200);
  // Through JSON, as the HTTP answer carries it.
  return JSON.parse(JSON.stringify(result.body)) as ConnectionStatusBody;
}

function withoutNoErrors<T extends { errors: FailureInfo[] }>(holder: T): Omit<T, 'errors'> | T {
  const { errors, ...rest } = holder;
  return errors.length > 0 ? holder : rest;
}

describe('GET /api/connections/{name}', () => {
  it.each(Object.entries(stores()))('keeps every field README names (%s)', async (_moment, store) => {
    const body = await wireStatus(store);
    expect(Object.keys(body).sort()).toEqual(
      [
        'name',
        'instanceId',
        'runtimeStatus',
        'createdTime',
        'lastUpdatedTime',
        'now',
        'phase',
        'statusUrl',
        'stages',
        'sites',
        'hub',
        'connection',
        'events',
        'error',
        'errors',
        'rollback',
        'change',
        'teardown',
        'summary',
        'addresses',
        'preflight',
        'monitor',
        'rotations',
      ].sort(),
    );
    for (const cloud of ['azure', 'azureStack'] as const) {
      expect(
        Object.keys(body.addresses[cloud]).every((field) => ['vmPrivateIp', 'gatewayPublicIp'].includes(field)),
      ).toBe(true);
      for (const stage of Object.values(body.stages[cloud])) {
        for (const field of Object.keys(stage)) {
          expect(['state', 'startedAt', 'endedAt', 'resourceId', 'detail']).toContain(field);
        }
      }
    }
    for (const failure of [...body.errors, ...(body.teardown?.errors ?? [])]) {
      for (const field of Object.keys(failure)) {
        expect(['code', 'message', 'cloud', 'site', 'stage', 'httpStatus', 'hint', 'diagnosis']).toContain(field);
      }
    }
    if (body.teardown) {
      expect(Object.keys(body.teardown).sort()).toEqual(
        ['instanceId', 'runtimeStatus', 'createdTime', 'lastUpdatedTime', 'deleted', 'error', 'errors'].sort(),
      );
    }
  });

  it.each(Object.entries(stores()))(
    'reaches the CLI whole: its view is the wire document (%s)',
    async (_moment, store) => {
      const body = await wireStatus(store);
      const view: ConnectionView = parseConnectionView(body);
      // What the CLI leaves out (the link, the rollback) is named here; everything else arrives as sent.
      // The CLI leaves `errors` out when there is none (as older servers send it), and does not draw stage 0 yet,
      // nor each site of a fleet (it shows the first site, which `stages` has), nor a replacement's change.
      const {
        statusUrl: _link,
        rollback: _rollback,
        preflight: _preflight,
        sites: _sites,
        hub: _hub,
        change: _change,
        connection,
        teardown,
        ...shared
      } = body;
      expect(view).toEqual({
        ...withoutNoErrors(shared),
        connection: { connectionStatus: {}, ...connection },
        teardown: teardown === null ? null : withoutNoErrors(teardown),
      });
    },
  );
});

describe('GET /api/connections', () => {
  it('keeps every field of an item, and the CLI reads each one but the link', async () => {
    const store = new MemoryStore();
    store.put('hc-contoso', { customStatus: customStatus() });
    store.put('hc-fabrikam', { runtimeStatus: 'Completed', output: SUMMARY });
    const result = await listConnections(store, { top: '1' });
    const body = JSON.parse(JSON.stringify(result.body)) as ConnectionListBody;
    expect(body.continuationToken).toBe('contoso');
    expect(body.items.map((item) => Object.keys(item).sort())).toEqual([
      ['createdTime', 'instanceId', 'lastUpdatedTime', 'name', 'phase', 'runtimeStatus', 'statusUrl'],
    ]);
    const { statusUrl: _link, ...shown } = body.items[0];
    expect(body.now).toBe(store.time);
    expect(parseListPage(body)).toEqual({ items: [shown], continuationToken: 'contoso', now: store.time });
  });
});
