// The contract for ARM's read-only, non-resource APIs a provider serves under /providers/{namespace}/… (usages,
// Resource SKUs, marketplace images, permissions). The core authenticates, throttles, gates the api-version and
// injects faults around them, exactly as for resources; a ReadApi only answers the GET.
import type { ArmCall, ArmResult } from './armCall';
import type { ArmRoute } from './armPath';
import { armErrors } from './errors';
import { normalizeLocation } from './locations';

export type ProviderRoute = Extract<ArmRoute, { kind: 'provider' }>;

export interface ReadApi {
  /**
   * The full type the path addresses, as ARM registers it (`Microsoft.Network/locations/usages`): what fault rules'
   * `resourceType` and per-type api-version rows match.
   */
  type: string;
  /** Whether this API serves the route (namespace and segments compare case-insensitively). */
  matches(route: ProviderRoute): boolean;
  get(call: ArmCall, route: ProviderRoute): ArmResult;
}

/** True when `route` is `{namespace}` followed by exactly these segments; `*` stands for any one value. */
export function routeIs(
  route: ProviderRoute,
  namespace: string,
  segments: readonly string[],
  inGroup = false,
): boolean {
  if (route.namespace.toLowerCase() !== namespace.toLowerCase()) return false;
  if ((route.resourceGroup !== undefined) !== inGroup) return false;
  if (route.rest.length !== segments.length) return false;
  return segments.every((segment, i) => segment === '*' || segment.toLowerCase() === route.rest[i]?.toLowerCase());
}

/** The route's location, normalised; a region the cloud does not have is refused as ARM refuses it for the type. */
export function requireLocation(call: ArmCall, raw: string, type: string): string {
  const location = normalizeLocation(raw);
  const { all } = call.ctx.locations;
  if (!all.includes(location)) throw armErrors.locationNotAvailableForResourceType(location, type, all);
  return location;
}
