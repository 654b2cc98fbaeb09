// Day-2 parts of a connection's status, as `GET /api/connections/{name}` sends them, for the page and CLI
// rendering tests: a running health monitor with reads, transitions and repairs, rotations in each state, and a
// teardown under way or finished. Times are fixed (on the statusFixtures clock) so every rendering is deterministic.
import type { MonitorStatus, RotationStatus, TeardownStatusBody } from '../../lib/api/connectionStatus';
import { at, completedStatus, MIN } from '../cli/statusFixtures';

/** Ids as the completed run's stages recorded them (statusFixtures), so the drawing greys out what was deleted. */
const RG = '/subscriptions/s/resourceGroups/rg/providers/rg';
const CONNECTION = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/connections/cn';

export function monitorFixture(): MonitorStatus {
  return {
    instanceId: 'hc-contoso:monitor',
    state: 'running',
    intervalMinutes: 5,
    repair: { afterFailedReads: 3, maxPerDay: 2 },
    reads: [
      {
        readAt: at(60 * MIN),
        sides: { azure: { connectionStatus: 'Connected' }, azureStack: { connectionStatus: 'Connected' } },
      },
      {
        readAt: at(55 * MIN),
        sides: {
          azure: { connectionStatus: 'NotConnected' },
          azureStack: { connectionStatus: null, errorCode: 'ResourceNotFound' },
        },
      },
    ],
    transitions: [
      { at: at(60 * MIN), cloud: 'azure', kind: 'recovered', eventId: 'hc-contoso/recovered/azure/1' },
      { at: at(55 * MIN), cloud: 'azure', kind: 'degraded', eventId: 'hc-contoso/degraded/azure/1' },
    ],
    repairs: [
      {
        at: at(57 * MIN),
        cloud: 'azure',
        attempt: 1,
        action: 'resetConnection',
        outcome: 'failed',
        error: { code: 'Conflict', message: 'another operation is in progress' },
      },
    ],
  };
}

export function rotationsFixture(): RotationStatus[] {
  return [
    {
      instanceId: 'hc-contoso:rotate:2',
      state: 'running',
      trigger: 'schedule',
      startedAt: at(61 * MIN),
      finishedAt: null,
      previousVersion: 'v2',
      newVersion: null,
      downtimeSeconds: null,
      error: null,
    },
    {
      instanceId: 'hc-contoso:rotate:1',
      state: 'succeeded',
      trigger: 'request',
      startedAt: at(45 * MIN),
      finishedAt: at(47 * MIN),
      previousVersion: 'v1',
      newVersion: 'v2',
      downtimeSeconds: 42,
      error: null,
    },
    {
      instanceId: 'hc-contoso:rotate:0',
      state: 'restored',
      trigger: 'request',
      startedAt: at(43 * MIN),
      finishedAt: at(44 * MIN),
      previousVersion: 'v1',
      newVersion: 'v1b',
      downtimeSeconds: 12,
      error: { code: 'TunnelNotConnectedError', message: 'the tunnel did not connect with the new key' },
    },
  ];
}

export function teardownFixture(runtimeStatus: 'Running' | 'Completed' | 'Failed'): TeardownStatusBody {
  const failure = { code: 'Conflict', message: 'the gateway is busy', cloud: 'azureStack' as const };
  return {
    instanceId: 'hc-contoso:teardown',
    runtimeStatus,
    createdTime: at(70 * MIN),
    lastUpdatedTime: at(runtimeStatus === 'Running' ? 72 * MIN : 79 * MIN),
    deleted: {
      azure: [CONNECTION, RG],
      azureStack: runtimeStatus === 'Completed' ? [RG] : [],
    },
    error: runtimeStatus === 'Failed' ? failure : null,
    errors: runtimeStatus === 'Failed' ? [failure] : [],
  };
}

/** The completed run an hour in: the monitor reading, rotations done and under way. */
export function dayTwoStatus(name = 'contoso'): Record<string, unknown> {
  return { ...completedStatus(name), now: at(62 * MIN), monitor: monitorFixture(), rotations: rotationsFixture() };
}

/** The same connection being torn down (or torn down), the monitor stopped. */
export function tearingDownStatus(runtimeStatus: 'Running' | 'Completed' | 'Failed'): Record<string, unknown> {
  const phase = runtimeStatus === 'Running' ? 'deleting' : runtimeStatus === 'Completed' ? 'deleted' : 'deleteFailed';
  return {
    ...dayTwoStatus(),
    now: at(80 * MIN),
    phase,
    monitor: { ...monitorFixture(), state: 'stopped' },
    teardown: teardownFixture(runtimeStatus),
  };
}
