// The VM sizes each simulated cloud offers: name, quota family, vCPUs and memory, as the Resource SKUs API and the
// compute usages report them. Azure: the B, D and DS series the app and its tests use. Azure Stack Hub: the Av2,
// Dv2, DSv2 and Fsv2 sizes of https://learn.microsoft.com/azure-stack/user/azure-stack-vm-sizes (no B series).
import type { CloudName } from '../arm/resourceType';

export interface VmSize {
  name: string;
  /** The quota family (`standardBSFamily`), also the compute usage entry of that family. */
  family: string;
  vCPUs: number;
  memoryGB: number;
}

const size = (name: string, family: string, vCPUs: number, memoryGB: number): VmSize => ({
  name,
  family,
  vCPUs,
  memoryGB,
});

const AZURE_SIZES: readonly VmSize[] = [
  size('Standard_B1s', 'standardBSFamily', 1, 1),
  size('Standard_B1ms', 'standardBSFamily', 1, 2),
  size('Standard_B2s', 'standardBSFamily', 2, 4),
  size('Standard_B2ms', 'standardBSFamily', 2, 8),
  size('Standard_B4ms', 'standardBSFamily', 4, 16),
  size('Standard_D1_v2', 'standardDv2Family', 1, 3.5),
  size('Standard_D2_v2', 'standardDv2Family', 2, 7),
  size('Standard_DS1_v2', 'standardDSv2Family', 1, 3.5),
  size('Standard_DS2_v2', 'standardDSv2Family', 2, 7),
  size('Standard_DS3_v2', 'standardDSv2Family', 4, 14),
  size('Standard_D2_v3', 'standardDv3Family', 2, 8),
  size('Standard_D2s_v3', 'standardDSv3Family', 2, 8),
  size('Standard_D4s_v3', 'standardDSv3Family', 4, 16),
  size('Standard_D2s_v5', 'standardDSv5Family', 2, 8),
  size('Standard_D4s_v5', 'standardDSv5Family', 4, 16),
];

const AZURE_STACK_SIZES: readonly VmSize[] = [
  size('Standard_A1_v2', 'standardAv2Family', 1, 2),
  size('Standard_A2_v2', 'standardAv2Family', 2, 4),
  size('Standard_A4_v2', 'standardAv2Family', 4, 8),
  size('Standard_D1_v2', 'standardDv2Family', 1, 3.5),
  size('Standard_D2_v2', 'standardDv2Family', 2, 7),
  size('Standard_D3_v2', 'standardDv2Family', 4, 14),
  size('Standard_DS1_v2', 'standardDSv2Family', 1, 3.5),
  size('Standard_DS2_v2', 'standardDSv2Family', 2, 7),
  size('Standard_DS3_v2', 'standardDSv2Family', 4, 14),
  size('Standard_DS4_v2', 'standardDSv2Family', 8, 28),
  size('Standard_F2s_v2', 'standardFSv2Family', 2, 4),
  size('Standard_F4s_v2', 'standardFSv2Family', 4, 8),
];

/** Every size the cloud knows (what `vmSizes` may name); by default all of them are offered. */
export function vmSizeCatalog(cloud: CloudName): readonly VmSize[] {
  return cloud === 'azure' ? AZURE_SIZES : AZURE_STACK_SIZES;
}

/** Sizes are compared case-insensitively, as CRP compares them. */
export function findVmSize(cloud: CloudName, name: string): VmSize | undefined {
  return vmSizeCatalog(cloud).find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** The quota families of a cloud, in catalog order, each once. */
export function vmFamilies(cloud: CloudName): string[] {
  return [...new Set(vmSizeCatalog(cloud).map((s) => s.family))];
}

/** How the portal and `az vm list-usage` name a family: standardDSv2Family -> Standard DSv2 Family vCPUs. */
export function familyDisplayName(family: string): string {
  const series = family.replace(/^standard/, '').replace(/Family$/, '');
  return `Standard ${series} Family vCPUs`;
}
