// Activity: starts the reset that repairs one side of a stuck tunnel and returns at once (the monitor watches it
// settle with getResourceState). What is reset is the site profile's choice: the connection's own reset action, or,
// where the site's network api has none (Azure Stack Hub), the reset of the gateway the connection hangs off.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import { siteProfile } from '../lib/sites/profiles';
import type { ActivityResult, BeginRepairInput, RepairStarted } from './contracts';
import { getOrUndefined, terminalError } from './shared/arm';
import { siteOf } from './shared/site';

export async function beginRepair(
  input: BeginRepairInput,
  context: InvocationContext,
): Promise<ActivityResult<RepairStarted>> {
  const site = siteOf(input.target, 'tunnel');
  const action = siteProfile(input.target.cloud).repairAction;
  return armCall(site.errorSite, async () => {
    const { resourceGroup, name } = site.own(input.connectionId, ARM_TYPES.connection);
    const clients = await site.clients();
    const connections = clients.network.virtualNetworkGatewayConnections;
    const connection = await getOrUndefined(() => connections.get(resourceGroup, name));
    if (!connection) {
      throw terminalError(
        site.errorSite,
        'ConnectionNotFound',
        `${input.connectionId} does not exist`,
        'rerun the provisioning to recreate it',
      );
    }
    if (action === 'resetConnection') {
      // A retry after the POST went through finds the reset under way: watch that one rather than start another.
      if (connection.provisioningState === 'Updating') return { action, resourceId: input.connectionId };
      if (!connections.beginResetConnection) {
        throw terminalError(
          site.errorSite,
          'RepairActionUnavailable',
          `the ${input.target.cloud} client has no connection reset`,
          'the site profile and its SDK disagree: fix repairAction in lib/sites/profiles.ts',
        );
      }
      await connections.beginResetConnection(resourceGroup, name);
      context.log(`${input.target.cloud}: resetting connection ${input.connectionId}`);
      return { action, resourceId: input.connectionId };
    }
    const gatewayId = connection.virtualNetworkGateway1?.id;
    if (gatewayId === undefined) {
      throw terminalError(
        site.errorSite,
        'GatewayNotFound',
        `${input.connectionId} names no gateway`,
        'check the connection in the portal',
      );
    }
    const gateway = site.own(gatewayId, ARM_TYPES.gateway);
    const current = await getOrUndefined(() =>
      clients.network.virtualNetworkGateways.get(gateway.resourceGroup, gateway.name),
    );
    if (current?.provisioningState === 'Updating') return { action, resourceId: gatewayId };
    await clients.network.virtualNetworkGateways.beginReset(gateway.resourceGroup, gateway.name);
    context.log(`${input.target.cloud}: resetting gateway ${gatewayId}`);
    return { action, resourceId: gatewayId };
  });
}
