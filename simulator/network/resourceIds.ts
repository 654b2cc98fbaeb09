// ARM resource ids: parsing, building and comparing (case-insensitively, as ARM does).
// Pure string work; it never looks anything up in a store.

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. `Microsoft.Network` */
  namespace: string;
  /** Full type, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type: string;
  /** Last name segment. */
  name: string;
  /** Name segments from the top-level resource down, e.g. [vnet, subnet]. */
  names: string[];
}

const ID_PATTERN = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i;

export function parseResourceId(id: string): ParsedResourceId | undefined {
  const match = ID_PATTERN.exec(id.replace(/\/+$/, ''));
  if (!match) return undefined;
  const [, subscriptionId, resourceGroup, namespace, rest] = match;
  const segments = rest.split('/');
  if (segments.length % 2 !== 0 || segments.some((segment) => segment === '')) return undefined;
  const types: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < segments.length; i += 2) {
    types.push(segments[i]);
    names.push(segments[i + 1]);
  }
  return {
    subscriptionId,
    resourceGroup,
    namespace,
    type: `${namespace}/${types.join('/')}`,
    name: names[names.length - 1],
    names,
  };
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}

export function sameText(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Whether `id` names a resource of the full type `type` (case-insensitive). */
export function isIdOfType(id: string | undefined, type: string): boolean {
  if (id === undefined) return false;
  const parsed = parseResourceId(id);
  return parsed !== undefined && sameText(parsed.type, type);
}

/** The id of the resource that contains a child resource (a subnet's VNet); undefined for top-level ids. */
export function parentIdOf(id: string): string | undefined {
  const parsed = parseResourceId(id);
  if (!parsed || parsed.names.length < 2) return undefined;
  return id.replace(/\/+$/, '').split('/').slice(0, -2).join('/');
}

export function childId(parentId: string, childSegment: string, name: string): string {
  return `${parentId.replace(/\/+$/, '')}/${childSegment}/${name}`;
}

/** The store prefix that holds every resource of one cloud. */
export const ALL_RESOURCES_PREFIX = '/subscriptions/';

/** `Microsoft.Network/virtualNetworks/x` for ARM's ResourceNotFound messages. */
export function typeAndNames(id: string): string {
  const parsed = parseResourceId(id);
  if (!parsed) return id;
  const typeSegments = parsed.type.split('/');
  return `${typeSegments[0]}/${typeSegments
    .slice(1)
    .map((type, i) => `${type}/${parsed.names[i]}`)
    .join('/')}`;
}
