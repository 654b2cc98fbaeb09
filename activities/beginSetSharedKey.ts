// Activity: puts the value of one version of the shared-key secret on this site's connection, through the
// connection's shared-key API (`PUT .../connections/{name}/sharedkey`, a long-running operation). Returns at once with
// the operation; the orchestration watches the connection with getConnectionState. Idempotent: a connection that
// already holds this value (and is not Failed) is left alone. The key is read from Key Vault here and never leaves.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, BeginSetSharedKeyInput, StartedResourceRef } from './contracts';
import { getOrUndefined, isFailedState, terminalError, SUCCEEDED } from './shared/arm';
import { operationHandle } from './shared/operationHandle';
import { requireOwnSecretName } from './shared/sharedKey';
import { readSharedKeyVersion } from './shared/sharedKeyVersions';
import { siteOf } from './shared/site';

export async function beginSetSharedKey(
  input: BeginSetSharedKeyInput,
  context: InvocationContext,
): Promise<ActivityResult<StartedResourceRef>> {
  const site = siteOf(input.target, 'connection');
  const secrets: string[] = [];
  return armCall(
    site.errorSite,
    async () => {
      requireOwnSecretName(site.errorSite, input.secretName, input.target.name, input.target.site);
      const { resourceGroup, name } = site.own(input.connectionId, ARM_TYPES.connection);
      const value = await readSharedKeyVersion(site.errorSite, input.secretName, input.version);
      secrets.push(value);
      const connections = (await site.clients()).network.virtualNetworkGatewayConnections;
      const existing = await getOrUndefined(() => connections.get(resourceGroup, name));
      if (!existing) {
        throw terminalError(
          site.errorSite,
          'ResourceNotFound',
          `connection ${name} does not exist`,
          'the connection is gone: rerun the provisioning (POST the plan again), then rotate',
        );
      }
      const current = await connections.getSharedKey(resourceGroup, name);
      if (current.value === value && !isFailedState(existing.provisioningState)) {
        return { id: existing.id ?? input.connectionId, provisioningState: existing.provisioningState ?? SUCCEEDED };
      }
      const poller = await connections.beginSetSharedKey(resourceGroup, name, { value });
      context.log(`${input.target.cloud}: set the shared key of connection ${name} to version ${input.version}`);
      const operation = operationHandle(poller, secrets);
      return {
        id: existing.id ?? input.connectionId,
        provisioningState: 'Updating',
        ...(operation !== undefined ? { operation } : {}),
      };
    },
    secrets,
  );
}
