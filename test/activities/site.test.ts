// The per-site activities against the simulator through the real SDKs: what each creates (names, tags, properties),
// that calling it again changes nothing (no second PUT, same etag), that a VNet whose GatewaySubnet is in use is
// never re-PUT, and that Azure Stack Hub only ever hears the 2020-09-01-hybrid api-versions.
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { SIMULATED_STAMP_ID } from '../../cli/simulatorSettings';
import { armClientsFor } from '../../lib/clouds';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isManagedBy, siteResourceNames } from '../../lib/naming';
import type { ArmResource } from '../../simulator/arm/resourceType';
import {
  CONNECTION_NAME,
  IMAGE,
  LONG_ENOUGH_MS,
  SITE_PLAN,
  SSH_PUBLIC_KEY,
  startActivityWorld,
  valueOf,
  type ActivityWorld,
  anyString,
} from './harness';
import { startSite, type ProvisionedSite } from './sites';

let w: ActivityWorld;
const sites = {} as Record<CloudId, Omit<ProvisionedSite, 'gatewayPublicIp'>>;

/** Gateways that take two virtual hours, so "still building" is observable; the tests advance the clock past it. */
const SLOW_GATEWAYS = { 'Microsoft.Network/virtualNetworkGateways:create': 2 * 60 * 60 * 1000 };

beforeAll(async () => {
  w = await startActivityWorld({ latency: { azure: SLOW_GATEWAYS, azureStack: SLOW_GATEWAYS } });
});
afterAll(async () => {
  await w.stop();
});

function resource(cloud: CloudId, id: string): ArmResource {
  const found = w.sim.inspect.resources(cloud).find((r) => r.id.toLowerCase() === id.toLowerCase());
  if (!found) throw new Error(`${cloud} has no ${id}`);
  return found;
}

/** Writes (PUT/DELETE/POST) the simulator answered for `cloud` since request `since`. */
function writesSince(cloud: CloudId, since: number): { method: string; path: string }[] {
  return w.sim.inspect
    .requests({ service: cloud, since })
    .filter((r) => r.method !== 'GET')
    .map((r) => ({ method: r.method, path: r.path }));
}

function lastSequence(): number {
  return w.sim.inspect.requests().at(-1)?.sequence ?? 0;
}

const names = (cloud: CloudId) => siteResourceNames(CONNECTION_NAME, cloud);

describe.each(CLOUD_IDS)('%s site', (cloud) => {
  it('creates every resource of the site with its deterministic name and the connection tags', async () => {
    sites[cloud] = await startSite(w, cloud);
    const site = sites[cloud];
    const n = names(cloud);
    const target = w.targets[cloud];
    expect(site.vnetId).toMatch(
      new RegExp(
        `/resourceGroups/${target.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${n.virtualNetwork}$`,
      ),
    );
    expect(site.gatewaySubnetId).toBe(`${site.vnetId}/subnets/GatewaySubnet`);
    expect(site.workloadSubnetId).toBe(`${site.vnetId}/subnets/${n.workloadSubnet}`);

    const ids = [site.vnetId, site.publicIpId, site.gatewayId, site.nicId, site.vmId];
    for (const id of ids) expect(isManagedBy(resource(cloud, id).tags, CONNECTION_NAME)).toBe(true);
    const group = resource(cloud, `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`);
    expect(group.tags).toEqual(target.tags);
  });

  it('gives the VNet the planned address space and both subnets', () => {
    const vnet = resource(cloud, sites[cloud].vnetId);
    const properties = vnet.properties as {
      addressSpace: { addressPrefixes: string[] };
      subnets: { name: string; properties: { addressPrefix: string } }[];
    };
    expect(properties.addressSpace.addressPrefixes).toEqual(SITE_PLAN[cloud].addressSpace);
    const subnets = Object.fromEntries(properties.subnets.map((s) => [s.name, s.properties.addressPrefix]));
    expect(subnets).toEqual({
      [names(cloud).workloadSubnet]: SITE_PLAN[cloud].workloadSubnet,
      GatewaySubnet: SITE_PLAN[cloud].gatewaySubnet,
    });
  });

  it('builds the public IP each cloud needs (Azure Standard static, Stack Hub Basic dynamic)', () => {
    const pip = resource(cloud, sites[cloud].publicIpId) as ArmResource & { sku?: { name: string } };
    const properties = pip.properties as { publicIPAllocationMethod: string };
    expect(pip.sku?.name).toBe(cloud === 'azure' ? 'Standard' : 'Basic');
    expect(properties.publicIPAllocationMethod).toBe(cloud === 'azure' ? 'Static' : 'Dynamic');
  });

  it('only starts the gateway (route-based, planned SKU, in GatewaySubnet) and reports it until it is built', async () => {
    const target = w.targets[cloud];
    const gateway = resource(cloud, sites[cloud].gatewayId);
    const properties = gateway.properties as {
      provisioningState: string;
      gatewayType: string;
      vpnType: string;
      sku: { name: string };
      ipConfigurations: { properties: { subnet: { id: string }; publicIPAddress: { id: string } } }[];
    };
    expect(properties.provisioningState).not.toBe('Succeeded');
    expect(properties).toMatchObject({
      gatewayType: 'Vpn',
      vpnType: 'RouteBased',
      sku: { name: SITE_PLAN[cloud].gatewaySku },
    });
    expect(properties.ipConfigurations[0]?.properties.subnet.id).toBe(sites[cloud].gatewaySubnetId);
    expect(properties.ipConfigurations[0]?.properties.publicIPAddress.id).toBe(sites[cloud].publicIpId);

    const early = valueOf(await A.getGatewayState({ target, id: sites[cloud].gatewayId }, w.context()));
    expect(early.provisioningState).toBe('Updating');
    expect(early.publicIpAddress).toBeUndefined();
  });

  it('puts the NIC in the workload subnet with a dynamic private IP from it', () => {
    const nic = resource(cloud, sites[cloud].nicId);
    const ipConfiguration = (
      nic.properties as {
        ipConfigurations: { properties: { subnet: { id: string }; privateIPAllocationMethod: string } }[];
      }
    ).ipConfigurations[0];
    expect(ipConfiguration?.properties.subnet.id).toBe(sites[cloud].workloadSubnetId);
    expect(ipConfiguration?.properties.privateIPAllocationMethod).toBe('Dynamic');
    expect(sites[cloud].vmPrivateIp).toMatch(
      new RegExp(`^${SITE_PLAN[cloud].workloadSubnet.split('.').slice(0, 3).join('\\.')}\\.\\d+$`),
    );
  });

  it('starts a Linux VM with SSH-key-only login on that NIC', () => {
    const vm = resource(cloud, sites[cloud].vmId);
    const properties = vm.properties as {
      hardwareProfile: { vmSize: string };
      osProfile: {
        computerName: string;
        adminUsername: string;
        adminPassword?: string;
        linuxConfiguration: { disablePasswordAuthentication: boolean; ssh: { publicKeys: { keyData: string }[] } };
      };
      storageProfile: { imageReference: { offer: string }; osDisk: { name: string; deleteOption?: string } };
      networkProfile: { networkInterfaces: { id: string }[] };
    };
    expect(properties.hardwareProfile.vmSize).toBe(SITE_PLAN[cloud].vmSize);
    expect(properties.osProfile).toMatchObject({ computerName: names(cloud).computerName, adminUsername: 'azureuser' });
    expect(properties.osProfile.adminPassword).toBeUndefined();
    expect(properties.osProfile.linuxConfiguration.disablePasswordAuthentication).toBe(true);
    expect(properties.osProfile.linuxConfiguration.ssh.publicKeys[0]?.keyData).toBe(SSH_PUBLIC_KEY);
    expect(properties.storageProfile.imageReference.offer).toBe(IMAGE.offer);
    expect(properties.storageProfile.osDisk.name).toBe(names(cloud).osDisk);
    // Deleted with the VM where the api-version knows how (2026-04-01); 2020-06-01 on Stack Hub has no such member.
    expect(properties.storageProfile.osDisk.deleteOption).toBe(cloud === 'azure' ? 'Delete' : undefined);
    expect(properties.networkProfile.networkInterfaces[0]?.id).toBe(sites[cloud].nicId);
  });
});

describe('once the long-running work is done', () => {
  beforeAll(() => {
    w.sim.inspect.advanceClock(LONG_ENOUGH_MS);
  });

  it.each(CLOUD_IDS)("%s: getGatewayState reports Succeeded and the gateway's public IP", async (cloud) => {
    const state = valueOf(
      await A.getGatewayState({ target: w.targets[cloud], id: sites[cloud].gatewayId }, w.context()),
    );
    expect(state.provisioningState).toBe('Succeeded');
    const pip = resource(cloud, sites[cloud].publicIpId);
    expect(state.publicIpAddress).toBe((pip.properties as { ipAddress: string }).ipAddress);
  });

  it.each(CLOUD_IDS)('%s: getVirtualMachineState reports Succeeded and running', async (cloud) => {
    const state = valueOf(
      await A.getVirtualMachineState({ target: w.targets[cloud], id: sites[cloud].vmId }, w.context()),
    );
    expect(state).toEqual({ provisioningState: 'Succeeded', powerState: 'running' });
  });

  it.each(CLOUD_IDS)('%s: running every site activity again writes nothing and changes no etag', async (cloud) => {
    const before = new Map(w.sim.inspect.resources(cloud).map((r) => [r.id, r.etag]));
    const since = lastSequence();
    const again = await startSite(w, cloud);
    expect(writesSince(cloud, since)).toEqual([]);
    expect(again.gatewayId).toBe(sites[cloud].gatewayId);
    expect(again.vmPrivateIp).toBe(sites[cloud].vmPrivateIp);
    expect(new Map(w.sim.inspect.resources(cloud).map((r) => [r.id, r.etag]))).toEqual(before);
  });

  it.each(CLOUD_IDS)('%s: never re-PUTs the VNet whose GatewaySubnet the gateway uses', async (cloud) => {
    const gatewaySubnet = resource(cloud, sites[cloud].vnetId).properties as {
      subnets: { name: string; properties: { ipConfigurations?: unknown[] } }[];
    };
    expect(
      gatewaySubnet.subnets.find((s) => s.name === 'GatewaySubnet')?.properties.ipConfigurations?.length,
    ).toBeGreaterThan(0);
    const since = lastSequence();
    const plan = SITE_PLAN[cloud];
    const result = await A.ensureVirtualNetwork(
      {
        target: w.targets[cloud],
        addressSpace: [...plan.addressSpace],
        workloadSubnet: plan.workloadSubnet,
        gatewaySubnet: plan.gatewaySubnet,
      },
      w.context(),
    );
    expect(valueOf(result).gatewaySubnetId).toBe(sites[cloud].gatewaySubnetId);
    expect(w.sim.inspect.requests({ service: cloud, method: 'PUT', since })).toEqual([]);
  });

  it('refuses to change a subnet that is in use instead of re-PUTting the VNet', async () => {
    const plan = SITE_PLAN.azure;
    const since = lastSequence();
    const result = await A.ensureVirtualNetwork(
      {
        target: w.targets.azure,
        addressSpace: [...plan.addressSpace],
        workloadSubnet: plan.workloadSubnet,
        gatewaySubnet: '10.100.254.0/27',
      },
      w.context(),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { cloud: 'azure', stage: 'virtualNetwork', code: 'InUseSubnetCannotBeUpdated' },
    });
    expect(w.sim.inspect.requests({ service: 'azure', method: 'PUT', since })).toEqual([]);
  });
});

describe('a VNet that lacks a subnet', () => {
  it('gets the missing subnet as a child PUT, never a VNet PUT', async () => {
    const target = { ...w.targets.azureStack, resourceGroup: 'rg-contoso-partial' };
    valueOf(await A.ensureResourceGroup({ target }, w.context()));
    // Someone made the VNet with only its GatewaySubnet (the test plays that someone, with the same SDK client).
    const { network } = await armClientsFor({
      cloud: 'azureStack',
      subscriptionId: target.subscriptionId,
      stamp: SIMULATED_STAMP_ID,
    });
    const n = names('azureStack');
    await network.virtualNetworks.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      n.virtualNetwork,
      {
        location: target.location,
        tags: target.tags,
        addressSpace: { addressPrefixes: ['10.200.0.0/16'] },
        subnets: [{ name: 'GatewaySubnet', addressPrefix: '10.200.255.0/27' }],
      },
      { updateIntervalInMs: 10 },
    );
    const since = lastSequence();
    const result = valueOf(
      await A.ensureVirtualNetwork(
        { target, addressSpace: ['10.200.0.0/16'], workloadSubnet: '10.200.1.0/24', gatewaySubnet: '10.200.255.0/27' },
        w.context(),
      ),
    );
    const puts = w.sim.inspect.requests({ service: 'azureStack', method: 'PUT', since }).map((r) => r.path);
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatch(new RegExp(`/virtualNetworks/${n.virtualNetwork}/subnets/${n.workloadSubnet}$`));
    expect(result.workloadSubnetId).toMatch(new RegExp(`/subnets/${n.workloadSubnet}$`));
  });

  it('refuses an existing VNet whose address space differs from the plan', async () => {
    const target = { ...w.targets.azureStack, resourceGroup: 'rg-contoso-partial' };
    const result = await A.ensureVirtualNetwork(
      { target, addressSpace: ['10.201.0.0/16'], workloadSubnet: '10.201.1.0/24', gatewaySubnet: '10.201.255.0/27' },
      w.context(),
    );
    expect(result).toMatchObject({
      ok: false,
      error: { cloud: 'azureStack', stage: 'virtualNetwork', code: 'AddressSpaceMismatch', hint: anyString() },
    });
  });
});

describe('api-versions on the wire', () => {
  it('sends Azure Stack Hub only the 2020-09-01-hybrid profile versions', () => {
    const versions = new Set(w.sim.inspect.requests({ service: 'azureStack' }).map((r) => r.apiVersion ?? '(none)'));
    // 2015-01-01 is the metadata endpoint's own version (endpoint discovery), not an RP call.
    expect([...versions].sort()).toEqual(['2015-01-01', '2018-11-01', '2019-10-01', '2020-06-01']);
    const byProvider = (provider: RegExp) =>
      new Set(
        w.sim.inspect
          .requests({ service: 'azureStack' })
          .filter((r) => provider.test(r.path))
          .map((r) => r.apiVersion),
      );
    expect([...byProvider(/\/providers\/Microsoft\.Compute\//i)]).toEqual(['2020-06-01']);
    expect([...byProvider(/\/providers\/Microsoft\.Network\//i)]).toEqual(['2018-11-01']);
  });

  it("sends Azure the current SDKs' own versions", () => {
    const byProvider = (provider: RegExp) =>
      new Set(
        w.sim.inspect
          .requests({ service: 'azure' })
          .filter((r) => provider.test(r.path))
          .map((r) => r.apiVersion),
      );
    expect([...byProvider(/\/providers\/Microsoft\.Network\//i)]).toEqual(['2026-01-01']);
    expect([...byProvider(/\/providers\/Microsoft\.Compute\//i)]).toEqual(['2026-04-01']);
    expect([...byProvider(/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/i)]).toEqual(['2025-04-01']);
  });
});
