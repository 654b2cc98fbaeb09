// Teardown through the real SDKs and the simulator: only resources tagged for this connection are listed, in
// dependency order; each delete is only started by beginDeleteResource and watched with getResourceState; nothing
// untagged (or tagged for another connection) is ever deleted.
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { armClientsFor, parseResourceId } from '../../lib/clouds';
import { CLOUD_IDS, peerOf, type CloudId } from '../../lib/cloudIds';
import { AZURE_STACK_DEFAULT_IPSEC_POLICY } from '../../lib/ipsec';
import { defaultSharedKeySecretName, resourceTags } from '../../lib/naming';
import { CONNECTION_NAME, SITE_PLAN, startActivityWorld, valueOf, type ActivityWorld } from './harness';
import { provisionBothSites } from './sites';

const DELETE_MS = 30 * 60 * 1000;
const TYPE_ORDER = [
  'Microsoft.Network/connections',
  'Microsoft.Network/localNetworkGateways',
  'Microsoft.Compute/virtualMachines',
  // The VM's OS disk: created untagged by CRP, claimed (tagged) by the listing while the VM proves it is ours.
  'Microsoft.Compute/disks',
  'Microsoft.Network/networkInterfaces',
  'Microsoft.Network/virtualNetworkGateways',
  'Microsoft.Network/publicIPAddresses',
  'Microsoft.Network/virtualNetworks',
];

let w: ActivityWorld;
const foreign = {} as Record<CloudId, { untagged: string; otherConnection: string; disk: string }>;
const order = {} as Record<CloudId, string[]>;

beforeAll(async () => {
  w = await startActivityWorld();
  const sites = await provisionBothSites(w);
  const secretName = defaultSharedKeySecretName(CONNECTION_NAME);
  valueOf(await A.ensureSharedKey({ secretName }, w.context()));
  for (const cloud of CLOUD_IDS) {
    const peer = peerOf(cloud);
    const target = w.targets[cloud];
    const lgw = valueOf(
      await A.ensureLocalNetworkGateway(
        { target, gatewayIpAddress: sites[peer].gatewayPublicIp, addressPrefixes: [...SITE_PLAN[peer].addressSpace] },
        w.context(),
      ),
    );
    valueOf(
      await A.beginConnection(
        {
          target,
          gatewayId: sites[cloud].gatewayId,
          localNetworkGatewayId: lgw.id,
          sharedKeySecretName: secretName,
          ipsecPolicy: { ...AZURE_STACK_DEFAULT_IPSEC_POLICY },
        },
        w.context(),
      ),
    );
    // Resources in the same group that this connection did not create (the test plays their owner).
    const { network, compute } = await armClientsFor({
      cloud,
      subscriptionId: target.subscriptionId,
      ...(target.stamp !== undefined ? { stamp: target.stamp } : {}),
    });
    const sku = cloud === 'azure' ? { name: 'Standard' } : { name: 'Basic' };
    const untagged = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      'pip-someone-else',
      { location: target.location, sku },
      { updateIntervalInMs: 10 },
    );
    const other = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      'pip-other-connection',
      { location: target.location, sku, tags: resourceTags('fabrikam') },
      { updateIntervalInMs: 10 },
    );
    // An unattached disk of someone else's: no VM of ours manages it, so it is never claimed.
    const disk = await compute.disks.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      'disk-someone-else',
      { location: target.location, creationData: { createOption: 'Empty' }, diskSizeGB: 8 },
      { updateIntervalInMs: 10 },
    );
    foreign[cloud] = { untagged: untagged.id ?? '', otherConnection: other.id ?? '', disk: disk.id ?? '' };
  }
  w.sim.inspect.advanceClock(DELETE_MS);
}, 60_000);
afterAll(async () => {
  await w.stop();
});

function exists(cloud: CloudId, id: string): boolean {
  return w.sim.inspect.resources(cloud).some((r) => r.id.toLowerCase() === id.toLowerCase());
}

describe.each(CLOUD_IDS)('%s teardown', (cloud) => {
  it('lists exactly the tagged resources, dependents first', async () => {
    order[cloud] = valueOf(await A.listManagedResources({ target: w.targets[cloud] }, w.context())).deleteOrder;
    const types = order[cloud].map((id) => parseResourceId(id).type);
    const resourceTypes = types.filter((type) => type !== 'Microsoft.Resources/resourceGroups');
    expect(resourceTypes).toEqual(TYPE_ORDER);
    expect(order[cloud]).not.toContain(foreign[cloud].untagged);
    expect(order[cloud]).not.toContain(foreign[cloud].otherConnection);
    expect(order[cloud]).not.toContain(foreign[cloud].disk);
    // The group holds someone else's resources: it is never on the list.
    expect(types).not.toContain('Microsoft.Resources/resourceGroups');
  });

  it('refuses to delete anything not tagged for this connection', async () => {
    for (const id of [foreign[cloud].untagged, foreign[cloud].otherConnection]) {
      const result = await A.beginDeleteResource({ target: w.targets[cloud], id }, w.context());
      expect(result).toMatchObject({
        ok: false,
        error: { cloud, stage: 'teardown', code: 'NotManagedByThisConnection' },
      });
      expect(exists(cloud, id)).toBe(true);
    }
  });

  it('starts each delete without waiting, and getResourceState sees it go', async () => {
    for (const id of order[cloud]) {
      const started = valueOf(await A.beginDeleteResource({ target: w.targets[cloud], id }, w.context()));
      // Azure's OS disk goes with its VM (deleteOption Delete); Stack Hub's is left for teardown to delete.
      const goneWithVm = cloud === 'azure' && parseResourceId(id).type === 'Microsoft.Compute/disks';
      expect(started).toEqual(goneWithVm ? { exists: false } : { exists: true, provisioningState: 'Deleting' });
      const again = valueOf(await A.beginDeleteResource({ target: w.targets[cloud], id }, w.context()));
      expect(again.exists === false || again.provisioningState === 'Deleting').toBe(true);
      w.sim.inspect.advanceClock(DELETE_MS);
      expect(valueOf(await A.getResourceState({ target: w.targets[cloud], id }, w.context()))).toEqual({
        exists: false,
      });
      expect(valueOf(await A.beginDeleteResource({ target: w.targets[cloud], id }, w.context()))).toEqual({
        exists: false,
      });
    }
    expect(exists(cloud, foreign[cloud].untagged)).toBe(true);
    expect(exists(cloud, foreign[cloud].otherConnection)).toBe(true);
    expect(exists(cloud, foreign[cloud].disk)).toBe(true);
  });

  it("keeps the resource group while it holds someone else's resources", async () => {
    const target = w.targets[cloud];
    const groupId = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
    const result = await A.beginDeleteResource({ target, id: groupId }, w.context());
    expect(result).toMatchObject({ ok: false, error: { code: 'ResourceGroupNotEmpty', stage: 'teardown' } });
    expect(valueOf(await A.getResourceState({ target, id: groupId }, w.context()))).toEqual({
      exists: true,
      provisioningState: 'Succeeded',
    });
  });

  it('lists nothing once everything tagged is gone', async () => {
    expect(valueOf(await A.listManagedResources({ target: w.targets[cloud] }, w.context())).deleteOrder).toEqual([]);
  });
});

describe('a resource group that does not exist', () => {
  it('lists nothing to delete', async () => {
    const target = { ...w.targets.azure, resourceGroup: 'rg-never-made' };
    expect(valueOf(await A.listManagedResources({ target }, w.context()))).toEqual({ deleteOrder: [] });
  });
});

describe('a tagged resource group that holds only our resources', () => {
  // Teardown deletes the group only after ARM's generic list (resources.listByResourceGroup) proves it empty.
  it('is listed last and deleted once its resources are gone', async () => {
    const target = { ...w.targets.azure, resourceGroup: 'rg-contoso-solo' };
    valueOf(await A.ensureResourceGroup({ target }, w.context()));
    const pip = valueOf(await A.ensurePublicIp({ target }, w.context()));
    const groupId = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
    expect(valueOf(await A.listManagedResources({ target }, w.context())).deleteOrder).toEqual([pip.id, groupId]);
  });
});
