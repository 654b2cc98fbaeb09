// The read-only provider APIs the simulator serves out of the box (usages, Resource SKUs, marketplace images,
// permissions). The ARM core knows them only through the ReadApi contract.
import { permissionsApi } from './account/permissionsApi';
import type { ReadApi } from './arm/readApi';
import { resourceSkusApi } from './compute/resourceSkus';
import { computeUsagesApi } from './compute/usages';
import { vmImageApi, vmImageVersionsApi } from './compute/vmImages';
import { networkUsagesApi } from './network/usages';

export function builtinReadApis(): ReadApi[] {
  return [permissionsApi, networkUsagesApi, computeUsagesApi, resourceSkusApi, vmImageVersionsApi, vmImageApi];
}
