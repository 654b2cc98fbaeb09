// Activity: makes sure the site's resource group exists. An existing group is adopted as it is (never re-tagged or
// moved); a missing one is created with the connection's tags. Resource-group PUTs are synchronous.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import type { ActivityResult, EnsureResourceGroupInput, ResourceRef } from './contracts';
import { getOrUndefined, SUCCEEDED, terminalError } from './shared/arm';
import { siteOf } from './shared/site';

export async function ensureResourceGroup(
  input: EnsureResourceGroupInput,
  context: InvocationContext,
): Promise<ActivityResult<ResourceRef>> {
  const site = siteOf(input.target, 'resourceGroup');
  const { target } = input;
  return armCall(site.errorSite, async () => {
    const { resourceManager } = await site.clients();
    const existing = await getOrUndefined(() => resourceManager.resourceGroups.get(target.resourceGroup));
    if (existing) {
      if (normaliseLocation(existing.location) !== normaliseLocation(target.location)) {
        throw terminalError(
          site.errorSite,
          'InvalidResourceGroupLocation',
          `resource group ${target.resourceGroup} already exists in ${existing.location}, not ${target.location}`,
          "use the existing group's location in the plan, or choose another resourceGroup",
        );
      }
      return {
        id: existing.id ?? site.resourceGroupId,
        provisioningState: existing.properties?.provisioningState ?? SUCCEEDED,
      };
    }
    const created = await resourceManager.resourceGroups.createOrUpdate(target.resourceGroup, {
      location: target.location,
      tags: target.tags,
    });
    context.log(`${target.cloud}: created resource group ${target.resourceGroup}`);
    return {
      id: created.id ?? site.resourceGroupId,
      provisioningState: created.properties?.provisioningState ?? SUCCEEDED,
    };
  });
}

/** ARM normalises locations ("West Europe" -> westeurope). */
function normaliseLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
