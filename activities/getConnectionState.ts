// Activity: reads one connection's provisioning state and tunnel status from a GET of that single connection (list
// calls omit connectionStatus). A connection that ended Failed is a terminal {ok:false} naming ARM's code.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, ConnectionState, GetStateInput } from './contracts';
import { getOrUndefined, isFailedState, NOT_FOUND, SUCCEEDED } from './shared/arm';
import { failedResourceError } from './shared/failedResource';
import { siteOf } from './shared/site';

export async function getConnectionState(
  input: GetStateInput,
  _context: InvocationContext,
): Promise<ActivityResult<ConnectionState>> {
  const site = siteOf(input.target, 'connection');
  return armCall(site.errorSite, async () => {
    const { resourceGroup, name } = site.own(input.id, ARM_TYPES.connection);
    const clients = await site.clients();
    const connection = await getOrUndefined(() =>
      clients.network.virtualNetworkGatewayConnections.get(resourceGroup, name),
    );
    if (!connection) {
      return {
        provisioningState: NOT_FOUND,
        connectionStatus: 'Unknown',
        ingressBytesTransferred: 0,
        egressBytesTransferred: 0,
      };
    }
    const state = connection.provisioningState ?? SUCCEEDED;
    if (isFailedState(state)) {
      const operation = input.operation;
      throw await failedResourceError(
        site.errorSite,
        ARM_TYPES.connection,
        state,
        operation === undefined
          ? undefined
          : () => clients.pollNetworkPut('virtualNetworkGatewayConnections', resourceGroup, name, operation),
      );
    }
    return {
      provisioningState: state,
      connectionStatus: connection.connectionStatus ?? 'Unknown',
      ingressBytesTransferred: connection.ingressBytesTransferred ?? 0,
      egressBytesTransferred: connection.egressBytesTransferred ?? 0,
    };
  });
}
