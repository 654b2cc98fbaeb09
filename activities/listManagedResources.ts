// Activity: lists the resources of the site's resource group tagged for this connection, in the order teardown
// must delete them (connections, local network gateways, VMs, their OS disks, NICs, gateways, public IPs, VNets),
// each type read through its own typed client; with `onlySite`, only the hub's local network gateway and connection
// of that site. Its one write: the OS disk of a VM of ours is tagged as ours on the
// way (osDisks.ts), since CRP creates it untagged; a read-only listing (teardown's preview) writes nothing. The group itself comes last, and only when we created it (tagged)
// and ARM's generic resource list proves nothing else lives in it.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { isManagedBy, SITE_TAG, siteResourceNames } from '../lib/naming';
import type { ResourceKindKey } from '../lib/resourceKinds';
import type { ActivityResult, ListManagedResourcesInput, ManagedResources } from './contracts';
import { getOrUndefined } from './shared/arm';
import { groupContents } from './shared/groupContents';
import { deletableKinds } from './shared/resourceKinds';
import { claimableOsDisk, claimOsDisk } from './shared/osDisks';
import { siteOf } from './shared/site';

export async function listManagedResources(
  input: ListManagedResourcesInput,
  context: InvocationContext,
): Promise<ActivityResult<ManagedResources>> {
  const site = siteOf(input.target, 'teardown');
  const { target } = input;
  return armCall(site.errorSite, async () => {
    const clients = await site.clients();
    const group = await getOrUndefined(() => clients.resourceManager.resourceGroups.get(target.resourceGroup));
    if (!group) return { deleteOrder: [] };
    const deleteOrder: string[] = [];
    const unclaimedDisks: string[] = [];
    const ofSite = input.onlySite === undefined ? undefined : siteFilter(target.name, input.onlySite);
    for (const { key, ops } of deletableKinds()) {
      if (!ops.list) continue;
      if (ofSite !== undefined) {
        if (!ofSite.kinds.has(key)) continue;
        for await (const resource of ops.list(clients, target.resourceGroup)) {
          if (resource.id !== undefined && isManagedBy(resource.tags, target.name) && ofSite.holds(resource)) {
            deleteOrder.push(resource.id);
          }
        }
        continue;
      }
      if (key === 'osDisk') deleteOrder.push(...unclaimedDisks);
      for await (const resource of ops.list(clients, target.resourceGroup)) {
        if (resource.id === undefined || !isManagedBy(resource.tags, target.name)) continue;
        deleteOrder.push(resource.id);
        if (key !== 'virtualMachine') continue;
        // Disks are listed after VMs (delete order), so a disk claimed here is listed below.
        if (!input.readOnly) await claimOsDisk(clients, resource, target.name);
        else {
          const disk = await claimableOsDisk(clients, resource, target.name);
          if (disk) unclaimedDisks.push(disk.id);
        }
      }
    }
    if (ofSite === undefined && isManagedBy(group.tags, target.name)) {
      const contents = await groupContents(clients, site.errorSite, target.resourceGroup, target.name, unclaimedDisks);
      if (contents.known && contents.foreign === 0) deleteOrder.push(group.id ?? site.resourceGroupId);
      else if (!contents.known)
        context.warn(`${target.cloud}: keeping resource group ${target.resourceGroup}: ${contents.reason}`);
    }
    return { deleteOrder };
  });
}

/**
 * What the hub holds of one site: its local network gateway and connection, tagged with the site, or named as that
 * site's (made before the tag existed, or the site azurestack's, which keeps the tags of before fleets).
 */
function siteFilter(
  connectionName: string,
  site: string,
): {
  kinds: ReadonlySet<ResourceKindKey>;
  holds: (resource: { id?: string; tags?: Record<string, string> }) => boolean;
} {
  const names = siteResourceNames(connectionName, 'azure', site);
  const own = new Set([names.localNetworkGateway, names.connection].map((name) => name.toLowerCase()));
  return {
    kinds: new Set<ResourceKindKey>(['connection', 'localNetworkGateway']),
    holds: (resource) => {
      const tagged = resource.tags?.[SITE_TAG];
      if (tagged !== undefined) return tagged === site;
      const name = resource.id?.split('/').at(-1)?.toLowerCase() ?? '';
      return own.has(name);
    },
  };
}
