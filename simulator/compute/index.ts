// The Microsoft.Compute resource types the simulator serves. Importing this module has no side effects.
import type { ResourceType } from '../arm/resourceType';
import { disksType } from './disks';
import { virtualMachinesType } from './virtualMachines';

export function computeResourceTypes(): ResourceType[] {
  return [virtualMachinesType(), disksType()];
}
