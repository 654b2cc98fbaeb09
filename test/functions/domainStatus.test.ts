// The domain status of GET /api/connections/{name}, built from Durable snapshots: stages per cloud with pending
// defaults, children read while they run (but not a previous run's), events merged, errors with cloud/stage/code.
import { buildDomainStatus as buildAt, type ConnectionInstances } from '../../functions/domainStatus';
import type { InstanceSnapshot } from '../../functions/instanceStore';
import type { FailureInfo } from '../../lib/api/connectionStatus';
import type { CloudId } from '../../lib/cloudIds';
import type { Stage } from '../../lib/stages';
import type { ConnectionStatus, SiteStatus } from '../../orchestrations/statusTypes';

function snapshot(instanceId: string, fields: Partial<InstanceSnapshot>): InstanceSnapshot {
  return {
    instanceId,
    name: 'provisionHybridConnection',
    runtimeStatus: 'Running',
    createdTime: '2025-03-01T08:00:00.000Z',
    lastUpdatedTime: '2025-03-01T08:10:00.000Z',
    ...fields,
  };
}

/** The task hub's time of the answers below: after every time the snapshots hold. */
const NOW = '2025-03-01T08:30:00.000Z';

function buildDomainStatus(name: string, instances: ConnectionInstances) {
  return buildAt(name, instances, NOW);
}

function connectionStatus(fields: Partial<ConnectionStatus> = {}): ConnectionStatus {
  return {
    kind: 'connection',
    phase: 'sites',
    stages: { azure: {}, azureStack: {} },
    tunnel: { state: 'pending' },
    verify: { state: 'pending' },
    events: ['hc-contoso/started/all'],
    ...fields,
  };
}

function failure(code: string, cloud: CloudId, stage: Stage): FailureInfo {
  return { code, message: `${cloud} ${stage} failed with ${code}`, cloud, stage };
}

function siteStatus(cloud: 'azure' | 'azureStack', fields: Partial<SiteStatus> = {}): SiteStatus {
  return {
    kind: 'site',
    cloud,
    stages: {
      resourceGroup: {
        state: 'succeeded',
        startedAt: '2025-03-01T08:00:02.000Z',
        endedAt: '2025-03-01T08:00:03.000Z',
        resourceId: '/subscriptions/s/resourceGroups/rg',
      },
      gateway: { state: 'running', startedAt: '2025-03-01T08:00:10.000Z', detail: 'Updating' },
    },
    events: [],
    ...fields,
  };
}

describe('buildDomainStatus', () => {
  it('shows the running children’s stages, every other stage pending, and the verify stage on azure only', () => {
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { customStatus: connectionStatus() }),
      sites: {
        azure: snapshot('hc-contoso:azure', {
          name: 'provisionSite',
          customStatus: siteStatus('azure', { events: ['hc-contoso/gateway/azure'] }),
        }),
        azureStack: snapshot('hc-contoso:azureStack', {
          name: 'provisionSite',
          customStatus: siteStatus('azureStack'),
        }),
      },
    });
    expect(status.stages.azure.gateway).toEqual({
      state: 'running',
      startedAt: '2025-03-01T08:00:10.000Z',
      detail: 'Updating',
    });
    expect(status.stages.azureStack.resourceGroup?.resourceId).toBe('/subscriptions/s/resourceGroups/rg');
    expect(status.stages.azureStack.tunnel).toEqual({ state: 'pending' });
    expect(Object.keys(status.stages.azure)).toContain('verify');
    expect(Object.keys(status.stages.azureStack)).not.toContain('verify');
    expect(status.events).toEqual(['hc-contoso/started/all', 'hc-contoso/gateway/azure']);
    expect(status).toMatchObject({
      runtimeStatus: 'Running',
      phase: 'sites',
      error: null,
      statusUrl: '/api/connections/contoso',
    });
  });

  it('shows the running children’s addresses before the run completes, and the summary’s once it has', () => {
    const sites = {
      azure: snapshot('hc-contoso:azure', {
        name: 'provisionSite',
        customStatus: siteStatus('azure', { addresses: { vmPrivateIp: '10.100.1.4' } }),
      }),
      azureStack: snapshot('hc-contoso:azureStack', {
        name: 'provisionSite',
        customStatus: siteStatus('azureStack', {
          addresses: { vmPrivateIp: '10.200.1.4', gatewayPublicIp: '192.168.102.20' },
        }),
      }),
    };
    const running = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { customStatus: connectionStatus() }),
      sites,
    });
    expect(running.addresses).toEqual({
      azure: { vmPrivateIp: '10.100.1.4' },
      azureStack: { vmPrivateIp: '10.200.1.4', gatewayPublicIp: '192.168.102.20' },
    });
    expect(running.summary).toBeNull();

    // The parent's record beats a child's; the summary of a completed run beats both (an empty IP counts as unknown).
    const completed = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', {
        runtimeStatus: 'Completed',
        customStatus: connectionStatus({
          phase: 'succeeded',
          addresses: { azure: { vmPrivateIp: '10.100.1.5', gatewayPublicIp: '20.50.1.11' } },
        }),
        output: {
          name: 'contoso',
          sites: {
            azure: { gatewayPublicIp: '20.50.1.10', vmPrivateIp: '10.100.1.4' },
            azureStack: { gatewayPublicIp: '', vmPrivateIp: '10.200.1.9' },
          },
        },
      }),
      sites,
    });
    expect(completed.addresses).toEqual({
      azure: { vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.50.1.10' },
      azureStack: { vmPrivateIp: '10.200.1.9', gatewayPublicIp: '192.168.102.20' },
    });

    const parentOnly = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', {
        customStatus: connectionStatus({ phase: 'link', addresses: { azure: { gatewayPublicIp: '20.50.1.11' } } }),
      }),
      sites,
    });
    expect(parentOnly.addresses.azure).toEqual({ vmPrivateIp: '10.100.1.4', gatewayPublicIp: '20.50.1.11' });
  });

  it('has an empty address record per cloud before anything is known, and ignores a previous run’s child', () => {
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', {
        createdTime: '2025-03-02T00:00:00.000Z',
        customStatus: connectionStatus({ phase: 'validating' }),
      }),
      sites: {
        azure: snapshot('hc-contoso:azure', {
          createdTime: '2025-03-01T08:00:01.000Z',
          customStatus: siteStatus('azure', { addresses: { vmPrivateIp: '10.100.1.4' } }),
        }),
      },
    });
    expect(status.addresses).toEqual({ azure: {}, azureStack: {} });
  });

  it('ignores a child left over from a previous run', () => {
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', {
        createdTime: '2025-03-02T00:00:00.000Z',
        customStatus: connectionStatus({ phase: 'validating' }),
      }),
      sites: {
        azure: snapshot('hc-contoso:azure', {
          createdTime: '2025-03-01T08:00:01.000Z',
          customStatus: siteStatus('azure'),
        }),
      },
    });
    expect(status.stages.azure.resourceGroup).toEqual({ state: 'pending' });
  });

  it('reports a failure with cloud, stage, code and hint', () => {
    const error = {
      code: 'QuotaExceeded',
      message: 'azure virtualMachine failed with QuotaExceeded',
      cloud: 'azure' as const,
      stage: 'virtualMachine' as const,
      hint: 'raise the quota',
    };
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', {
        runtimeStatus: 'Failed',
        output: "Orchestrator function 'provisionHybridConnection' failed: ...",
        customStatus: connectionStatus({ phase: 'failed', error }),
      }),
      sites: {},
    });
    expect(status.error).toEqual(error);
    // A status written before `errors` existed: its one error is the list.
    expect(status.errors).toEqual([error]);
  });

  it('keeps error the first failure and lists every failure in errors when both clouds failed', () => {
    const [azure, stack] = [
      failure('QuotaExceeded', 'azure', 'gateway'),
      failure('SubnetIsFull', 'azureStack', 'gateway'),
    ];
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', {
        runtimeStatus: 'Failed',
        customStatus: connectionStatus({ phase: 'failed', error: azure, errors: [azure, stack] }),
      }),
      sites: {},
    });
    expect(status.error).toEqual(azure);
    expect(status.errors).toEqual([azure, stack]);
  });

  it('has no errors while nothing failed', () => {
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { customStatus: connectionStatus() }),
      sites: {},
    });
    expect(status).toMatchObject({ error: null, errors: [] });
  });

  it('shows both failed sites’ errors at once, Azure’s first, while the parent has not failed yet', () => {
    const [azure, stack, other] = [
      failure('QuotaExceeded', 'azure', 'virtualMachine'),
      failure('SubnetIsFull', 'azureStack', 'networkInterface'),
      failure('PublicIPCountLimitReached', 'azureStack', 'publicIp'),
    ];
    const site = (cloud: CloudId, fields: Partial<SiteStatus>) =>
      snapshot(`hc-contoso:${cloud}`, { runtimeStatus: 'Completed', customStatus: siteStatus(cloud, fields) });
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { customStatus: connectionStatus() }),
      sites: {
        azureStack: site('azureStack', { error: stack, errors: [stack, other] }),
        azure: site('azure', { error: azure }),
      },
    });
    expect(status.error).toEqual(azure);
    // The site's failures name it (the hub's shared ones name none).
    const named = { site: 'azurestack' };
    expect(status.errors).toEqual([azure, { ...stack, ...named }, { ...other, ...named }]);
  });

  it('shows a failed site’s error at once, while the parent still waits for the other site', () => {
    const error = {
      code: 'InUseSubnetCannotBeUpdated',
      message: 'm',
      cloud: 'azureStack' as const,
      stage: 'virtualNetwork' as const,
    };
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { customStatus: connectionStatus() }),
      sites: {
        azure: snapshot('hc-contoso:azure', { customStatus: siteStatus('azure') }),
        azureStack: snapshot('hc-contoso:azureStack', {
          runtimeStatus: 'Completed',
          customStatus: siteStatus('azureStack', { error }),
        }),
      },
    });
    expect(status).toMatchObject({ runtimeStatus: 'Running', error });
  });

  it('falls back to Durable’s output for a failure without our status, and names a termination', () => {
    const failed = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { runtimeStatus: 'Failed', output: 'boom' }),
      sites: {},
    });
    expect(failed.error).toEqual({ code: 'OrchestrationFailed', message: 'boom' });
    expect(failed.errors).toEqual([failed.error]);
    const terminated = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { runtimeStatus: 'Terminated', output: 'by operator' }),
      sites: {},
    });
    expect(terminated.error).toEqual({ code: 'Terminated', message: 'by operator' });
  });

  it('includes the teardown and its deleted ids', () => {
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', {
        runtimeStatus: 'Completed',
        customStatus: connectionStatus({ phase: 'succeeded' }),
        output: { name: 'contoso' },
      }),
      sites: {},
      teardown: snapshot('hc-contoso:teardown', {
        name: 'teardownHybridConnection',
        runtimeStatus: 'Running',
        customStatus: { kind: 'teardown', clouds: { azure: { state: 'running', deleted: ['/a'] } }, events: [] },
      }),
    });
    expect(status.teardown).toMatchObject({
      instanceId: 'hc-contoso:teardown',
      runtimeStatus: 'Running',
      deleted: { azure: ['/a'] },
      error: null,
      errors: [],
    });
    expect(status.summary).toEqual({ name: 'contoso' });
  });

  it('lists both clouds’ teardown failures, error the first', () => {
    const [azure, stack] = [failure('ScopeLocked', 'azure', 'teardown'), failure('Conflict', 'azureStack', 'teardown')];
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { runtimeStatus: 'Completed', customStatus: connectionStatus() }),
      sites: {},
      teardown: snapshot('hc-contoso:teardown', {
        name: 'teardownHybridConnection',
        runtimeStatus: 'Failed',
        customStatus: { kind: 'teardown', clouds: {}, events: [], error: azure, errors: [azure, stack] },
      }),
    });
    expect(status.teardown).toMatchObject({ error: azure, errors: [azure, stack] });
  });
});

describe('the truth of time and phase', () => {
  const completed = (fields: Partial<InstanceSnapshot> = {}) =>
    snapshot('hc-contoso', {
      runtimeStatus: 'Completed',
      customStatus: connectionStatus({ phase: 'succeeded' }),
      lastUpdatedTime: '2025-03-01T08:45:00.000Z',
      ...fields,
    });
  const teardownAt = (runtimeStatus: string, createdTime = '2025-03-01T09:00:00.000Z') =>
    snapshot('hc-contoso:teardown', { name: 'teardownHybridConnection', runtimeStatus, createdTime });

  it('says now on the task hub clock, never before a time the answer holds', () => {
    const status = buildAt('contoso', { provisioning: snapshot('hc-contoso', {}), sites: {} }, NOW);
    expect(status.now).toBe(NOW);
    // A clock read when the request came in can trail a stage stamped while it was answered.
    const later = buildAt(
      'contoso',
      {
        provisioning: snapshot('hc-contoso', {}),
        sites: { azure: snapshot('hc-contoso:azure', { name: 'provisionSite', customStatus: siteStatus('azure') }) },
      },
      '2025-03-01T08:00:05.000Z',
    );
    expect(later.now).toBe('2025-03-01T08:10:00.000Z');
  });

  it('names the teardown in phase: deleting while it runs, deleted once it completed, deleteFailed otherwise', () => {
    const phase = (teardown?: InstanceSnapshot, provisioning = completed()) =>
      buildDomainStatus('contoso', { provisioning, sites: {}, ...(teardown ? { teardown } : {}) }).phase;
    expect(phase()).toBe('succeeded');
    expect(phase(teardownAt('Pending'))).toBe('deleting');
    expect(phase(teardownAt('Running'))).toBe('deleting');
    expect(phase(teardownAt('Completed'))).toBe('deleted');
    expect(phase(teardownAt('Failed'))).toBe('deleteFailed');
    expect(phase(teardownAt('Terminated'))).toBe('deleteFailed');
    // Deleted, then started again: the old teardown says nothing of the new run, running or finished.
    const rerun = { createdTime: '2025-03-01T10:00:00.000Z', lastUpdatedTime: '2025-03-01T10:40:00.000Z' };
    expect(phase(teardownAt('Completed'), completed(rerun))).toBe('succeeded');
    const running = snapshot('hc-contoso', { ...rerun, customStatus: connectionStatus({ phase: 'link' }) });
    expect(phase(teardownAt('Completed', '2025-03-01T10:30:00.000Z'), running)).toBe('link');
  });

  it('moves lastUpdatedTime with the site children while the parent waits for them', () => {
    const status = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', { lastUpdatedTime: '2025-03-01T08:00:01.000Z' }),
      sites: {
        azure: snapshot('hc-contoso:azure', { name: 'provisionSite', lastUpdatedTime: '2025-03-01T08:20:00.000Z' }),
        azureStack: snapshot('hc-contoso:azureStack', {
          name: 'provisionSite',
          lastUpdatedTime: '2025-03-01T08:21:00.000Z',
        }),
      },
    });
    expect(status.lastUpdatedTime).toBe('2025-03-01T08:21:00.000Z');
    // A previous run's children (created before this run) do not count.
    const stale = buildDomainStatus('contoso', {
      provisioning: snapshot('hc-contoso', {
        createdTime: '2025-03-01T09:00:00.000Z',
        lastUpdatedTime: '2025-03-01T09:00:01.000Z',
      }),
      sites: {
        azure: snapshot('hc-contoso:azure', { name: 'provisionSite', lastUpdatedTime: '2025-03-01T09:30:00Z' }),
      },
    });
    expect(stale.lastUpdatedTime).toBe('2025-03-01T09:00:01.000Z');
  });
});
