// The preview of a finished run and of a drifted one, through the real activities and SDKs: after provisioning
// both sites and linking them, every resource previews as no-change and nothing needs quota; once a VNet's address
// space is changed behind the app's back, the preview names that field. No pre-flight writes anything.
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { PREFLIGHT_HANDLERS as P } from '../../activities/preflightHandlers';
import { armClientsFor } from '../../lib/clouds';
import { CLOUD_IDS, peerOf, type CloudId } from '../../lib/cloudIds';
import { AZURE_STACK_DEFAULT_IPSEC_POLICY } from '../../lib/ipsec';
import { defaultSharedKeySecretName } from '../../lib/naming';
import { CONNECTION_NAME, SITE_PLAN, startActivityWorld, valueOf, type ActivityWorld } from '../activities/harness';
import { provisionBothSites, type ProvisionedSite } from '../activities/sites';
import { check, lastSequence, reportOf, siteInput, writesSince } from './harness';

const SECRET_NAME = defaultSharedKeySecretName(CONNECTION_NAME);
let w: ActivityWorld;
let sites: Record<CloudId, ProvisionedSite>;

beforeAll(async () => {
  w = await startActivityWorld();
  sites = await provisionBothSites(w);
  valueOf(await A.ensureSharedKey({ secretName: SECRET_NAME }, w.context()));
  const lgw: Partial<Record<CloudId, string>> = {};
  for (const cloud of CLOUD_IDS) {
    const peer = peerOf(cloud);
    const input = {
      target: w.targets[cloud],
      gatewayIpAddress: sites[peer].gatewayPublicIp,
      addressPrefixes: [...SITE_PLAN[peer].addressSpace],
    };
    lgw[cloud] = valueOf(await A.ensureLocalNetworkGateway(input, w.context())).id;
  }
  for (const cloud of CLOUD_IDS) {
    const input = {
      target: w.targets[cloud],
      gatewayId: sites[cloud].gatewayId,
      localNetworkGatewayId: lgw[cloud] ?? '',
      sharedKeySecretName: SECRET_NAME,
      ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY },
    };
    valueOf(await A.beginConnection(input, w.context()));
  }
  w.sim.inspect.advanceClock(30 * 60 * 1000);
}, 60_000);
afterAll(() => w.stop());

async function preview(cloud: CloudId) {
  const since = lastSequence(w);
  const report = reportOf(
    await P.preflightSite(
      siteInput(w, cloud, {
        peerGatewayIpAddress: sites[peerOf(cloud)].gatewayPublicIp,
        ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY },
      }),
      w.context('preflightSite'),
    ),
  );
  expect(writesSince(w, since)).toEqual([]);
  return report;
}

describe.each(CLOUD_IDS)('%s after a finished run', (cloud) => {
  it('previews every resource as no-change, passes every check, and needs no quota', async () => {
    const report = await preview(cloud);
    expect(report.diff.map((d) => [d.name, d.action])).toEqual(report.diff.map((d) => [d.name, 'no-change']));
    expect(report.diff).toHaveLength(8);
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(check(report.checks, 'quotaCompute')?.detail).toBe('the run creates nothing that counts');
    // The group exists now: its own permissions were read.
    expect(check(report.checks, 'permissions')?.detail).toContain(`resource group ${w.targets[cloud].resourceGroup}`);
  });
});

it('counts the run VM in the compute usages', async () => {
  const { compute } = await armClientsFor({ cloud: 'azure', subscriptionId: w.sim.azure.subscriptionId });
  const rows = [];
  for await (const row of compute.usage.list(w.sim.azure.location)) rows.push(row);
  expect(rows.find((r) => r.name.value === 'cores')?.currentValue).toBe(2);
  expect(rows.find((r) => r.name.value === 'standardBSFamily')?.currentValue).toBe(2);
  expect(rows.find((r) => r.name.value === 'virtualMachines')?.currentValue).toBe(1);
});

describe('a drifted run', () => {
  it("names a VNet's changed address space as a conflict, and a moved peer gateway as an LGW update", async () => {
    const target = w.targets.azure;
    const { network } = await armClientsFor({ cloud: 'azure', subscriptionId: target.subscriptionId });
    const vnet = await network.virtualNetworks.get(target.resourceGroup, 'vnet-contoso');
    await network.virtualNetworks.beginCreateOrUpdateAndWait(target.resourceGroup, 'vnet-contoso', {
      ...vnet,
      addressSpace: { addressPrefixes: ['10.100.0.0/16', '10.150.0.0/16'] },
    });
    const report = await preview('azure');
    expect(report.diff.find((d) => d.name === 'vnet-contoso')).toMatchObject({
      action: 'conflict',
      fields: [{ field: 'addressSpace', old: '10.100.0.0/16, 10.150.0.0/16', new: '10.100.0.0/16' }],
    });
    expect(check(report.checks, 'conflicts')).toMatchObject({ status: 'failed' });

    const moved = reportOf(
      await P.preflightSite(
        siteInput(w, 'azureStack', {
          peerGatewayIpAddress: '198.51.100.7',
          ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY },
        }),
        w.context(),
      ),
    );
    expect(moved.diff.find((d) => d.resourceType === 'Microsoft.Network/localNetworkGateways')).toMatchObject({
      action: 'update',
      fields: [{ field: 'gatewayIpAddress', old: sites.azure.gatewayPublicIp, new: '198.51.100.7' }],
    });
  });
});
