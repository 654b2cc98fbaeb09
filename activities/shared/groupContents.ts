// What a resource group holds, seen through ARM's generic resource list (the only view that includes types this
// workflow does not know). Teardown deletes a group only when that list proves everything in it is ours.
import { classifyArmError, TransientArmError, type ArmClients, type ErrorSite } from '../../lib/clouds';
import { isManagedBy } from '../../lib/naming';

export type GroupContents =
  | { known: true; total: number; foreign: number }
  /** The generic list is not available (an ARM that lacks it): the group's contents cannot be proven. */
  | { known: false; reason: string };

export async function groupContents(
  clients: ArmClients,
  site: ErrorSite,
  resourceGroupName: string,
  connectionName: string,
  /** Ids counted as ours though not (yet) tagged: the OS disks a read-only listing would have claimed. */
  claimable: readonly string[] = [],
): Promise<GroupContents> {
  const claimed = new Set(claimable.map((id) => id.toLowerCase()));
  let total = 0;
  let foreign = 0;
  try {
    for await (const resource of clients.resourceManager.resources.listByResourceGroup(resourceGroupName)) {
      total++;
      if (!isManagedBy(resource.tags, connectionName) && !claimed.has((resource.id ?? '').toLowerCase())) foreign++;
    }
  } catch (error) {
    const classified = classifyArmError(error, site);
    if (classified.retryable) throw new TransientArmError(classified.details);
    return { known: false, reason: `${classified.details.code}: ${classified.details.armMessage ?? 'list failed'}` };
  }
  return { known: true, total, foreign };
}
