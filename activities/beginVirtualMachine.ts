// Activity: starts creating the site's Linux VM (SSH key only, no password) and returns at once; the orchestrator
// watches it with getVirtualMachineState. The body stays within what compute 2020-06-01 accepts (Azure Stack Hub).
// An existing VM is adopted unless it ended Failed.
import type { InvocationContext } from '@azure/functions';
import type { VirtualMachine } from '@azure/arm-compute';
import { armCall } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import { siteProfile } from '../lib/sites/profiles';
import type { ActivityResult, BeginVirtualMachineInput, StartedResourceRef } from './contracts';
import { getOrUndefined, isFailedState, SUCCEEDED } from './shared/arm';
import { operationHandle } from './shared/operationHandle';
import { siteOf } from './shared/site';

export async function beginVirtualMachine(
  input: BeginVirtualMachineInput,
  context: InvocationContext,
): Promise<ActivityResult<StartedResourceRef>> {
  const site = siteOf(input.target, 'virtualMachine');
  const { target, image } = input;
  const names = site.names;
  const osDisk = siteProfile(target.cloud).osDisk;
  const id = site.id(ARM_TYPES.virtualMachine, names.virtualMachine);
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
          managedDisk: { storageAccountType: osDisk.storageAccountType },
          // Where the site can, the disk goes with the VM; elsewhere teardown claims and deletes it (osDisks.ts).
          ...(osDisk.deleteWithVm ? { deleteOption: 'Delete' } : {}),
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
