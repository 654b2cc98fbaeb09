// The resource types the simulator serves out of the box: Microsoft.Network (simulator/network/) and
// Microsoft.Compute (simulator/compute/). The ARM core knows them only through the ResourceType contract.
import type { ResourceType } from './arm/resourceType';
import { computeResourceTypes } from './compute';
import { networkResourceTypes, type NetworkTypeOptions } from './network';

export function builtinResourceTypes(options: NetworkTypeOptions = {}): ResourceType[] {
  return [...networkResourceTypes(options), ...computeResourceTypes()];
}
