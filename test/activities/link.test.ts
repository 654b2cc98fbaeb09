// Joining the two sites through the real SDKs and the simulator: the shared key in Key Vault, local network
// gateways, both connections up to Connected with the same IPsec policy, the tunnel diagnosis, the ping across the
// tunnel, events, and that the shared key never shows up in a result or a log line.
import { SecretClient } from '@azure/keyvault-secrets';
import { ClientSecretCredential } from '@azure/identity';
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { readFileSync } from 'node:fs';
import { SIMULATED_STAMP_ID } from '../../cli/simulatorSettings';
import { armClientsFor } from '../../lib/clouds';
import { CLOUD_IDS, peerOf, type CloudId } from '../../lib/cloudIds';
import { buildEvent, EVENT_TYPES } from '../../lib/events';
import { AZURE_STACK_DEFAULT_IPSEC_POLICY } from '../../lib/ipsec';
import { defaultSharedKeySecretName, resourceTags, siteResourceNames, siteSharedKeySecretName } from '../../lib/naming';
import {
  CONNECTION_NAME,
  SIMULATOR_TIME_SCALE,
  SITE_PLAN,
  startActivityWorld,
  valueOf,
  type ActivityWorld,
  anyString,
  anyNumber,
  matching,
} from './harness';
import { provisionBothSites, type ProvisionedSite } from './sites';

const SECRET_NAME = defaultSharedKeySecretName(CONNECTION_NAME);
/** Virtual time for connections to provision and IKE to come up (the simulator's 15 s handshake and then some). */
const TUNNEL_MS = 10 * 60 * 1000;

let w: ActivityWorld;
let sites: Record<CloudId, ProvisionedSite>;
const localGatewayIds = {} as Record<CloudId, string>;
const connectionIds = {} as Record<CloudId, string>;
/** Every activity result of this file, to search for the key at the end. */
const results: unknown[] = [];
function keep<T>(result: T): T {
  results.push(result);
  return result;
}

beforeAll(async () => {
  w = await startActivityWorld();
  sites = await provisionBothSites(w);
}, 60_000);
afterAll(async () => {
  await w.stop();
});

async function vaultValue(): Promise<string> {
  // The test reads the key the way an operator would: with its own client, outside the activities.
  const credential = new ClientSecretCredential(
    w.sim.identity.tenantId,
    w.sim.identity.clientId,
    w.sim.identity.clientSecret,
    {
      authorityHost: w.sim.identity.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: [readFileSync(w.sim.caCertPath, 'utf8')] },
    },
  );
  const client = new SecretClient(w.sim.keyVaultUrl, credential, {
    disableChallengeResourceVerification: true,
    tlsOptions: { ca: [readFileSync(w.sim.caCertPath, 'utf8')] },
  });
  const secret = await client.getSecret(SECRET_NAME);
  return secret.value ?? '';
}

function lastSequence(): number {
  return w.sim.inspect.requests().at(-1)?.sequence ?? 0;
}

async function connectionStates(): Promise<Record<CloudId, string>> {
  const read = async (cloud: CloudId) =>
    valueOf(keep(await A.getConnectionState({ target: w.targets[cloud], id: connectionIds[cloud] }, w.context())))
      .connectionStatus;
  return { azure: await read('azure'), azureStack: await read('azureStack') };
}

describe('the shared key', () => {
  it('is generated into Key Vault once, then adopted', async () => {
    const first = valueOf(keep(await A.ensureSharedKey({ secretName: SECRET_NAME }, w.context())));
    expect(first).toMatchObject({ secretName: SECRET_NAME, created: true });
    expect(first.version).not.toBe('');
    const second = valueOf(keep(await A.ensureSharedKey({ secretName: SECRET_NAME }, w.context())));
    expect(second).toEqual({ ...first, created: false });
    expect(await vaultValue()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("is tagged with its tunnel, and another tunnel's secret of the same name is refused, not shared", async () => {
    // Connection a with site b-c and connection a-b with site c both derive hc-a-b-c-psk.
    const secretName = siteSharedKeySecretName('a', 'b-c');
    expect(siteSharedKeySecretName('a-b', 'c')).toBe(secretName);
    const first = { secretName, owner: { connection: 'a', site: 'b-c' } };
    expect(valueOf(keep(await A.ensureSharedKey(first, w.context())))).toMatchObject({ created: true });
    expect(valueOf(keep(await A.ensureSharedKey(first, w.context())))).toMatchObject({ created: false });
    const other = await A.ensureSharedKey({ secretName, owner: { connection: 'a-b', site: 'c' } }, w.context());
    expect(other).toMatchObject({ ok: false, error: { code: 'SharedKeySecretOwnedByAnother' } });
    expect(JSON.stringify(other)).toContain('hc-a');
  });
});

describe('local network gateways', () => {
  it.each(CLOUD_IDS)('%s: points at the peer gateway and covers the peer VNet', async (cloud) => {
    const peer = peerOf(cloud);
    const ref = valueOf(
      keep(
        await A.ensureLocalNetworkGateway(
          {
            target: w.targets[cloud],
            gatewayIpAddress: sites[peer].gatewayPublicIp,
            addressPrefixes: [...SITE_PLAN[peer].addressSpace],
          },
          w.context(),
        ),
      ),
    );
    localGatewayIds[cloud] = ref.id;
    expect(ref.id).toMatch(
      new RegExp(`/localNetworkGateways/${siteResourceNames(CONNECTION_NAME, cloud).localNetworkGateway}$`),
    );
    const stored = w.sim.inspect.resources(cloud).find((r) => r.id === ref.id);
    expect(stored?.properties).toMatchObject({
      gatewayIpAddress: sites[peer].gatewayPublicIp,
      localNetworkAddressSpace: { addressPrefixes: SITE_PLAN[peer].addressSpace },
    });
  });

  it('is adopted when it already matches, and rewritten when the peer moved', async () => {
    const target = w.targets.azure;
    const since = lastSequence();
    const same = {
      target,
      gatewayIpAddress: sites.azureStack.gatewayPublicIp,
      addressPrefixes: [...SITE_PLAN.azureStack.addressSpace],
    };
    keep(await A.ensureLocalNetworkGateway(same, w.context()));
    expect(w.sim.inspect.requests({ service: 'azure', method: 'PUT', since })).toEqual([]);
    keep(await A.ensureLocalNetworkGateway({ ...same, gatewayIpAddress: '198.51.100.7' }, w.context()));
    expect(w.sim.inspect.requests({ service: 'azure', method: 'PUT', since }).map((r) => r.path)).toEqual([
      matching(/\/localNetworkGateways\/lgw-contoso-to-azurestack$/),
    ]);
    keep(await A.ensureLocalNetworkGateway(same, w.context()));
  });
});

describe('connections', () => {
  /** beginConnection for this cloud's gateway and local gateway, with the Key Vault key and Stack Hub's policy. */
  const beginConnection = async (cloud: CloudId) =>
    valueOf(
      keep(
        await A.beginConnection(
          {
            target: w.targets[cloud],
            gatewayId: sites[cloud].gatewayId,
            localNetworkGatewayId: localGatewayIds[cloud],
            sharedKeySecretName: SECRET_NAME,
            ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY },
          },
          w.context(),
        ),
      ),
    );

  it.each(CLOUD_IDS)(
    '%s: starts the connection with the Key Vault key and the explicit IPsec policy',
    async (cloud) => {
      const started = await beginConnection(cloud);
      connectionIds[cloud] = started.id;
      expect(started.provisioningState).toBe('Updating');
      expect(started.operation).toEqual(anyString());
    },
  );

  it('both report Connected from a GET of the single connection, carrying the same policy', async () => {
    w.sim.inspect.advanceClock(TUNNEL_MS);
    w.sim.inspect.advanceClock(TUNNEL_MS);
    expect(await connectionStates()).toEqual({ azure: 'Connected', azureStack: 'Connected' });
    const policies = CLOUD_IDS.map(
      (cloud) => w.sim.inspect.resources(cloud).find((r) => r.id === connectionIds[cloud])?.properties?.ipsecPolicies,
    );
    expect(policies[0]).toEqual([AZURE_STACK_DEFAULT_IPSEC_POLICY]);
    expect(policies[1]).toEqual(policies[0]);
  });

  it('is adopted by a second beginConnection without any write', async () => {
    const since = lastSequence();
    for (const cloud of CLOUD_IDS) {
      const again = await beginConnection(cloud);
      expect(again).toEqual({ id: connectionIds[cloud], provisioningState: 'Succeeded' });
    }
    expect(w.sim.inspect.requests({ since }).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('diagnoses nothing wrong while both sides agree', async () => {
    const verdict = valueOf(
      keep(await A.diagnoseTunnel({ sites: w.targets, sharedKeySecretName: SECRET_NAME }, w.context())),
    );
    expect(verdict.diagnosis).toBe('unknown');
  });
});

describe('a shared key that drifted', () => {
  it('is diagnosed as a key mismatch, then put right by beginConnection from Key Vault', async () => {
    // Someone set another key on the Stack Hub side by hand (the test plays that someone).
    const { network } = await armClientsFor({
      cloud: 'azureStack',
      subscriptionId: w.targets.azureStack.subscriptionId,
      stamp: SIMULATED_STAMP_ID,
    });
    const connectionName = siteResourceNames(CONNECTION_NAME, 'azureStack').connection;
    const poller = await network.virtualNetworkGatewayConnections.beginSetSharedKey(
      w.targets.azureStack.resourceGroup,
      connectionName,
      {
        value: 'a-different-key-set-by-hand',
      },
    );
    expect(poller).toBeDefined();
    w.sim.inspect.advanceClock(TUNNEL_MS);
    w.sim.inspect.advanceClock(TUNNEL_MS);
    expect((await connectionStates()).azureStack).not.toBe('Connected');

    const verdict = valueOf(
      keep(await A.diagnoseTunnel({ sites: w.targets, sharedKeySecretName: SECRET_NAME }, w.context())),
    );
    expect(verdict).toEqual({ diagnosis: 'sharedKeyMismatch', detail: anyString() });

    const since = lastSequence();
    keep(
      await A.beginConnection(
        {
          target: w.targets.azureStack,
          gatewayId: sites.azureStack.gatewayId,
          localNetworkGatewayId: localGatewayIds.azureStack,
          sharedKeySecretName: SECRET_NAME,
          ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY },
        },
        w.context(),
      ),
    );
    const writes = w.sim.inspect.requests({ since }).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path.split('/').slice(-2).join('/')}`)).toEqual([
      `PUT ${connectionName}/sharedkey`,
    ]);
    w.sim.inspect.advanceClock(TUNNEL_MS);
    w.sim.inspect.advanceClock(TUNNEL_MS);
    expect(await connectionStates()).toEqual({ azure: 'Connected', azureStack: 'Connected' });
  });
});

describe('an IPsec policy that differs', () => {
  const start = (cloud: CloudId, ikeEncryption: string) =>
    A.beginConnection(
      {
        target: w.targets[cloud],
        gatewayId: sites[cloud].gatewayId,
        localNetworkGatewayId: localGatewayIds[cloud],
        sharedKeySecretName: SECRET_NAME,
        ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY, ikeEncryption },
      },
      w.context(),
    );

  it('rewrites the connection (full body), is diagnosed as a policy mismatch, and recovers when put back', async () => {
    const since = lastSequence();
    keep(await start('azure', 'AES128'));
    expect(w.sim.inspect.requests({ service: 'azure', method: 'PUT', since }).map((r) => r.path)).toEqual([
      matching(/\/connections\/cn-contoso-to-azurestack$/),
    ]);
    w.sim.inspect.advanceClock(TUNNEL_MS);
    w.sim.inspect.advanceClock(TUNNEL_MS);
    expect(await connectionStates()).not.toEqual({ azure: 'Connected', azureStack: 'Connected' });
    const verdict = valueOf(
      keep(await A.diagnoseTunnel({ sites: w.targets, sharedKeySecretName: SECRET_NAME }, w.context())),
    );
    expect(verdict).toEqual({
      diagnosis: 'ipsecPolicyMismatch',
      detail: matching(/ikeEncryption: AES128 \(azure\) vs AES256 \(azureStack\)/),
    });

    keep(await start('azure', AZURE_STACK_DEFAULT_IPSEC_POLICY.ikeEncryption));
    w.sim.inspect.advanceClock(TUNNEL_MS);
    w.sim.inspect.advanceClock(TUNNEL_MS);
    expect(await connectionStates()).toEqual({ azure: 'Connected', azureStack: 'Connected' });
  });
});

describe('verification', () => {
  it('pings the peer VM across the tunnel with Run Command, resumed from its serialised poller', async () => {
    // At real speed, so the command is still running when the first poll comes (the simulator answers a poll of an
    // operation that ends within a wall second only once it ended).
    w.sim.inspect.setClockScale(1);
    const handle = valueOf(
      keep(
        await A.beginPing(
          { target: w.targets.azure, virtualMachineId: sites.azure.vmId, targetIp: sites.azureStack.vmPrivateIp },
          w.context(),
        ),
      ),
    );
    expect(JSON.parse(handle.pollerState)).toMatchObject({ state: { status: 'running' } });
    const early = valueOf(keep(await A.getPingResult({ target: w.targets.azure, handle }, w.context())));
    expect(early).toEqual({ done: false });
    w.sim.inspect.advanceClock(5 * 60 * 1000);
    w.sim.inspect.setClockScale(SIMULATOR_TIME_SCALE);
    const done = valueOf(keep(await A.getPingResult({ target: w.targets.azure, handle }, w.context())));
    expect(done).toMatchObject({
      done: true,
      reachable: true,
      packetsSent: 4,
      packetsReceived: 4,
      averageRttMs: anyNumber(),
    });
  });

  it('runs the ping from Stack Hub too (compute pinned to 2020-06-01, polls included)', async () => {
    const since = lastSequence();
    const handle = valueOf(
      keep(
        await A.beginPing(
          { target: w.targets.azureStack, virtualMachineId: sites.azureStack.vmId, targetIp: sites.azure.vmPrivateIp },
          w.context(),
        ),
      ),
    );
    w.sim.inspect.advanceClock(5 * 60 * 1000);
    expect(valueOf(keep(await A.getPingResult({ target: w.targets.azureStack, handle }, w.context())))).toMatchObject({
      done: true,
      reachable: true,
    });
    const versions = new Set(w.sim.inspect.requests({ service: 'azureStack', since }).map((r) => r.apiVersion));
    expect([...versions]).toEqual(['2020-06-01']);
  });

  it('reports a VM whose Run Command is busy as AnotherOperationInProgress, to be retried, not as a failure', async () => {
    w.sim.inspect.setClockScale(1);
    const input = {
      target: w.targets.azure,
      virtualMachineId: sites.azure.vmId,
      targetIp: sites.azureStack.vmPrivateIp,
    };
    const first = valueOf(keep(await A.beginPing(input, w.context())));
    // Thrown (the orchestration retries it), carrying the busy code.
    await expect(A.beginPing(input, w.context())).rejects.toMatchObject({
      code: 'AnotherOperationInProgress',
      retryable: true,
    });
    w.sim.inspect.advanceClock(5 * 60 * 1000);
    w.sim.inspect.setClockScale(SIMULATOR_TIME_SCALE);
    expect(valueOf(keep(await A.getPingResult({ target: w.targets.azure, handle: first }, w.context())))).toMatchObject(
      {
        done: true,
      },
    );
  });

  it('refuses a ping target that is not an IPv4 address (nothing reaches the shell)', async () => {
    const result = keep(
      await A.beginPing(
        { target: w.targets.azure, virtualMachineId: sites.azure.vmId, targetIp: '10.0.0.1; rm -rf /' },
        w.context(),
      ),
    );
    expect(result).toMatchObject({ ok: false, error: { stage: 'verify', code: 'InvalidPingTarget' } });
  });
});

describe('events', () => {
  it('publishes CloudEvents the topic stores under their deterministic ids', async () => {
    const started = buildEvent({
      type: EVENT_TYPES.provisioningStarted,
      name: CONNECTION_NAME,
      time: '2026-01-01T00:00:00Z',
      data: {
        ticketId: 'CHG0001',
        sites: {
          azure: {
            subscriptionId: w.targets.azure.subscriptionId,
            location: w.targets.azure.location,
            resourceGroup: w.targets.azure.resourceGroup,
            addressSpace: [...SITE_PLAN.azure.addressSpace],
          },
          azureStack: {
            subscriptionId: w.targets.azureStack.subscriptionId,
            location: w.targets.azureStack.location,
            resourceGroup: w.targets.azureStack.resourceGroup,
            addressSpace: [...SITE_PLAN.azureStack.addressSpace],
          },
        },
      },
    });
    const gateway = buildEvent({
      type: EVENT_TYPES.gatewayReady,
      name: CONNECTION_NAME,
      cloud: 'azureStack',
      time: '2026-01-01T00:40:00Z',
      data: {
        gatewayId: sites.azureStack.gatewayId,
        gatewaySku: 'Standard',
        gatewayPublicIp: sites.azureStack.gatewayPublicIp,
        provisioningState: 'Succeeded',
      },
    });
    expect(keep(await A.publishEvent({ event: started }, w.context()))).toEqual({
      ok: true,
      value: { published: true },
    });
    expect(keep(await A.publishEvent({ event: gateway }, w.context()))).toEqual({
      ok: true,
      value: { published: true },
    });
    // A retried publish sends the same id again; subscribers drop the duplicate by id.
    expect(keep(await A.publishEvent({ event: gateway }, w.context()))).toEqual({
      ok: true,
      value: { published: true },
    });

    const stored = w.sim.inspect.events() as { schema: string; id: string; event: Record<string, unknown> }[];
    expect(stored.map((e) => e.id)).toEqual([
      'hc-contoso/started/all',
      'hc-contoso/gateway/azureStack',
      'hc-contoso/gateway/azureStack',
    ]);
    expect(stored.every((e) => e.schema === 'CloudEventSchemaV1_0')).toBe(true);
    expect(stored[1]?.event).toMatchObject({
      specversion: '1.0',
      type: 'HybridConnection.Gateway.Ready',
      source: '/hybrid-connection',
      subject: 'connections/contoso/azureStack/gateway',
      time: '2026-01-01T00:40:00.000Z',
      datacontenttype: 'application/json',
      data: { gatewayPublicIp: sites.azureStack.gatewayPublicIp },
    });
  });
});

describe("a fleet's second site on the hub", () => {
  // The hub's target for the site factory-1: what it writes for that site is named after it and tagged with it.
  const SITE = 'factory-1';
  const siteTarget = () => ({ ...w.targets.azure, site: SITE, tags: resourceTags(CONNECTION_NAME, 'CHG0001', SITE) });
  let siteGatewayId = '';

  it("makes the site's own local network gateway, named after and tagged with the site", async () => {
    const ref = valueOf(
      keep(
        await A.ensureLocalNetworkGateway(
          {
            target: siteTarget(),
            gatewayIpAddress: sites.azureStack.gatewayPublicIp,
            addressPrefixes: ['10.201.0.0/16'],
          },
          w.context(),
        ),
      ),
    );
    siteGatewayId = ref.id;
    expect(ref.id).toMatch(new RegExp(`/localNetworkGateways/lgw-${CONNECTION_NAME}-to-${SITE}$`));
    expect(ref.id).not.toBe(localGatewayIds.azure);
    const stored = w.sim.inspect.resources('azure').find((r) => r.id === ref.id);
    expect(stored?.tags).toMatchObject({ 'hc-instance': `hc-${CONNECTION_NAME}`, 'hc-site': SITE });
  });

  it("puts only that site's own secret on its connection: hc-<name>-<site>-psk, never another tunnel's", async () => {
    const begin = (sharedKeySecretName: string) =>
      A.beginConnection(
        {
          target: siteTarget(),
          gatewayId: sites.azure.gatewayId,
          localNetworkGatewayId: siteGatewayId,
          sharedKeySecretName,
          ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY },
        },
        w.context(),
      );
    const foreign = keep(await begin(SECRET_NAME));
    expect(foreign).toMatchObject({ ok: false, error: { code: 'ForeignSharedKeySecret' } });
    const own = siteSharedKeySecretName(CONNECTION_NAME, SITE);
    expect(own).toBe(`hc-${CONNECTION_NAME}-${SITE}-psk`);
    valueOf(keep(await A.ensureSharedKey({ secretName: own }, w.context())));
    const started = valueOf(keep(await begin(own)));
    expect(started.id).toMatch(new RegExp(`/connections/cn-${CONNECTION_NAME}-to-${SITE}$`));
    const stored = w.sim.inspect.resources('azure').find((r) => r.id === started.id);
    expect(stored?.tags).toMatchObject({ 'hc-site': SITE });
  });
});

describe('secrets', () => {
  it('never puts the shared key in an activity result or a log line', async () => {
    const key = await vaultValue();
    expect(key.length).toBeGreaterThan(30);
    expect(results.length).toBeGreaterThan(20);
    expect(JSON.stringify(results)).not.toContain(key);
    expect(w.logs.join('\n')).not.toContain(key);
    expect(w.logs.join('\n')).not.toContain(w.sim.identity.clientSecret);
    expect(JSON.stringify(results)).not.toContain(w.sim.identity.clientSecret);
  });
});
