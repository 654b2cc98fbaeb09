// Activity: makes sure this site's local network gateway describes the peer: the peer gateway's public IP and the
// peer VNet's address space. Adopted when it already says so; rewritten (a quick PUT) when it does not.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, EnsureLocalNetworkGatewayInput, ResourceRef } from './contracts';
import {
  busyError,
  getOrUndefined,
  isSucceededState,
  isTerminalState,
  QUICK_LRO_OPTIONS,
  sameSet,
  SUCCEEDED,
} from './shared/arm';
import { siteOf } from './shared/site';

export async function ensureLocalNetworkGateway(
  input: EnsureLocalNetworkGatewayInput,
  context: InvocationContext,
): Promise<ActivityResult<ResourceRef>> {
  const site = siteOf(input.target, 'localNetworkGateway');
  const { target } = input;
  const name = site.names.localNetworkGateway;
  const id = site.id(ARM_TYPES.localNetworkGateway, name);
  return armCall(site.errorSite, async () => {
    const { network } = await site.clients();
    const existing = await getOrUndefined(() => network.localNetworkGateways.get(target.resourceGroup, name));
    if (existing) {
      if (!isTerminalState(existing.provisioningState)) {
        throw busyError(site.errorSite, `local network gateway ${name}`, existing.provisioningState ?? 'Updating');
      }
      const matches =
        existing.gatewayIpAddress === input.gatewayIpAddress &&
        sameSet(existing.localNetworkAddressSpace?.addressPrefixes, input.addressPrefixes);
      if (matches && isSucceededState(existing.provisioningState)) {
        return { id: existing.id ?? id, provisioningState: existing.provisioningState ?? SUCCEEDED };
      }
    }
    const written = await network.localNetworkGateways.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      name,
      {
        location: target.location,
        tags: target.tags,
        gatewayIpAddress: input.gatewayIpAddress,
        localNetworkAddressSpace: { addressPrefixes: input.addressPrefixes },
      },
      QUICK_LRO_OPTIONS,
    );
    context.log(
      `${target.cloud}: ${existing ? 'updated' : 'created'} local network gateway ${name} -> ${input.gatewayIpAddress}`,
    );
    return { id: written.id ?? id, provisioningState: written.provisioningState ?? SUCCEEDED };
  });
}
