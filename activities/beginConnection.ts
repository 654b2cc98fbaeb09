// Activity: starts the site's IPsec connection (gateway -> local network gateway) with the shared key read from
// Key Vault inside this activity, and the IPsec policy given. Returns at once; getConnectionState watches it.
// An existing connection with the same gateways and policy is adopted (its key is only set when it differs);
// one that differs or ended Failed gets the full body again. The key never leaves this function.
import type { InvocationContext } from '@azure/functions';
import { armCall, sameId, type ConnectionModel, type IpsecPolicyModel } from '../lib/clouds';
import { ipsecPoliciesEqual } from '../lib/ipsec';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, BeginConnectionInput, StartedResourceRef } from './contracts';
import { getOrUndefined, isFailedState, isSucceededState, SUCCEEDED } from './shared/arm';
import { operationHandle } from './shared/operationHandle';
import { readSharedKey, requireOwnSecretName } from './shared/sharedKey';
import { siteOf } from './shared/site';

/** The default weight ARM examples use; only one connection per gateway here, so its value does not matter. */
const ROUTING_WEIGHT = 10;

export async function beginConnection(
  input: BeginConnectionInput,
  context: InvocationContext,
): Promise<ActivityResult<StartedResourceRef>> {
  const site = siteOf(input.target, 'connection');
  const { target } = input;
  const rg = target.resourceGroup;
  const name = site.names.connection;
  const id = site.id(ARM_TYPES.connection, name);
  const policies: IpsecPolicyModel[] = input.ipsecPolicy ? [{ ...input.ipsecPolicy }] : [];
  // Filled once the key is read, so any error message that echoes it is scrubbed.
  const secrets: string[] = [];

  return armCall(
    site.errorSite,
    async () => {
      requireOwnSecretName(site.errorSite, input.sharedKeySecretName, target.name, target.site);
      const sharedKey = await readSharedKey(site.errorSite, input.sharedKeySecretName);
      secrets.push(sharedKey);
      const { network } = await site.clients();
      const connections = network.virtualNetworkGatewayConnections;
      const existing = await getOrUndefined(() => connections.get(rg, name));

      if (existing && !isFailedState(existing.provisioningState)) {
        // Still being written: adopt it; the next run (or the tunnel diagnosis) sees what it ended with.
        if (!isSucceededState(existing.provisioningState)) {
          return { id: existing.id ?? id, provisioningState: existing.provisioningState ?? 'Updating' };
        }
        if (sameShape(existing, input.gatewayId, input.localNetworkGatewayId, policies)) {
          const current = await connections.getSharedKey(rg, name);
          if (current.value === sharedKey) return { id: existing.id ?? id, provisioningState: SUCCEEDED };
          const poller = await connections.beginSetSharedKey(rg, name, { value: sharedKey });
          context.log(`${target.cloud}: reset the shared key of connection ${name} from Key Vault`);
          return withOperation(
            { id: existing.id ?? id, provisioningState: 'Updating' },
            operationHandle(poller, secrets),
          );
        }
      }

      const body: ConnectionModel = {
        location: target.location,
        tags: target.tags,
        connectionType: 'IPsec',
        connectionProtocol: 'IKEv2',
        routingWeight: ROUTING_WEIGHT,
        virtualNetworkGateway1: { id: input.gatewayId },
        localNetworkGateway2: { id: input.localNetworkGatewayId },
        sharedKey,
        ipsecPolicies: policies,
      };
      const poller = await connections.beginCreateOrUpdate(rg, name, body);
      context.log(`${target.cloud}: ${existing ? 'rewrote' : 'started'} connection ${name}`);
      return withOperation({ id, provisioningState: 'Updating' }, operationHandle(poller, secrets));
    },
    secrets,
  );
}

function sameShape(
  existing: ConnectionModel,
  gatewayId: string,
  localGatewayId: string,
  policies: IpsecPolicyModel[],
): boolean {
  const current = existing.ipsecPolicies ?? [];
  return (
    sameId(existing.virtualNetworkGateway1?.id, gatewayId) &&
    sameId(existing.localNetworkGateway2?.id, localGatewayId) &&
    current.length === policies.length &&
    current.every((policy, index) => {
      const wanted = policies[index];
      return wanted !== undefined && ipsecPoliciesEqual(policy, wanted);
    })
  );
}

function withOperation(ref: StartedResourceRef, operation: string | undefined): StartedResourceRef {
  return operation === undefined ? ref : { ...ref, operation };
}
