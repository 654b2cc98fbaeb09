// Activity: makes sure the gateway's public IP exists, with the SKU, allocation and zones its site's profile gives
// (Azure: Standard, Static, zone-redundant; Azure Stack Hub: Basic, Dynamic, no zones). An existing address is adopted, never re-PUT: a public IP in use
// by a gateway must keep its address. The address is returned when ARM already assigned one (a Static IP at once), so
// the peer's local network gateway need not wait for this site's gateway.
import type { InvocationContext } from '@azure/functions';
import { armCall, type PublicIpAddressModel } from '../lib/clouds';
import type { CloudId } from '../lib/cloudIds';
import { siteProfile } from '../lib/sites/profiles';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, EnsurePublicIpInput, PublicIpRef } from './contracts';
import { busyError, getOrUndefined, isFailedState, isTerminalState, QUICK_LRO_OPTIONS, SUCCEEDED } from './shared/arm';
import { siteOf } from './shared/site';

/** The public IP body its site's profile asks for (zones only where the site has them). */
export function publicIpShape(
  cloud: CloudId,
): Pick<PublicIpAddressModel, 'sku' | 'publicIPAllocationMethod' | 'zones'> {
  const { sku, allocation, zones } = siteProfile(cloud).publicIp;
  return {
    sku: { name: sku },
    publicIPAllocationMethod: allocation,
    ...(zones.length > 0 ? { zones: [...zones] } : {}),
  };
}

export async function ensurePublicIp(
  input: EnsurePublicIpInput,
  context: InvocationContext,
): Promise<ActivityResult<PublicIpRef>> {
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
        id: existing.id ?? site.id(ARM_TYPES.publicIp, name),
        provisioningState: existing.provisioningState ?? SUCCEEDED,
        ...addressOf(existing),
      };
    }
    const created = await network.publicIPAddresses.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      name,
      { location: target.location, tags: target.tags, ...publicIpShape(target.cloud) },
      QUICK_LRO_OPTIONS,
    );
    context.log(`${target.cloud}: created public IP ${name}`);
    return {
      id: created.id ?? site.id(ARM_TYPES.publicIp, name),
      provisioningState: created.provisioningState ?? SUCCEEDED,
      ...addressOf(created),
    };
  });
}

/** The address field only when ARM assigned one: a Dynamic IP has none until its gateway is up. */
function addressOf(pip: PublicIpAddressModel): Pick<PublicIpRef, 'ipAddress'> {
  return pip.ipAddress ? { ipAddress: pip.ipAddress } : {};
}
