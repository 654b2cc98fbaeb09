// `GET /subscriptions/{sub}/resourceGroups/{rg}/resources`: ARM's generic list of a group's top-level resources
// (what `resources.listByResourceGroup` reads, e.g. to prove a group is empty before deleting it). Child resources
// (subnets) are not listed and bodies carry no properties, as ARM's GenericResourceExpanded without $expand.
import type { ArmCall, ArmResult } from './armCall';
import { armErrors } from './errors';
import { RESOURCE_GROUP_TYPE, requireResourceGroup } from './resourceGroups';
import type { ArmResource } from './resourceType';

export function listResourceGroupResources(call: ArmCall, resourceGroup: string): ArmResult {
  const group = requireResourceGroup(call, resourceGroup);
  const filter = parseFilter(call.query.get('$filter'));
  const value = call.ctx.store
    .list(`${group.id}/providers/`)
    .filter((resource) => resource.type !== RESOURCE_GROUP_TYPE && isTopLevel(resource))
    .filter(filter)
    .map(genericView);
  return { status: 200, body: { value } };
}

/** `Microsoft.Network/virtualNetworks` is top level; `Microsoft.Network/virtualNetworks/subnets` is not. */
function isTopLevel(resource: ArmResource): boolean {
  return resource.type.split('/').length === 2;
}

function genericView(resource: ArmResource): Record<string, unknown> {
  const { id, name, type, location, tags, sku, kind, zones } = resource;
  return {
    id,
    name,
    type,
    location,
    ...(tags && { tags }),
    ...(sku !== undefined && { sku }),
    ...(kind !== undefined && { kind }),
    ...(zones !== undefined && { zones }),
  };
}

/**
 * The $filter forms clients use on this list: `resourceType eq 'X'`, `tagName eq 'k'`, and
 * `tagName eq 'k' and tagValue eq 'v'`. Anything else is refused rather than silently ignored.
 */
function parseFilter(text: string | null): (resource: ArmResource) => boolean {
  if (text === null || text.trim() === '') return () => true;
  const clauses = text.split(/\s+and\s+/i).map((clause) => /^\s*(\w+)\s+eq\s+'([^']*)'\s*$/i.exec(clause));
  if (clauses.some((match) => match === null)) throw armErrors.invalidFilter(text);
  const terms = new Map(clauses.map((match) => [match![1].toLowerCase(), match![2]]));
  const type = terms.get('resourcetype');
  const tagName = terms.get('tagname');
  const tagValue = terms.get('tagvalue');
  if (
    [...terms.keys()].some((key) => !['resourcetype', 'tagname', 'tagvalue'].includes(key)) ||
    (tagValue !== undefined && tagName === undefined)
  )
    throw armErrors.invalidFilter(text);
  return (resource) => {
    if (type !== undefined && resource.type.toLowerCase() !== type.toLowerCase()) return false;
    if (tagName === undefined) return true;
    const entry = Object.entries(resource.tags ?? {}).find(([key]) => key.toLowerCase() === tagName.toLowerCase());
    return entry !== undefined && (tagValue === undefined || entry[1] === tagValue);
  };
}
