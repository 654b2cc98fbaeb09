// Activity: makes sure the gateway's public IP exists. Azure: Standard SKU, static (Basic public IPs are retired
// and new VPN gateways need Standard); Azure Stack Hub: Basic, dynamic (the only SKU it offers). An existing
// address is adopted, never re-PUT: a public IP in use by a gateway must keep its address.
import type { InvocationContext } from '@azure/functions';
import { armCall, type PublicIpAddressModel } from '../lib/clouds';
import type { CloudId } from '../lib/cloudIds';
import type { ActivityResult, EnsurePublicIpInput, ResourceRef } from './contracts';
import { busyError, getOrUndefined, isFailedState, isTerminalState, QUICK_LRO_OPTIONS, SUCCEEDED } from './shared/arm';
import { NETWORK, siteOf } from './shared/site';

export const PUBLIC_IP_SHAPE: Readonly<
  Record<CloudId, Pick<PublicIpAddressModel, 'sku' | 'publicIPAllocationMethod'>>
> = {
  azure: { sku: { name: 'Standard' }, publicIPAllocationMethod: 'Static' },
  azureStack: { sku: { name: 'Basic' }, publicIPAllocationMethod: 'Dynamic' },
};

export async function ensurePublicIp(
  input: EnsurePublicIpInput,
  context: InvocationContext,
): Promise<ActivityResult<ResourceRef>> {
  const site = siteOf(input.target, 'publicIp');
  const { target } = input;
  const name = site.names.gatewayPublicIp;
  return armCall(site.errorSite, async () => {
    const { network } = await site.clients();
    const existing = await getOrUndefined(() => network.publicIPAddresses.get(target.resourceGroup, name));
    if (existing && !isFailedState(existing.provisioningState)) {
      if (!isTerminalState(existing.provisioningState)) {
        throw busyError(site.errorSite, `public IP ${name}`, existing.provisioningState ?? 'Updating');
      }
      return {
        id: existing.id ?? site.id(NETWORK.publicIPAddresses, name),
        provisioningState: existing.provisioningState ?? SUCCEEDED,
      };
    }
    const created = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      name,
      { location: target.location, tags: target.tags, ...PUBLIC_IP_SHAPE[target.cloud] },
      QUICK_LRO_OPTIONS,
    );
    context.log(`${target.cloud}: created public IP ${name}`);
    return {
      id: created.id ?? site.id(NETWORK.publicIPAddresses, name),
      provisioningState: created.provisioningState ?? SUCCEEDED,
    };
  });
}
