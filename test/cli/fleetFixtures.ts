// A fleet's status (one Azure hub, three Azure Stack Hub sites) as `GET /api/connections/{name}` sends it, for the
// status page and CLI rendering tests: forty minutes in, north Connected and pinged, south's tunnel connecting, east's
// gateway failed; then the same fleet completed, and one whose replacing run removes a fourth site. Shaped like the
// documents `serve --simulate --stamps 3` answers (test/e2e/fleet.test.ts); times fixed on the statusFixtures clock.
import { at, done, MIN } from './statusFixtures';

export const FLEET_SITES = ['north', 'south', 'east'] as const;

const SITE_STAGES = ['resourceGroup', 'virtualNetwork', 'publicIp', 'gateway', 'networkInterface', 'virtualMachine'];

type StageMap = Record<string, Record<string, unknown>>;

function builtSite(): StageMap {
  return Object.fromEntries(SITE_STAGES.map((stage, index) => [stage, done(index * 2, index * 2 + 2)]));
}

function pending(...stages: string[]): StageMap {
  return Object.fromEntries(stages.map((stage) => [stage, { state: 'pending' }]));
}

/** A site whose tunnel reads Connected on both ends and whose VM answered the hub VM's ping. */
function connectedSite(octet: number): Record<string, unknown> {
  return {
    stages: {
      azure: {
        localNetworkGateway: done(12, 13),
        connection: done(38, 39),
        tunnel: done(39, 40),
        verify: done(40, 41),
      },
      azureStack: { ...builtSite(), localNetworkGateway: done(12, 13), connection: done(13, 39), tunnel: done(39, 40) },
    },
    tunnel: { state: 'connected', connectionStatus: { azure: 'Connected', azureStack: 'Connected' } },
    verify: { state: 'succeeded', reachable: true, packetsSent: 4, packetsReceived: 4 },
    addresses: { vmPrivateIp: `10.${octet}.1.4`, gatewayPublicIp: `203.0.113.${octet - 190}` },
  };
}

/** South: both connections made, the tunnel still connecting on the hub's end. */
function connectingSite(): Record<string, unknown> {
  return {
    stages: {
      azure: {
        localNetworkGateway: done(12, 13),
        connection: done(38, 39),
        tunnel: { state: 'running', startedAt: at(39 * MIN), detail: 'Connecting' },
        ...pending('verify'),
      },
      azureStack: {
        ...builtSite(),
        localNetworkGateway: done(12, 13),
        connection: done(13, 39),
        tunnel: { state: 'running', startedAt: at(39 * MIN), detail: 'Connecting' },
      },
    },
    tunnel: { state: 'connecting', connectionStatus: { azure: 'Connecting', azureStack: 'Connected' } },
    verify: { state: 'pending' },
    addresses: { vmPrivateIp: '10.202.1.4' },
  };
}

export const EAST_FAILURE = {
  code: 'VirtualNetworkGatewayProvisioningFailed',
  message: 'The gateway could not be provisioned.',
  cloud: 'azureStack',
  site: 'east',
  stage: 'gateway',
  hint: 'check the stamp capacity for gateways, then rerun',
};

/** East: its gateway failed on its stamp, so nothing of its link started. */
function failedSite(): Record<string, unknown> {
  const stamp = builtSite();
  stamp.gateway = { state: 'failed', startedAt: at(6 * MIN), endedAt: at(20 * MIN), detail: 'Failed' };
  stamp.networkInterface = { state: 'pending' };
  stamp.virtualMachine = { state: 'pending' };
  return {
    stages: {
      azure: pending('localNetworkGateway', 'connection', 'tunnel', 'verify'),
      azureStack: { ...stamp, ...pending('localNetworkGateway', 'connection', 'tunnel') },
    },
    tunnel: { state: 'pending' },
    verify: { state: 'pending' },
    error: EAST_FAILURE,
  };
}

/** Forty minutes in: the hub built, north Connected and pinged, south connecting, east failed at its gateway. */
export function fleetStatus(name = 'fleet'): Record<string, unknown> {
  const sites: Record<string, Record<string, unknown>> = {
    north: connectedSite(201),
    south: connectingSite(),
    east: failedSite(),
  };
  const north = sites.north as { stages: Record<string, StageMap>; tunnel: object; verify: object };
  const hubStages = builtSite();
  hubStages.gateway = { ...done(2, 38), detail: 'Succeeded' };
  return {
    name,
    instanceId: `hc-${name}`,
    runtimeStatus: 'Running',
    createdTime: at(0),
    lastUpdatedTime: at(40 * MIN),
    now: at(40 * MIN),
    phase: 'tunnel',
    statusUrl: `/api/connections/${name}`,
    // The hub with its stages for the first site, and the first site: as a single-site connection has them.
    stages: { azure: { ...hubStages, ...north.stages.azure }, azureStack: north.stages.azureStack },
    sites,
    hub: { stages: hubStages, addresses: { vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.1.2.3' } },
    connection: { ...north.tunnel, verify: north.verify },
    events: [`hc-${name}/started/all`, `hc-${name}/gateway/azure`, `hc-${name}/connection/azure-north`],
    error: EAST_FAILURE,
    errors: [EAST_FAILURE],
    rollback: null,
    teardown: null,
    summary: null,
    addresses: {
      azure: { vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.1.2.3' },
      azureStack: { vmPrivateIp: '10.201.1.4', gatewayPublicIp: '203.0.113.11' },
    },
    preflight: null,
    monitor: null,
    rotations: [],
  };
}

/** The fleet completed: every site Connected and pinged. */
export function completedFleetStatus(name = 'fleet'): Record<string, unknown> {
  const running = fleetStatus(name);
  return {
    ...running,
    runtimeStatus: 'Completed',
    phase: 'succeeded',
    lastUpdatedTime: at(42 * MIN),
    now: at(50 * MIN),
    sites: { north: connectedSite(201), south: connectedSite(202), east: connectedSite(203) },
    error: null,
    errors: [],
    events: [`hc-${name}/started/all`, `hc-${name}/succeeded/all`],
  };
}

/** A replacing run (PUT) that removes `site`: its removal `state`, with what it deleted so far. */
export function withRemovedSite(
  status: Record<string, unknown>,
  site: string,
  state: 'pending' | 'running' | 'succeeded' | 'failed',
): Record<string, unknown> {
  const deleted =
    state === 'pending'
      ? { azure: [], azureStack: [] }
      : {
          azure: [`/subscriptions/s/resourceGroups/rg-hub/providers/Microsoft.Network/connections/cn-fleet-to-${site}`],
          azureStack: [`/subscriptions/s/resourceGroups/rg-fleet-${site}`],
        };
  return {
    ...status,
    change: {
      added: [],
      removed: [site],
      unchanged: Object.keys(status.sites as object),
      removals: { [site]: { state, deleted } },
    },
  };
}
