import {
  EVENT_CATALOG,
  EVENT_TYPES,
  buildEvent,
  findSecretFields,
  toPublishedCloudEvent,
  type HybridConnectionEvent,
} from '../../lib/events';

const time = '2025-01-02T03:04:05.000Z';

const gatewayReady = (): HybridConnectionEvent<'HybridConnection.Gateway.Ready'> =>
  buildEvent({
    type: EVENT_TYPES.gatewayReady,
    name: 'contoso',
    cloud: 'azureStack',
    time,
    data: {
      gatewayId: '/subscriptions/s/x/vgw-contoso',
      gatewaySku: 'Standard',
      gatewayPublicIp: '203.0.113.7',
      provisioningState: 'Succeeded',
    },
  });

describe('event catalog', () => {
  it("names the seven event types of the design, the two of a shared-key rotation and the monitor's three", () => {
    expect(Object.values(EVENT_TYPES).sort()).toEqual([
      'HybridConnection.Connection.Connected',
      'HybridConnection.Gateway.Ready',
      'HybridConnection.Provisioning.Failed',
      'HybridConnection.Provisioning.Started',
      'HybridConnection.Provisioning.Succeeded',
      'HybridConnection.SharedKey.Rotated',
      'HybridConnection.SharedKey.RotationFailed',
      'HybridConnection.Site.Ready',
      'HybridConnection.Teardown.Completed',
      'HybridConnection.Tunnel.Degraded',
      'HybridConnection.Tunnel.Recovered',
      'HybridConnection.Tunnel.RepairAttempted',
    ]);
    expect(Object.keys(EVENT_CATALOG).sort()).toEqual(Object.values(EVENT_TYPES).sort());
  });

  it('numbers the recurring monitor events in their ids, the same on every build', () => {
    const degraded = (sequence: number) =>
      buildEvent({
        type: EVENT_TYPES.tunnelDegraded,
        name: 'contoso',
        cloud: 'azure',
        time,
        sequence,
        data: { connectionId: 'cn', connectionStatus: 'NotConnected', failedReads: 1 },
      });
    expect(degraded(1).id).toBe('hc-contoso/degraded/azure/1');
    expect(degraded(2).id).toBe('hc-contoso/degraded/azure/2');
    expect(degraded(1)).toEqual(degraded(1));
    expect(degraded(1).subject).toBe('connections/contoso/azure/degraded');
  });

  it('builds a CloudEvents 1.0 event with a deterministic id and a path-like subject', () => {
    expect(gatewayReady()).toEqual({
      specversion: '1.0',
      id: 'hc-contoso/gateway/azureStack',
      source: '/hybrid-connection',
      type: 'HybridConnection.Gateway.Ready',
      subject: 'connections/contoso/azureStack/gateway',
      time,
      datacontenttype: 'application/json',
      data: expect.objectContaining({ gatewaySku: 'Standard' }) as unknown,
    });
    expect(gatewayReady()).toEqual(gatewayReady());
  });

  it("names a rotation's events after the rotation's own instance, so each rotation's ids differ", () => {
    const rotated = (rotationId: string, site?: string) =>
      buildEvent({
        type: EVENT_TYPES.sharedKeyRotated,
        name: 'contoso',
        instanceId: rotationId,
        ...(site !== undefined ? { site } : {}),
        time: new Date(time),
        data: {
          rotationId,
          trigger: 'request',
          secretName: 'hc-contoso-psk',
          previousVersion: 'a'.repeat(32),
          newVersion: 'b'.repeat(32),
          downtimeSeconds: 40,
        },
      });
    const first = rotated('hc-contoso:rotate-20261203T201741Z');
    expect(first).toMatchObject({
      id: 'hc-contoso:rotate-20261203T201741Z/keyRotated/all',
      subject: 'connections/contoso/all/keyRotated',
    });
    expect(rotated('hc-contoso:rotate-20261210T201741Z').id).not.toBe(first.id);
    // A fleet's rotation: one event per site, about both ends of that site's tunnel (azurestack's ids as before).
    expect(rotated('hc-contoso:rotate-20261203T201741Z', 'north')).toMatchObject({
      id: 'hc-contoso:rotate-20261203T201741Z/keyRotated/all-north',
      subject: 'connections/contoso/all-north/keyRotated',
      data: { site: 'north' },
    });
    expect(rotated('hc-contoso:rotate-20261203T201741Z', 'azurestack').id).toBe(first.id);
  });

  it('uses `all` as the cloud of events about the whole connection', () => {
    const started = buildEvent({
      type: EVENT_TYPES.provisioningStarted,
      name: 'contoso',
      time: new Date(time),
      data: {
        ticketId: 'CHG0001',
        sites: {
          azure: { subscriptionId: 's1', location: 'westeurope', resourceGroup: 'rg', addressSpace: ['10.100.0.0/16'] },
          azureStack: { subscriptionId: 's2', location: 'local', resourceGroup: 'rg', addressSpace: ['10.200.0.0/16'] },
        },
      },
      source: 'https://app.example/api',
    });
    expect(started).toMatchObject({
      id: 'hc-contoso/started/all',
      subject: 'connections/contoso/all/started',
      source: 'https://app.example/api',
      time,
    });
  });

  it('lets a failure name its cloud, or none', () => {
    const data = { stage: 'gateway' as const, code: 'QuotaExceeded', httpStatus: 409, hint: 'raise the quota' };
    expect(buildEvent({ type: EVENT_TYPES.provisioningFailed, name: 'c', cloud: 'azure', time, data }).id).toBe(
      'hc-c/failed/azure',
    );
    expect(buildEvent({ type: EVENT_TYPES.provisioningFailed, name: 'c', time, data }).id).toBe('hc-c/failed/all');
  });

  it('refuses a per-cloud event without a cloud and a whole-connection event with one', () => {
    const data = { connectionId: 'id', connectionStatus: 'Connected' };
    expect(() => buildEvent({ type: EVENT_TYPES.connectionConnected, name: 'c', time, data })).toThrow(/needs a cloud/);
    expect(() =>
      buildEvent({
        type: EVENT_TYPES.teardownCompleted,
        name: 'c',
        cloud: 'azure',
        time,
        data: { deleted: { azure: [], azureStack: [] } },
      }),
    ).toThrow(/about both clouds/);
    const failed = { stage: 'gateway' as const, code: 'QuotaExceeded' };
    expect(() =>
      buildEvent({ type: EVENT_TYPES.provisioningFailed, name: 'c', site: 's', time, data: failed }),
    ).toThrow(/names a site, no cloud/);
  });

  it('refuses an invalid time', () => {
    expect(() => buildEvent({ ...gatewayReady(), name: 'c', cloud: 'azure', time: 'yesterday' })).toThrow(
      /invalid event time/,
    );
  });

  it('refuses event data carrying anything named like a secret, however deep', () => {
    const leaky = {
      connectionId: 'id',
      connectionStatus: 'Connected',
      debug: [{ sharedKey: 'abc' }],
    } as unknown as { connectionId: string; connectionStatus: string };
    expect(() =>
      buildEvent({ type: EVENT_TYPES.connectionConnected, name: 'c', cloud: 'azure', time, data: leaky }),
    ).toThrow('event data must not carry secrets: data.debug[0].sharedKey');
  });

  it('tells secret values from references to them', () => {
    expect(
      findSecretFields({ sharedKeySecretName: 'hc-c-psk', secretUri: 'https://kv/secrets/x', keyVaultId: 'id' }),
    ).toEqual([]);
    expect(
      findSecretFields({ password: 'p', clientSecret: 's', key: 'k', accessToken: 't', nested: { PrivateKey: 'x' } }),
    ).toEqual(['data.password', 'data.clientSecret', 'data.key', 'data.accessToken', 'data.nested.PrivateKey']);
  });

  it('hands @azure/eventgrid the fields it sends, time as a Date', () => {
    const event = gatewayReady();
    const published = toPublishedCloudEvent(event);
    expect(published.time).toEqual(new Date(time));
    expect(published).toMatchObject({ id: event.id, type: event.type, subject: event.subject, source: event.source });
  });
});
