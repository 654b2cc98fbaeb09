// Parses and builds ARM resource ids (`/subscriptions/{sub}/resourceGroups/{rg}/providers/{ns}/{type}/{name}`).
// Pure string work; never calls ARM.
import { ARM_TYPES } from '../resourceKinds';

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** `Microsoft.Network/virtualNetworks`, or `Microsoft.Resources/resourceGroups` for a group's own id. */
  type: string;
  /** The resource's own name (the resource group's name for a group id). */
  name: string;
  /** Set for a child resource (e.g. a subnet): the parent's name. */
  parentName?: string;
}

export class ResourceIdError extends Error {
  override readonly name = 'ResourceIdError';
}

export function parseResourceId(id: string): ParsedResourceId {
  const parts = id.split('/');
  // ['', 'subscriptions', sub, 'resourceGroups', rg, 'providers', ns, type, name, (childType, childName)]
  if (parts[0] !== '' || parts[1]?.toLowerCase() !== 'subscriptions' || parts[3]?.toLowerCase() !== 'resourcegroups') {
    throw new ResourceIdError(`not an ARM resource id in a resource group: ${id}`);
  }
  const subscriptionId = parts[2] ?? '';
  const resourceGroup = parts[4] ?? '';
  if (!subscriptionId || !resourceGroup) throw new ResourceIdError(`not an ARM resource id in a resource group: ${id}`);
  if (parts.length === 5) return { subscriptionId, resourceGroup, type: ARM_TYPES.resourceGroup, name: resourceGroup };
  if (parts[5]?.toLowerCase() !== 'providers' || parts.length < 9 || parts.length % 2 === 0) {
    throw new ResourceIdError(`not an ARM resource id in a resource group: ${id}`);
  }
  const namespace = parts[6] ?? '';
  const typeSegments: string[] = [];
  const names: string[] = [];
  for (let index = 7; index < parts.length; index += 2) {
    typeSegments.push(parts[index] ?? '');
    names.push(parts[index + 1] ?? '');
  }
  if (names.some((n) => n === '') || typeSegments.some((t) => t === '')) {
    throw new ResourceIdError(`not an ARM resource id in a resource group: ${id}`);
  }
  return {
    subscriptionId,
    resourceGroup,
    type: `${namespace}/${typeSegments.join('/')}`,
    name: names[names.length - 1] ?? '',
    ...(names.length > 1 ? { parentName: names[names.length - 2] } : {}),
  };
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function resourceId(subscriptionId: string, resourceGroup: string, type: string, name: string): string {
  return `${resourceGroupId(subscriptionId, resourceGroup)}/providers/${type}/${name}`;
}

/** ARM compares ids, types and names case-insensitively. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}
