// Activity: makes sure the VM's network interface exists in the workload subnet with a dynamic private IP, and
// returns that IP (the peer pings it across the tunnel). An existing NIC in the right subnet is adopted as it is.
import type { InvocationContext } from '@azure/functions';
import { armCall, sameId, type NetworkInterfaceModel } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, EnsureNetworkInterfaceInput, NetworkInterfaceRef } from './contracts';
import {
  busyError,
  getOrUndefined,
  isFailedState,
  isTerminalState,
  QUICK_LRO_OPTIONS,
  SUCCEEDED,
  terminalError,
} from './shared/arm';
import { siteOf } from './shared/site';

const IP_CONFIGURATION = 'ipconfig1';

export async function ensureNetworkInterface(
  input: EnsureNetworkInterfaceInput,
  context: InvocationContext,
): Promise<ActivityResult<NetworkInterfaceRef>> {
  const site = siteOf(input.target, 'networkInterface');
  const { target } = input;
  const name = site.names.networkInterface;
  const id = site.id(ARM_TYPES.networkInterface, name);
  return armCall(site.errorSite, async () => {
    const { network } = await site.clients();
    const existing = await getOrUndefined(() => network.networkInterfaces.get(target.resourceGroup, name));
    if (existing && !isFailedState(existing.provisioningState)) {
      if (!isTerminalState(existing.provisioningState)) {
        throw busyError(site.errorSite, `network interface ${name}`, existing.provisioningState ?? 'Updating');
      }
      const subnetId = existing.ipConfigurations?.[0]?.subnet?.id;
      if (!sameId(subnetId, input.subnetId)) {
        throw terminalError(
          site.errorSite,
          'NetworkInterfaceSubnetMismatch',
          `network interface ${name} exists in ${subnetId ?? 'no subnet'}, not in ${input.subnetId}`,
          'delete the network interface (and its VM) or make the plan match, then rerun',
        );
      }
      return reference(existing);
    }
    const created = await network.networkInterfaces.beginCreateOrUpdateAndWait(
      target.resourceGroup,
      name,
      {
        location: target.location,
        tags: target.tags,
        ipConfigurations: [
          {
            name: IP_CONFIGURATION,
            primary: true,
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: input.subnetId },
          },
        ],
      },
      QUICK_LRO_OPTIONS,
    );
    context.log(`${target.cloud}: created network interface ${name}`);
    return reference(created);
  });

  function reference(nic: NetworkInterfaceModel): NetworkInterfaceRef {
    return {
      id: nic.id ?? id,
      provisioningState: nic.provisioningState ?? SUCCEEDED,
      privateIpAddress: nic.ipConfigurations?.[0]?.privateIPAddress ?? '',
    };
  }
}
