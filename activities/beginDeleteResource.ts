// Activity: starts deleting one resource (teardown) and returns at once; getResourceState watches it go. Refuses
// anything not tagged for this connection, and a resource group that still holds something else, so teardown can
// only ever remove what this workflow created.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { isManagedBy } from '../lib/naming';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, DeleteResourceInput, ResourceState } from './contracts';
import { busyError, getOrUndefined, terminalError } from './shared/arm';
import { groupContents } from './shared/groupContents';
import { kindOf } from './shared/resourceKinds';
import { siteOf } from './shared/site';

export async function beginDeleteResource(
  input: DeleteResourceInput,
  context: InvocationContext,
): Promise<ActivityResult<ResourceState>> {
  const site = siteOf(input.target, 'teardown');
  const { target } = input;
  return armCall(site.errorSite, async () => {
    const id = site.own(input.id);
    const kind = kindOf(id.type);
    if (!kind) {
      throw terminalError(
        site.errorSite,
        'UnsupportedResourceType',
        `teardown does not delete ${id.type}`,
        'delete it by hand',
      );
    }
    const clients = await site.clients();
    const current = await getOrUndefined(() => kind.get(clients, id));
    if (!current) return { exists: false };
    if (!isManagedBy(current.tags, target.name)) {
      throw terminalError(
        site.errorSite,
        'NotManagedByThisConnection',
        `${input.id} is not tagged for connection ${target.name}`,
        'teardown deletes only what this connection created; delete it by hand if it must go',
      );
    }
    if (current.provisioningState?.toLowerCase() === 'deleting') return { exists: true, provisioningState: 'Deleting' };
    if (id.type === ARM_TYPES.resourceGroup) {
      const contents = await groupContents(clients, site.errorSite, id.resourceGroup, target.name);
      if (!contents.known || contents.foreign > 0) {
        throw terminalError(
          site.errorSite,
          'ResourceGroupNotEmpty',
          contents.known
            ? `resource group ${id.resourceGroup} holds ${contents.foreign} resource(s) this connection did not create`
            : `the contents of resource group ${id.resourceGroup} cannot be listed (${contents.reason})`,
          'the group is kept; delete it by hand once it holds nothing you need',
        );
      }
      // Our own resources are still going: deleting the group now would race them.
      if (contents.total > 0) throw busyError(site.errorSite, `resource group ${id.resourceGroup}`, 'not empty yet');
    }
    await kind.beginDelete(clients, id);
    context.log(`${target.cloud}: deleting ${input.id}`);
    return { exists: true, provisioningState: 'Deleting' };
  });
}
