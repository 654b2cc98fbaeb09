// Small facts every network resource type derives from a request: api-version family, location, envelope fields,
// dependent-operation locks. It never decides validation rules of a particular type.
import { normalizeLocation } from '../arm/locations';
import { resourceGroupId } from '../arm/resourceGroups';
import type { ArmResource, ResourceRequest, ResourceStore, WriteOutcome } from '../arm/resourceType';
import { asString, tagsOf } from './body';
import { anotherOperationInProgress } from './errors';
import { weakEtag } from './identifiers';
import { INTERNAL_KEY } from './internalState';

/**
 * Network api-versions up to 2018-12-01 (the 2020-09-01-hybrid profile's 2018-11-01) differ from current ones in
 * a few fields: the connection GET still echoes `sharedKey`, and the shared-key body has no `id`.
 */
export function isLegacyNetworkApi(apiVersion: string): boolean {
  // An empty api-version is a rendering with no version: the current shape.
  return apiVersion !== '' && apiVersion < '2019-01-01';
}

/**
 * The location of the body (ARM's front door has refused a top-level PUT without one), else of the stored resource or
 * its group (children and status URLs), else the cloud's.
 */
export function locationFor(request: ResourceRequest, existing?: ArmResource): string {
  const fromBody = asString((request.body as { location?: unknown } | undefined)?.location);
  if (fromBody) return normalizeLocation(fromBody);
  if (existing?.location) return existing.location;
  const group = request.store.get(resourceGroupId(request.subscriptionId, request.resourceGroup));
  if (group?.location) return normalizeLocation(group.location);
  return request.cloud === 'azureStack' ? 'local' : 'eastus';
}

/** The envelope every tracked network resource shares; keeps the casing of the first PUT's id. */
export function envelope(request: ResourceRequest, type: string, existing: ArmResource | undefined): ArmResource {
  const resource: ArmResource = {
    id: existing?.id ?? request.id,
    name: existing?.name ?? request.name,
    type,
    location: locationFor(request, existing),
    etag: weakEtag(() => request.random()),
  };
  const tags = tagsOf(request.body);
  if (tags) resource.tags = tags;
  // Simulator-only state (shared keys, readiness times) survives a re-PUT.
  if (existing?.[INTERNAL_KEY] !== undefined) resource[INTERNAL_KEY] = structuredClone(existing[INTERNAL_KEY]);
  return resource;
}

/** Status-monitor URI of the operation holding a lock, as NRP quotes it in AnotherOperationInProgress. */
export function operationStatusUri(
  request: ResourceRequest,
  operationId: string,
  namespace = 'Microsoft.Network',
): string {
  if (request.operationStatusUrl) return request.operationStatusUrl(operationId);
  const location = locationFor(request);
  return (
    `${request.armEndpoint}/subscriptions/${request.subscriptionId}/providers/${namespace}/locations/${location}` +
    `/operations/${operationId}?api-version=${request.apiVersion}`
  );
}

/**
 * 409 AnotherOperationInProgress when a write is running on any of `ids` (the core already guards the addressed
 * resource itself; this covers the dependent ones NRP locks together: a VNet and its subnets and gateway, a gateway
 * and its connections, a connection and its local network gateway).
 */
export function assertNoOperationInProgress(request: ResourceRequest, ids: readonly string[]): void {
  for (const id of ids) {
    const operationId = request.store.operationInProgress(id);
    if (operationId !== undefined) throw anotherOperationInProgress(operationStatusUri(request, operationId));
  }
}

/** PATCH with `{tags}`: NRP updates tags synchronously. */
export function patchTags(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const resource: ArmResource = { ...existing, etag: weakEtag(() => request.random()) };
  const tags = tagsOf(request.body);
  if (tags) resource.tags = tags;
  else delete resource.tags;
  return { resource, durationMs: 0 };
}

/** Re-reads a resource when an operation ends and applies `change`; skips resources deleted meanwhile. */
export function updateStored(
  store: ResourceStore,
  id: string,
  random: () => number,
  change: (resource: ArmResource) => ArmResource,
): ArmResource | undefined {
  const current = store.get(id);
  if (!current) return undefined;
  const next = { ...change(structuredClone(current)), etag: weakEtag(random) };
  store.put(next);
  return next;
}

export function setProvisioningState(resource: ArmResource, state: string): ArmResource {
  return { ...resource, properties: { ...(resource.properties ?? {}), provisioningState: state } };
}
