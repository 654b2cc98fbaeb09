// Activity: starts creating the site's Linux VM (SSH key only, no password) and returns at once; the orchestrator
// watches it with getVirtualMachineState. The body stays within what compute 2020-06-01 accepts (Azure Stack Hub).
// An existing VM is adopted unless it ended Failed.
import type { InvocationContext } from '@azure/functions';
import type { VirtualMachine } from '@azure/arm-compute';
import { armCall } from '../lib/clouds';
import type { CloudId } from '../lib/cloudIds';
import type { ActivityResult, BeginVirtualMachineInput, StartedResourceRef } from './contracts';
import { getOrUndefined, isFailedState, SUCCEEDED } from './shared/arm';
import { operationHandle } from './shared/operationHandle';
import { siteOf, VIRTUAL_MACHINES } from './shared/site';

/** Stack Hub offers Standard_LRS and Premium_LRS only; Azure's StandardSSD_LRS fits the small default sizes. */
const OS_DISK_STORAGE: Readonly<Record<CloudId, string>> = { azure: 'StandardSSD_LRS', azureStack: 'Standard_LRS' };

export async function beginVirtualMachine(
  input: BeginVirtualMachineInput,
  context: InvocationContext,
): Promise<ActivityResult<StartedResourceRef>> {
  const site = siteOf(input.target, 'virtualMachine');
  const { target, image } = input;
  const names = site.names;
  const id = site.id(VIRTUAL_MACHINES, names.virtualMachine);
  return armCall(site.errorSite, async () => {
    const { compute } = await site.clients();
    const existing = await getOrUndefined(() =>
      compute.virtualMachines.get(target.resourceGroup, names.virtualMachine),
    );
    if (existing && !isFailedState(existing.provisioningState)) {
      return { id: existing.id ?? id, provisioningState: existing.provisioningState ?? SUCCEEDED };
    }
    // Only members compute 2020-06-01 knows: no deleteOption, securityProfile, diskControllerType and the like.
    const body: VirtualMachine = {
      location: target.location,
      tags: target.tags,
      hardwareProfile: { vmSize: input.size },
      storageProfile: {
        imageReference: { publisher: image.publisher, offer: image.offer, sku: image.sku, version: image.version },
        osDisk: {
          name: names.osDisk,
          createOption: 'FromImage',
          managedDisk: { storageAccountType: OS_DISK_STORAGE[target.cloud] },
          // The disk carries no tags, so teardown would never find it: on Azure it goes with the VM. Azure Stack
          // Hub's compute 2020-06-01 has no deleteOption; there the disk outlives the VM (README, known behaviours).
          ...(target.cloud === 'azure' ? { deleteOption: 'Delete' } : {}),
        },
      },
      osProfile: {
        computerName: names.computerName,
        adminUsername: input.adminUsername,
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: {
            publicKeys: [{ path: `/home/${input.adminUsername}/.ssh/authorized_keys`, keyData: input.sshPublicKey }],
          },
        },
      },
      networkProfile: { networkInterfaces: [{ id: input.networkInterfaceId, primary: true }] },
    };
    const poller = compute.virtualMachines.createOrUpdate(target.resourceGroup, names.virtualMachine, body);
    // Submit only: the PUT's first answer, then return; the poller is not awaited to the end.
    await poller.submitted();
    context.log(
      `${target.cloud}: ${existing ? 'resubmitted failed' : 'started'} VM ${names.virtualMachine} (${input.size})`,
    );
    const operation = operationHandle(await poller.serialize());
    return { id, provisioningState: 'Creating', ...(operation !== undefined ? { operation } : {}) };
  });
}
