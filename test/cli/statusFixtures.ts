// Domain statuses as `GET /api/connections/{name}` sends them, at chosen moments of a run, for the rendering tests.
// Times are fixed so every rendering is deterministic.

export const T0 = Date.parse('2030-01-01T10:00:00.000Z');
export const MIN = 60_000;

export function at(offsetMs: number): string {
  return new Date(T0 + offsetMs).toISOString();
}

const SITE_STAGES = ['resourceGroup', 'virtualNetwork', 'publicIp', 'gateway', 'networkInterface', 'virtualMachine'];
const LINK_STAGES = ['localNetworkGateway', 'connection', 'tunnel'];

export function done(startMin: number, endMin: number, resource?: string): Record<string, unknown> {
  return {
    state: 'succeeded',
    startedAt: at(startMin * MIN),
    endedAt: at(endMin * MIN),
    ...(resource ? { resourceId: `/subscriptions/s/resourceGroups/rg/providers/${resource}` } : {}),
  };
}

function pendingMap(stages: string[]): Record<string, unknown> {
  return Object.fromEntries(stages.map((stage) => [stage, { state: 'pending' }]));
}

/** Twelve minutes in: both gateways building (Azure's still 'Updating'), everything before them done. */
export function runningStatus(name = 'contoso'): Record<string, unknown> {
  const site = (cloud: string): Record<string, unknown> => ({
    ...pendingMap([...SITE_STAGES, ...LINK_STAGES, ...(cloud === 'azure' ? ['verify'] : [])]),
    resourceGroup: done(0, 0.1, 'rg'),
    virtualNetwork: done(0.1, 0.5, 'Microsoft.Network/virtualNetworks/vnet'),
    publicIp: done(0.5, 0.6, 'Microsoft.Network/publicIPAddresses/pip'),
    networkInterface: done(0.5, 0.6, 'Microsoft.Network/networkInterfaces/nic'),
    gateway: { state: 'running', startedAt: at(0.6 * MIN), detail: 'Updating' },
    virtualMachine:
      cloud === 'azure'
        ? done(0.6, 3, 'Microsoft.Compute/virtualMachines/vm')
        : { state: 'running', startedAt: at(0.6 * MIN), detail: 'Creating' },
  });
  return {
    name,
    instanceId: `hc-${name}`,
    runtimeStatus: 'Running',
    createdTime: at(0),
    lastUpdatedTime: at(12 * MIN),
    phase: 'sites',
    statusUrl: `/api/connections/${name}`,
    stages: { azure: site('azure'), azureStack: site('azureStack') },
    connection: { state: 'pending', verify: { state: 'pending' } },
    events: [`hc-${name}/started/all`],
    error: null,
    rollback: null,
    teardown: null,
    summary: null,
  };
}

/** The same run, finished: every stage done, tunnel Connected, ping passed, summary with addresses. */
export function completedStatus(name = 'contoso'): Record<string, unknown> {
  const site = (cloud: string): Record<string, unknown> => ({
    resourceGroup: done(0, 0.1, 'rg'),
    virtualNetwork: done(0.1, 0.5, 'Microsoft.Network/virtualNetworks/vnet'),
    publicIp: done(0.5, 0.6, 'Microsoft.Network/publicIPAddresses/pip'),
    gateway: done(0.6, cloud === 'azure' ? 38 : 16, 'Microsoft.Network/virtualNetworkGateways/vgw'),
    networkInterface: done(0.5, 0.6, 'Microsoft.Network/networkInterfaces/nic'),
    virtualMachine: done(0.6, 3, 'Microsoft.Compute/virtualMachines/vm'),
    localNetworkGateway: done(38, 38.5, 'Microsoft.Network/localNetworkGateways/lgw'),
    connection: done(38.5, 40, 'Microsoft.Network/connections/cn'),
    tunnel: done(40, 41),
    ...(cloud === 'azure' ? { verify: done(41, 42) } : {}),
  });
  return {
    ...runningStatus(name),
    runtimeStatus: 'Completed',
    phase: 'succeeded',
    lastUpdatedTime: at(42 * MIN),
    stages: { azure: site('azure'), azureStack: site('azureStack') },
    connection: {
      state: 'connected',
      connectionStatus: { azure: 'Connected', azureStack: 'Connected' },
      verify: { state: 'succeeded', reachable: true, packetsSent: 4, packetsReceived: 4 },
    },
    events: [
      `hc-${name}/started/all`,
      `hc-${name}/gateway/azureStack`,
      `hc-${name}/site/azureStack`,
      `hc-${name}/gateway/azure`,
      `hc-${name}/site/azure`,
      `hc-${name}/connection/azure`,
      `hc-${name}/connection/azureStack`,
      `hc-${name}/succeeded/all`,
    ],
    summary: {
      name,
      sites: {
        azure: { gatewayPublicIp: '20.1.2.3', vmPrivateIp: '10.100.1.4' },
        azureStack: { gatewayPublicIp: '203.0.113.7', vmPrivateIp: '10.200.1.4' },
      },
    },
  };
}

/** Azure Stack Hub's gateway failed 14 minutes in with an ARM code and a hint. */
export function failedStatus(name = 'contoso'): Record<string, unknown> {
  const running = runningStatus(name);
  const stages = running.stages as Record<string, Record<string, unknown>>;
  stages.azureStack.gateway = {
    state: 'failed',
    startedAt: at(0.6 * MIN),
    endedAt: at(14 * MIN),
    detail: 'Failed',
  };
  return {
    ...running,
    runtimeStatus: 'Failed',
    phase: 'failed',
    lastUpdatedTime: at(14 * MIN),
    error: {
      code: 'VirtualNetworkGatewayProvisioningFailed',
      message: 'The gateway could not be provisioned.',
      cloud: 'azureStack',
      stage: 'gateway',
      hint: 'check the stamp capacity for gateways, then rerun',
    },
  };
}

/** The failed run where both clouds failed: `error` is the first failure, `errors` lists both (as the API sends). */
export function failedInBothCloudsStatus(name = 'contoso'): Record<string, unknown> {
  const failed = failedStatus(name);
  const first = {
    code: 'QuotaExceeded',
    message: 'azure virtualMachine failed with QuotaExceeded (HTTP 409).',
    cloud: 'azure',
    stage: 'virtualMachine',
    httpStatus: 409,
    hint: 'raise the quota (VM cores, public IPs) in the portal, or choose a smaller vm.size',
  };
  return { ...failed, error: first, errors: [first, failed.error] };
}
