// The OS disk a VM of ours was created with. CRP makes it without tags (and compute 2020-06-01, Azure Stack Hub's,
// cannot give it any or delete it with the VM), so teardown claims it while the VM still proves it is ours: it tags
// the disk with the VM's own tags. From then on the disk is found by its tag like every other resource, even by a
// later teardown that runs after the VM is gone.
import { parseResourceId, sameId, type ArmClients } from '../../lib/clouds';
import { isManagedBy } from '../../lib/naming';
import { getOrUndefined } from './arm';

interface ListedVm {
  id?: string;
  tags?: Record<string, string>;
  storageProfile?: { osDisk?: { managedDisk?: { id?: string } } };
}

/** The id of the OS disk teardown would claim for this VM: one it manages that lacks our tags (read only). */
export async function claimableOsDisk(
  clients: ArmClients,
  vm: ListedVm,
  connectionName: string,
): Promise<{ id: string; tags: Record<string, string> } | undefined> {
  const diskId = vm.storageProfile?.osDisk?.managedDisk?.id;
  if (diskId === undefined || vm.id === undefined || !isManagedBy(vm.tags, connectionName)) return undefined;
  const { resourceGroup, name } = parseResourceId(diskId);
  const disk = await getOrUndefined(() => clients.compute.disks.get(resourceGroup, name));
  // Only the disk this VM manages: a disk of the same name that something else holds is not ours to claim.
  if (!disk || isManagedBy(disk.tags, connectionName) || !sameId(disk.managedBy, vm.id)) return undefined;
  return { id: disk.id ?? diskId, tags: disk.tags ?? {} };
}

/** Tags the OS disk of a VM of this connection when it lacks our tags and the VM is what manages it. */
export async function claimOsDisk(clients: ArmClients, vm: ListedVm, connectionName: string): Promise<void> {
  const disk = await claimableOsDisk(clients, vm, connectionName);
  if (!disk) return;
  const { resourceGroup, name } = parseResourceId(disk.id);
  await clients.compute.disks.beginUpdateAndWait(resourceGroup, name, { tags: { ...disk.tags, ...vm.tags } });
}
