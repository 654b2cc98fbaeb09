// Activity: makes sure the site's VNet exists with its address space, workload subnet and GatewaySubnet.
// GET-compare-PUT: a VNet that already matches is never re-PUT (re-PUTting a VNet whose GatewaySubnet a gateway
// uses fails with InUseSubnetCannotBeUpdated); a missing subnet is added as a child subnet PUT instead.
import type { InvocationContext } from '@azure/functions';
import { armCall, sameId, type SubnetModel } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, EnsureVirtualNetworkInput, VirtualNetworkRef } from './contracts';
import {
  busyError,
  getOrUndefined,
  isFailedState,
  isTerminalState,
  QUICK_LRO_OPTIONS,
  sameSet,
  SUCCEEDED,
  terminalError,
} from './shared/arm';
import { siteOf } from './shared/site';

export async function ensureVirtualNetwork(
  input: EnsureVirtualNetworkInput,
  context: InvocationContext,
): Promise<ActivityResult<VirtualNetworkRef>> {
  const site = siteOf(input.target, 'virtualNetwork');
  const { target } = input;
  const rg = target.resourceGroup;
  const vnetName = site.names.virtualNetwork;
  const vnetId = site.id(ARM_TYPES.virtualNetwork, vnetName);
  const wanted = [
    { name: site.names.workloadSubnet, addressPrefix: input.workloadSubnet },
    { name: site.names.gatewaySubnet, addressPrefix: input.gatewaySubnet },
  ];

  return armCall(site.errorSite, async () => {
    const { network } = await site.clients();
    const existing = await getOrUndefined(() => network.virtualNetworks.get(rg, vnetName));

    if (!existing || isFailedState(existing.provisioningState)) {
      const created = await network.virtualNetworks.beginCreateOrUpdateAndWait(
        rg,
        vnetName,
        {
          location: target.location,
          tags: target.tags,
          addressSpace: { addressPrefixes: input.addressSpace },
          subnets: wanted.map((subnet) => ({ name: subnet.name, addressPrefix: subnet.addressPrefix })),
        },
        QUICK_LRO_OPTIONS,
      );
      context.log(`${target.cloud}: created virtual network ${vnetName}`);
      return reference(created.id ?? vnetId, created.provisioningState, created.subnets ?? []);
    }

    if (!isTerminalState(existing.provisioningState)) {
      throw busyError(site.errorSite, `virtual network ${vnetName}`, existing.provisioningState ?? 'Updating');
    }
    const space = existing.addressSpace?.addressPrefixes ?? [];
    if (!sameSet(space, input.addressSpace)) {
      throw terminalError(
        site.errorSite,
        'AddressSpaceMismatch',
        `virtual network ${vnetName} exists with address space ${space.join(', ') || '(none)'}, the plan asks for ${input.addressSpace.join(', ')}`,
        'make the plan match the existing address space, or delete the VNet (and what uses it) and rerun',
      );
    }

    const subnets = [...(existing.subnets ?? [])];
    for (const subnet of wanted) {
      const found = subnets.find((s) => s.name?.toLowerCase() === subnet.name.toLowerCase());
      if (found) {
        const prefixes = found.addressPrefixes ?? (found.addressPrefix !== undefined ? [found.addressPrefix] : []);
        if (!sameSet(prefixes, [subnet.addressPrefix])) {
          const inUse = (found.ipConfigurations ?? []).length > 0;
          throw terminalError(
            site.errorSite,
            inUse ? 'InUseSubnetCannotBeUpdated' : 'SubnetPrefixMismatch',
            `subnet ${subnet.name} of ${vnetName} is ${prefixes.join(', ')}, the plan asks for ${subnet.addressPrefix}`,
            'make the plan match the existing subnet, or delete what uses the subnet and the subnet, then rerun',
          );
        }
        continue;
      }
      // A child PUT leaves the VNet (and a gateway's use of its GatewaySubnet) untouched.
      const added = await network.subnets.beginCreateOrUpdateAndWait(
        rg,
        vnetName,
        subnet.name,
        { addressPrefix: subnet.addressPrefix },
        QUICK_LRO_OPTIONS,
      );
      subnets.push(added);
      context.log(`${target.cloud}: added subnet ${subnet.name} to ${vnetName}`);
    }
    return reference(existing.id ?? vnetId, existing.provisioningState, subnets);
  });

  function reference(id: string, state: string | undefined, subnets: SubnetModel[]): VirtualNetworkRef {
    const subnetId = (name: string): string => {
      const found = subnets.find((s) => s.name?.toLowerCase() === name.toLowerCase());
      const computed = `${id}/subnets/${name}`;
      return found?.id !== undefined && sameId(found.id, computed) ? found.id : computed;
    };
    return {
      id,
      provisioningState: state ?? SUCCEEDED,
      workloadSubnetId: subnetId(site.names.workloadSubnet),
      gatewaySubnetId: subnetId(site.names.gatewaySubnet),
    };
  }
}
