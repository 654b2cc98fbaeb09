// Managed disks as CRP keeps them: a VM's OS disk exists once the VM does, untagged and managed by it; it cannot be
// deleted while attached; it goes with the VM when the VM asked for deleteOption Delete, and stays Unattached
// otherwise (Azure Stack Hub's compute API has no deleteOption).
import { isSupportedApiVersion } from '../../../simulator/arm/apiVersions';
import { DISKS } from '../../../simulator/compute/disks';
import { AZURE_SITE, STACK_SITE, buildSite, ids, vmBody } from '../network/blueprint';
import { MiniArm, expectArmError } from '../network/harness';

const DISKS_API = { azure: '2026-03-02', azureStack: '2019-07-01' } as const;

describe('managed disks', () => {
  let arm: MiniArm;
  beforeEach(() => (arm = new MiniArm()));
  afterEach(() => arm.dispose());

  function osDiskId(site: typeof AZURE_SITE): string {
    const vm = arm.get(site.cloud, ids(site).vm);
    return String((vm.properties?.storageProfile as { osDisk: { managedDisk: { id: string } } }).osDisk.managedDisk.id);
  }

  it("creates the VM's OS disk, untagged, attached and managed by the VM", () => {
    buildSite(arm, AZURE_SITE);
    const disk = arm.get('azure', osDiskId(AZURE_SITE), DISKS_API.azure);
    expect(disk).toMatchObject({
      type: DISKS,
      managedBy: ids(AZURE_SITE).vm,
      properties: {
        diskState: 'Attached',
        provisioningState: 'Succeeded',
        creationData: { createOption: 'FromImage' },
      },
    });
    expect(disk).not.toHaveProperty('tags');
  });

  it('refuses to delete a disk a VM uses, with OperationNotAllowed', () => {
    buildSite(arm, AZURE_SITE);
    expectArmError(() => arm.delete('azure', osDiskId(AZURE_SITE)), 409, 'OperationNotAllowed');
  });

  it('deletes the OS disk with its VM when the VM said deleteOption Delete', () => {
    buildSite(arm, AZURE_SITE);
    const body = vmBody(AZURE_SITE) as { properties: { storageProfile: Record<string, unknown> } };
    body.properties.storageProfile.osDisk = { createOption: 'FromImage', deleteOption: 'Delete' };
    arm.create('azure', ids(AZURE_SITE).vm, body);
    const disk = osDiskId(AZURE_SITE);
    arm.remove('azure', ids(AZURE_SITE).vm);
    expect(arm.stores.azure.get(disk)).toBeUndefined();
  });

  it('leaves the OS disk Unattached after its VM otherwise, and then lets it be deleted and tagged', () => {
    buildSite(arm, STACK_SITE);
    const disk = osDiskId(STACK_SITE);
    arm.remove('azureStack', ids(STACK_SITE).vm);
    const left = arm.get('azureStack', disk, DISKS_API.azureStack);
    expect(left.properties).toMatchObject({ diskState: 'Unattached' });
    expect(left).not.toHaveProperty('managedBy');
    arm.remove('azureStack', disk);
    expect(arm.stores.azureStack.get(disk)).toBeUndefined();
  });
});

describe('disk api-versions on Azure Stack Hub', () => {
  it('serves disks at 2019-07-01 only, and VMs at 2020-06-01 only, as the 2020-09-01-hybrid profile does', () => {
    expect(isSupportedApiVersion('azureStack', 'Microsoft.Compute', '2019-07-01', DISKS)).toBe(true);
    expect(isSupportedApiVersion('azureStack', 'Microsoft.Compute', '2020-06-01', DISKS)).toBe(false);
    const vms = 'Microsoft.Compute/virtualMachines';
    expect(isSupportedApiVersion('azureStack', 'Microsoft.Compute', '2020-06-01', vms)).toBe(true);
    expect(isSupportedApiVersion('azureStack', 'Microsoft.Compute', '2019-07-01', vms)).toBe(false);
    expect(isSupportedApiVersion('azure', 'Microsoft.Compute', '2026-03-02', DISKS)).toBe(true);
  });
});
