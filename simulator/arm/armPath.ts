// Parses an ARM request path (below the cloud's prefix) into the route it addresses. Segment names compare
// case-insensitively, as ARM's do; values (subscription, group, names) keep the request's casing.

export type ArmRoute =
  | { kind: 'metadata' }
  | { kind: 'subscriptions' }
  | { kind: 'subscription'; subscriptionId: string }
  | { kind: 'providers'; subscriptionId: string; namespace?: string }
  | { kind: 'resourceGroups'; subscriptionId: string }
  | { kind: 'resourceGroup'; subscriptionId: string; resourceGroup: string }
  | { kind: 'resourceGroupResources'; subscriptionId: string; resourceGroup: string }
  | { kind: 'resourceGroupOperationResult'; subscriptionId: string; token: string }
  | {
      kind: 'operation';
      subscriptionId: string;
      namespace: string;
      location: string;
      operationId: string;
      /** `operations` (Azure-AsyncOperation status) or `operationResults` (Location). */
      view: 'status' | 'result';
    }
  | {
      kind: 'provider';
      subscriptionId: string;
      /** Undefined for subscription-wide collections (`/subscriptions/{sub}/providers/{ns}/{type}`). */
      resourceGroup?: string;
      namespace: string;
      /** Segments after the namespace: type, name, childType, childName, …, action…. */
      rest: string[];
    }
  | { kind: 'unknown' };

export function parseArmPath(path: string): ArmRoute {
  const s = path
    .split('/')
    .filter((x) => x !== '')
    .map(decode);
  const is = (i: number, name: string): boolean => s[i]?.toLowerCase() === name;
  if (s.length === 2 && is(0, 'metadata') && is(1, 'endpoints')) return { kind: 'metadata' };
  if (!is(0, 'subscriptions')) return { kind: 'unknown' };
  if (s.length === 1) return { kind: 'subscriptions' };
  const subscriptionId = s[1];
  if (s.length === 2) return { kind: 'subscription', subscriptionId };
  if (is(2, 'resourcegroups')) {
    if (s.length === 3) return { kind: 'resourceGroups', subscriptionId };
    const resourceGroup = s[3];
    if (s.length === 4) return { kind: 'resourceGroup', subscriptionId, resourceGroup };
    if (s.length === 5 && is(4, 'resources')) return { kind: 'resourceGroupResources', subscriptionId, resourceGroup };
    if (is(4, 'providers') && s.length >= 7) {
      return { kind: 'provider', subscriptionId, resourceGroup, namespace: s[5], rest: s.slice(6) };
    }
    return { kind: 'unknown' };
  }
  if (is(2, 'operationresults') && s.length === 4) {
    return { kind: 'resourceGroupOperationResult', subscriptionId, token: s[3] };
  }
  if (is(2, 'providers')) {
    if (s.length === 3) return { kind: 'providers', subscriptionId };
    const namespace = s[3];
    if (s.length === 4) return { kind: 'providers', subscriptionId, namespace };
    if (s.length === 8 && is(4, 'locations') && (is(6, 'operations') || is(6, 'operationresults'))) {
      return {
        kind: 'operation',
        subscriptionId,
        namespace,
        location: s[5],
        operationId: s[7],
        view: is(6, 'operations') ? 'status' : 'result',
      };
    }
    return { kind: 'provider', subscriptionId, namespace, rest: s.slice(4) };
  }
  return { kind: 'unknown' };
}

/** The subscription a route names, if any. */
export function routeSubscription(route: ArmRoute): string | undefined {
  return 'subscriptionId' in route ? route.subscriptionId : undefined;
}

/**
 * The full resource type a provider path addresses, by pairing type/name segments (no registry needed): used to match
 * fault rules before routing. `connections/c/sharedkey` → `…/connections`; `virtualNetworks/v/subnets/s` → `…/subnets`.
 */
export function addressedType(route: ArmRoute): string | undefined {
  if (route.kind === 'resourceGroup' || route.kind === 'resourceGroups') return 'Microsoft.Resources/resourceGroups';
  if (route.kind !== 'provider') return undefined;
  const types: string[] = [];
  for (let i = 0; i < route.rest.length; i += 2) {
    if (i + 1 >= route.rest.length && types.length > 0) break;
    types.push(route.rest[i]);
  }
  return `${route.namespace}/${types.join('/')}`;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
