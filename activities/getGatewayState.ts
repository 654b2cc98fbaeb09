// Activity: reads the gateway's provisioning state, and its public IP address once it has one (a dynamic address
// exists only after the gateway is built). A gateway that ended Failed is a terminal {ok:false} naming ARM's code.
import type { InvocationContext } from '@azure/functions';
import { armCall, parseResourceId } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, GatewayState, GetStateInput } from './contracts';
import { getOrUndefined, isFailedState, isSucceededState, NOT_FOUND, SUCCEEDED } from './shared/arm';
import { failedResourceError } from './shared/failedResource';
import { siteOf } from './shared/site';

export async function getGatewayState(
  input: GetStateInput,
  _context: InvocationContext,
): Promise<ActivityResult<GatewayState>> {
  const site = siteOf(input.target, 'gateway');
  return armCall(site.errorSite, async () => {
    const { resourceGroup, name } = site.own(input.id, ARM_TYPES.gateway);
    const clients = await site.clients();
    const gateway = await getOrUndefined(() => clients.network.virtualNetworkGateways.get(resourceGroup, name));
    if (!gateway) return { provisioningState: NOT_FOUND };
    const state = gateway.provisioningState ?? SUCCEEDED;
    if (isFailedState(state)) {
      const operation = input.operation;
      throw await failedResourceError(
        site.errorSite,
        ARM_TYPES.gateway,
        state,
        operation === undefined
          ? undefined
          : () => clients.pollNetworkPut('virtualNetworkGateways', resourceGroup, name, operation),
      );
    }
    if (!isSucceededState(state)) return { provisioningState: state };
    const publicIpId = gateway.ipConfigurations?.[0]?.publicIPAddress?.id;
    if (publicIpId === undefined) return { provisioningState: state };
    const pip = parseResourceId(publicIpId);
    const address = await getOrUndefined(() => clients.network.publicIPAddresses.get(pip.resourceGroup, pip.name));
    return { provisioningState: state, ...(address?.ipAddress ? { publicIpAddress: address.ipAddress } : {}) };
  });
}
