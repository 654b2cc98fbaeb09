// Activity: lists the resources of the site's resource group tagged for this connection, in the order teardown
// must delete them (connections, local network gateways, VMs, NICs, gateways, public IPs, VNets), each type read
// through its own typed client. The group itself comes last, and only when we created it (tagged) and ARM's
// generic resource list proves nothing else lives in it.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { isManagedBy } from '../lib/naming';
import type { ActivityResult, ListManagedResourcesInput, ManagedResources } from './contracts';
import { getOrUndefined } from './shared/arm';
import { groupContents } from './shared/groupContents';
import { deletableKinds } from './shared/resourceKinds';
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
    for (const { ops } of deletableKinds()) {
      if (!ops.list) continue;
      for await (const resource of ops.list(clients, target.resourceGroup)) {
        if (resource.id !== undefined && isManagedBy(resource.tags, target.name)) deleteOrder.push(resource.id);
      }
    }
    if (isManagedBy(group.tags, target.name)) {
      const contents = await groupContents(clients, site.errorSite, target.resourceGroup, target.name);
      if (contents.known && contents.foreign === 0) deleteOrder.push(group.id ?? site.resourceGroupId);
      else if (!contents.known)
        context.warn(`${target.cloud}: keeping resource group ${target.resourceGroup}: ${contents.reason}`);
    }
    return { deleteOrder };
  });
}
