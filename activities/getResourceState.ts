// Activity: reads whether one resource still exists and its provisioning state (teardown watches deletes with it).
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import type { ActivityResult, GetStateInput, ResourceState } from './contracts';
import { getOrUndefined, SUCCEEDED, terminalError } from './shared/arm';
import { kindOf } from './shared/resourceKinds';
import { siteOf } from './shared/site';

export async function getResourceState(
  input: GetStateInput,
  _context: InvocationContext,
): Promise<ActivityResult<ResourceState>> {
  const site = siteOf(input.target, 'teardown');
  return armCall(site.errorSite, async () => {
    const id = site.own(input.id);
    const kind = kindOf(id.type);
    if (!kind)
      throw terminalError(site.errorSite, 'UnsupportedResourceType', `cannot read ${id.type}`, 'read it by hand');
    const clients = await site.clients();
    const current = await getOrUndefined(() => kind.get(clients, id));
    return current ? { exists: true, provisioningState: current.provisioningState ?? SUCCEEDED } : { exists: false };
  });
}
