// A simulator serving three Azure Stack Hub stamps beside Azure, driven through the real SDK clients (arm-network 39
// for Azure, the 2020-09-01-hybrid profile for each stamp): each stamp has its own ARM path, subscription, audience,
// metadata, store and public IP pool; tunnels work between Azure and any stamp, and between stamps through the Azure
// hub gateway when each side's local network gateway routes the other; the hub gateway takes no more site-to-site
// connections than its SKU's limit (set to 2 here so three connections reach it).
import { createDefaultHttpClient, createPipelineRequest } from '@azure/core-rest-pipeline';
import { ClientSecretCredential } from '@azure/identity';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import { SITE_TO_SITE_TUNNEL_LIMITS, siteToSiteTunnelLimit } from '../../../simulator/network/gatewaySkus';
import {
  AZURE,
  NAMES,
  STACK,
  buildSiteWith,
  connect,
  localGatewayTo,
  type SiteClients,
  type SiteResult,
  type SiteSpec,
} from './sdkBlueprint';
import { POLL, eventually, rejection, startSdkWorld, type SdkWorld } from './sdkWorld';

jest.setTimeout(90_000);

const stampSite = (n: number): SiteSpec => ({
  ...STACK,
  group: `rg-hc-stamp${n}`,
  space: `10.1${n}.0.0/16`,
  workload: `10.1${n}.1.0/24`,
  gatewaySubnet: `10.1${n}.255.0/28`,
  computerName: `vm-stamp${n}`,
});
const STAMP2 = stampSite(2);
const STAMP3 = stampSite(3);
const KEY = 'Sh4red-Key';
const toStamp = (n: number): { lgw: string; connection: string } => ({
  lgw: `lgw-hc-to-stamp${n}`,
  connection: `cn-hc-to-stamp${n}`,
});

describe('a simulator with three Azure Stack Hub stamps, through the real SDKs', () => {
  let world: SdkWorld;
  let hub: SiteResult;
  let stamp2: SiteResult;
  let stamp3: SiteResult;

  beforeAll(async () => {
    world = await startSdkWorld({
      seed: 'stamps',
      timeScale: 5000,
      azureStackStamps: 3,
      gatewayTunnelLimits: { VpnGw1AZ: 2 },
    });
    [hub, stamp2, stamp3] = await Promise.all([
      buildSiteWith(world.azure, AZURE),
      buildSiteWith(world.stamps[1], STAMP2),
      buildSiteWith(world.stamps[2], STAMP3),
    ]);
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  const status = async (clients: SiteClients, site: SiteSpec, name: string) =>
    (await clients.network.virtualNetworkGatewayConnections.get(site.group, name)).connectionStatus;
  /** Waits until the connection reads `expected` (virtual time runs meanwhile). */
  const until = (clients: SiteClients, site: SiteSpec, name: string, expected: string) =>
    eventually(
      () => status(clients, site, name),
      (s) => s === expected,
    );
  const ping = async (clients: SiteClients, site: SiteSpec, target: string): Promise<string> => {
    const result = await clients.compute.virtualMachines.beginRunCommandAndWait(
      site.group,
      NAMES.vm,
      { commandId: 'RunShellScript', script: [`ping -c 2 ${target}`] },
      POLL,
    );
    return result.value?.[0].message ?? '';
  };
  const getJson = async (url: string): Promise<unknown> => {
    const response = await createDefaultHttpClient().sendRequest(createPipelineRequest({ url, method: 'GET' }));
    expect(response.status).toBe(200);
    return JSON.parse(response.bodyAsText ?? '');
  };

  it('serves each stamp at its own path with its own subscription and audience, the first where it always was', () => {
    const { sim } = world;
    expect(sim.azureStackStamps.map((s) => s.armEndpoint)).toEqual([
      `${sim.url}/azurestack`,
      `${sim.url}/azurestack2`,
      `${sim.url}/azurestack3`,
    ]);
    expect(sim.azureStackStamps[0]).toEqual(sim.azureStack);
    const subscriptions = [sim.azure, ...sim.azureStackStamps].map((s) => s.subscriptionId);
    expect(new Set(subscriptions).size).toBe(4);
    expect(new Set(sim.azureStackStamps.map((s) => s.audience)).size).toBe(3);
    expect(sim.readyInfo().azureStackStamps).toEqual(
      sim.azureStackStamps.map(({ armEndpoint, subscriptionId }) => ({ armEndpoint, subscriptionId })),
    );
    // Each stamp hands out public addresses from its own pool.
    expect(hub.gatewayIp).toMatch(/^20\.84\./);
    expect(stamp2.gatewayIp).toMatch(/^198\.18\.2\./);
    expect(stamp3.gatewayIp).toMatch(/^198\.18\.3\./);
  });

  it("answers each stamp's /metadata/endpoints with that stamp's ARM endpoint and audience", async () => {
    for (const stamp of world.sim.azureStackStamps) {
      const [metadata] = (await getJson(`${stamp.armEndpoint}/metadata/endpoints?api-version=2019-10-01`)) as {
        resourceManager: string;
        authentication: { loginEndpoint: string; audiences: string[] };
      }[];
      expect(metadata.resourceManager).toBe(`${stamp.armEndpoint}/`);
      expect(metadata.authentication.audiences).toEqual([stamp.audience]);
      expect(metadata.authentication.loginEndpoint).toBe(`${world.sim.url}/`);
    }
  });

  it('keeps a separate store per stamp, and the inspection API says which stamp each resource is on', async () => {
    const groups = async (clients: SiteClients): Promise<string[]> => {
      const names: string[] = [];
      for await (const group of clients.resources.resourceGroups.list()) names.push(group.name ?? '');
      return names;
    };
    expect(await groups(world.stamps[0])).toEqual([]);
    expect(await groups(world.stamps[1])).toEqual([STAMP2.group]);
    expect(await groups(world.stamps[2])).toEqual([STAMP3.group]);
    // The same name in two stamps is two resources.
    await world.stamps[0].resources.resourceGroups.createOrUpdate(STAMP2.group, { location: 'local' });
    await expect(world.stamps[0].resources.resourceGroups.get(STAMP2.group)).resolves.toMatchObject({
      id: `/subscriptions/${world.sim.azureStack.subscriptionId}/resourceGroups/${STAMP2.group}`,
    });
    const all = (await getJson(`${world.sim.inspectionUrl}/resources`)) as Record<string, { id: string }[]>;
    expect(Object.keys(all)).toEqual(['azure', 'azureStack', 'azureStack2', 'azureStack3']);
    expect(all.azureStack.map((r) => r.id)).toEqual([
      `/subscriptions/${world.sim.azureStack.subscriptionId}/resourceGroups/${STAMP2.group}`,
    ]);
    const stamp2Ids = all.azureStack2.map((r) => r.id);
    expect(stamp2Ids).toContain(stamp2.gatewayId);
    const stamp2Subscription = `/subscriptions/${world.sim.azureStackStamps[1].subscriptionId}/`;
    expect(stamp2Ids.filter((id) => !id.startsWith(stamp2Subscription))).toEqual([]);
    expect(all.azureStack3.map((r) => r.id)).toContain(stamp3.gatewayId);
    const one = (await getJson(`${world.sim.inspectionUrl}/resources?cloud=azureStack3`)) as { value: unknown[] };
    expect(one.value).toEqual(all.azureStack3);
    await world.stamps[0].resources.resourceGroups.beginDeleteAndWait(STAMP2.group, POLL);
  });

  it("refuses a token for one stamp's audience at another stamp (401 InvalidAuthenticationTokenAudience)", async () => {
    const [first, second] = world.sim.azureStackStamps;
    const credential = new ClientSecretCredential(
      world.sim.identity.tenantId,
      world.sim.identity.clientId,
      world.sim.identity.clientSecret,
      { authorityHost: world.sim.identity.authorityHost, disableInstanceDiscovery: true },
    );
    const wrongAudience = new HybridResourceManagementClient(credential, second.subscriptionId, {
      endpoint: second.armEndpoint,
      credentialScopes: `${first.audience}/.default`,
    });
    const error = await rejection(wrongAudience.resourceGroups.get(STAMP2.group));
    expect(error).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationTokenAudience' });
    // And a stamp serves its own subscription only.
    const wrongSubscription = new HybridResourceManagementClient(credential, first.subscriptionId, {
      endpoint: second.armEndpoint,
      credentialScopes: `${second.audience}/.default`,
    });
    await expect(wrongSubscription.resourceGroups.get(STAMP2.group)).rejects.toMatchObject({
      statusCode: 404,
      code: 'SubscriptionNotFound',
    });
  });

  it('aims fault rules and logs requests at one stamp by its key', async () => {
    world.sim.inspect.setFaults({
      rules: [{ kind: 'anotherOperationInProgress', cloud: 'azureStack3', method: 'GET', path: '^/subscriptions/' }],
    });
    try {
      await expect(world.stamps[1].resources.resourceGroups.get(STAMP2.group)).resolves.toMatchObject({
        name: STAMP2.group,
      });
      await expect(world.stamps[2].resources.resourceGroups.get(STAMP3.group)).rejects.toMatchObject({
        statusCode: 409,
        code: 'AnotherOperationInProgress',
      });
      expect(world.sim.inspect.faults().injected.map((f) => f.cloud)).toEqual(['azureStack3']);
    } finally {
      world.sim.inspect.setFaults({ rules: [] });
    }
    const logged = world.sim.inspect.requests({ service: 'azureStack2', path: `/resourcegroups/${STAMP2.group}$` });
    expect(logged.at(-1)).toMatchObject({ service: 'azureStack2', cloud: 'azureStack2', method: 'GET', status: 200 });
  });

  it('connects Azure and stamp 2 with the right key, and holds stamp 3 NotConnected with a wrong one', async () => {
    // Each stamp's local network gateway lists the hub's prefixes and the other stamp's (transit through the hub).
    await Promise.all([
      localGatewayTo(world.azure, AZURE, stamp2.gatewayIp, [STAMP2.space], toStamp(2).lgw),
      localGatewayTo(world.azure, AZURE, stamp3.gatewayIp, [STAMP3.space], toStamp(3).lgw),
      localGatewayTo(world.stamps[1], STAMP2, hub.gatewayIp, [AZURE.space, STAMP3.space]),
      localGatewayTo(world.stamps[2], STAMP3, hub.gatewayIp, [AZURE.space, STAMP2.space]),
    ]);
    const hubLgw = (n: number) =>
      `/subscriptions/${world.sim.azure.subscriptionId}/resourceGroups/${AZURE.group}/providers/Microsoft.Network/localNetworkGateways/${toStamp(n).lgw}`;
    const stampLgw = (n: number, site: SiteSpec) =>
      `/subscriptions/${world.sim.azureStackStamps[n - 1].subscriptionId}/resourceGroups/${site.group}/providers/Microsoft.Network/localNetworkGateways/${NAMES.lgw}`;
    // One at a time on the hub: NRP locks a gateway's connections while one of them is written.
    await connect(world.azure, AZURE, hub.gatewayId, hubLgw(2), KEY, toStamp(2).connection);
    await connect(world.azure, AZURE, hub.gatewayId, hubLgw(3), KEY, toStamp(3).connection);
    await Promise.all([
      connect(world.stamps[1], STAMP2, stamp2.gatewayId, stampLgw(2, STAMP2), KEY),
      connect(world.stamps[2], STAMP3, stamp3.gatewayId, stampLgw(3, STAMP3), 'not-the-hub-key'),
    ]);

    await until(world.azure, AZURE, toStamp(2).connection, 'Connected');
    await until(world.stamps[1], STAMP2, NAMES.connection, 'Connected');
    expect(await ping(world.azure, AZURE, stamp2.vmIp)).toContain(`64 bytes from ${stamp2.vmIp}: icmp_seq=1 ttl=62`);
    expect(await ping(world.stamps[1], STAMP2, hub.vmIp)).toContain('2 packets transmitted, 2 received');

    await until(world.azure, AZURE, toStamp(3).connection, 'NotConnected');
    await until(world.stamps[2], STAMP3, NAMES.connection, 'NotConnected');
    expect(await ping(world.azure, AZURE, stamp3.vmIp)).toContain('100% packet loss');
    // No transit either while stamp 3's tunnel is down.
    expect(await ping(world.stamps[1], STAMP2, stamp3.vmIp)).toContain('100% packet loss');
    // Every stamp's connections are in the inspection API, and no shared key is.
    const inspected = JSON.stringify(await getJson(`${world.sim.inspectionUrl}/resources`));
    expect(inspected).toContain(`/resourceGroups/${STAMP3.group}/providers/Microsoft.Network/connections/`);
    for (const secret of [KEY, 'not-the-hub-key', '"sharedKey"']) expect(inspected).not.toContain(secret);
  });

  it('pings from stamp 2 to stamp 3 through the hub once both tunnels are up, and not when stamp 3 stops routing stamp 2', async () => {
    await world.stamps[2].network.virtualNetworkGatewayConnections.beginSetSharedKeyAndWait(
      STAMP3.group,
      NAMES.connection,
      { value: KEY },
      POLL,
    );
    await until(world.azure, AZURE, toStamp(3).connection, 'Connected');
    await until(world.stamps[2], STAMP3, NAMES.connection, 'Connected');
    // Two gateways on the way: one TTL less than a direct tunnel.
    expect(await ping(world.stamps[1], STAMP2, stamp3.vmIp)).toContain(
      `64 bytes from ${stamp3.vmIp}: icmp_seq=1 ttl=61`,
    );
    expect(await ping(world.stamps[2], STAMP3, stamp2.vmIp)).toContain('2 packets transmitted, 2 received');

    // Stamp 3 now sends only the hub's prefixes into its tunnel: replies to stamp 2 have no route back.
    await localGatewayTo(world.stamps[2], STAMP3, hub.gatewayIp, [AZURE.space]);
    await until(world.stamps[2], STAMP3, NAMES.connection, 'Connected');
    expect(await ping(world.azure, AZURE, stamp3.vmIp)).toContain('2 packets transmitted, 2 received');
    expect(await ping(world.stamps[1], STAMP2, stamp3.vmIp)).toContain('100% packet loss');
    expect(await ping(world.stamps[2], STAMP3, stamp2.vmIp)).toContain('100% packet loss');
  });

  it("refuses a connection beyond the hub gateway's tunnel limit (400 when the request arrives), nothing written", async () => {
    await localGatewayTo(world.azure, AZURE, '203.0.113.200', ['10.30.0.0/16'], 'lgw-hc-to-stamp1');
    const hubLgw = `/subscriptions/${world.sim.azure.subscriptionId}/resourceGroups/${AZURE.group}/providers/Microsoft.Network/localNetworkGateways/lgw-hc-to-stamp1`;
    const error = await rejection(connect(world.azure, AZURE, hub.gatewayId, hubLgw, KEY, 'cn-hc-to-stamp1'));
    expect(error).toMatchObject({ statusCode: 400, code: 'VirtualNetworkGatewayConnectionLimitReached' });
    expect(error.message).toContain(`${hub.gatewayId} of SKU VpnGw1AZ already has 2 site-to-site connections`);
    await expect(
      world.azure.network.virtualNetworkGatewayConnections.get(AZURE.group, 'cn-hc-to-stamp1'),
    ).rejects.toMatchObject({ statusCode: 404 });
    // A re-PUT of a connection the gateway already has is no new tunnel.
    await expect(
      connect(world.azure, AZURE, hub.gatewayId, hubLgw.replace(/stamp1$/, 'stamp2'), KEY, toStamp(2).connection),
    ).resolves.toBeUndefined();
    // Once one goes, there is room again.
    await world.azure.network.virtualNetworkGatewayConnections.beginDeleteAndWait(
      AZURE.group,
      toStamp(3).connection,
      POLL,
    );
    await expect(connect(world.azure, AZURE, hub.gatewayId, hubLgw, KEY, 'cn-hc-to-stamp1')).resolves.toBeUndefined();
  });
});

describe('site-to-site tunnel limits per gateway SKU', () => {
  it('are the documented ones on Azure (about-gateway-skus), overridable, and not per gateway on Stack Hub', () => {
    expect(SITE_TO_SITE_TUNNEL_LIMITS).toMatchObject({
      Basic: 10,
      VpnGw1AZ: 30,
      VpnGw2AZ: 30,
      VpnGw3AZ: 30,
      VpnGw4AZ: 100,
      VpnGw5AZ: 100,
    });
    expect(siteToSiteTunnelLimit('azure', 'VpnGw2AZ')).toBe(30);
    expect(siteToSiteTunnelLimit('azure', 'VpnGw2AZ', { VpnGw2AZ: 3 })).toBe(3);
    expect(siteToSiteTunnelLimit('azureStack', 'Standard')).toBeUndefined();
  });
});
