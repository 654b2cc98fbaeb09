// Requests under `/providers/{namespace}/…`: resolves the addressed resource type (nested child types included),
// then runs ARM's generic protocol around the registered ResourceType: existence checks, AnotherOperationInProgress,
// the LRO contract (201/200 + Azure-AsyncOperation, 202 + Location), provisioningState, list envelopes.
// Resource semantics (validation, bodies, dependencies) stay in the resource types.
import { findImage } from '../account/images';
import { nominalPollIntervalMs } from '../latency/defaults';
import { supportedApiVersions } from './apiVersions';
import { isRecord } from '../http/types';
import { jsonBody, lroHeaders, type ArmCall, type ArmResult } from './armCall';
import type { ArmRoute } from './armPath';
import { armErrors } from './errors';
import { normalizeLocation } from './locations';
import type { Operation, OperationError, OperationKind } from './operations';
import { isBeingDeleted, requireResourceGroup, resourceGroupId } from './resourceGroups';
import { enforceBodyModel } from '../strict';
import {
  ArmError,
  type ArmResource,
  type LatencyKey,
  type ReadOutcome,
  type ResourceRequest,
  type ResourceType,
  type WriteOutcome,
} from './resourceType';

type ProviderRoute = Extract<ArmRoute, { kind: 'provider' }>;

interface AddressedResource {
  type: ResourceType;
  id: string;
  name: string;
}

type Resolved =
  | { kind: 'collection'; type: ResourceType; parent?: AddressedResource; ancestors: AddressedResource[] }
  | { kind: 'resource'; target: AddressedResource; ancestors: AddressedResource[]; action?: string };

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

export function handleProviderRequest(call: ArmCall, route: ProviderRoute): ArmResult {
  const { ctx } = call;
  // The group is checked first: ARM answers ResourceGroupNotFound whatever lies below it.
  const group = route.resourceGroup === undefined ? undefined : requireResourceGroup(call, route.resourceGroup);
  const namespace = ctx.types.canonicalNamespace(route.namespace);
  if (!namespace) throw armErrors.invalidResourceNamespace(route.namespace);
  const resolved = resolve(call, route, namespace);
  if (group === undefined || route.resourceGroup === undefined) {
    // Subscription-wide collections only (`/subscriptions/{sub}/providers/{ns}/{type}`).
    if (resolved.kind !== 'collection' || resolved.parent || call.method !== 'GET')
      throw armErrors.noRoute(route.rest.join('/'));
    const items = ctx.store.list(`/subscriptions/${ctx.subscriptionId}/resourceGroups/`, resolved.type.type);
    const listId = `/subscriptions/${ctx.subscriptionId}/providers/${namespace}/${route.rest.join('/')}`;
    return { status: 200, body: { value: items.map((item) => render(call, resolved.type, item, route, listId)) } };
  }
  if (resolved.kind === 'collection') {
    if (call.method !== 'GET') throw armErrors.methodNotAllowed(call.method);
    requireAncestors(call, resolved.ancestors, route.resourceGroup);
    const scope = resolved.parent ? `${resolved.parent.id}/` : `${group.id}/`;
    const items = ctx.store.list(scope, resolved.type.type);
    const listId = `${scope}${resolved.parent ? '' : `providers/${namespace}/`}${route.rest.at(-1) ?? ''}`;
    return { status: 200, body: { value: items.map((item) => render(call, resolved.type, item, route, listId)) } };
  }
  const { target, ancestors, action } = resolved;
  const isWrite = call.method !== 'GET' && call.method !== 'HEAD';
  if (isWrite && call.method !== 'DELETE' && isBeingDeleted(group))
    throw armErrors.resourceGroupBeingDeleted(group.name);
  if (action !== undefined) return runAction(call, route, target, ancestors, action);
  switch (call.method) {
    case 'GET':
    case 'HEAD': {
      const stored = ctx.store.get(target.id);
      if (!stored) {
        if (call.method === 'HEAD') return { status: 404 };
        requireAncestors(call, ancestors, route.resourceGroup);
        throw ancestors.length > 0
          ? providerError(target.type, armErrors.childNotFound(target.id))
          : armErrors.resourceNotFound(typeAndName(target), route.resourceGroup);
      }
      if (call.method === 'HEAD') return { status: 204 };
      const body = render(call, target.type, stored, route);
      // A GET carries the resource's etag as the ETag header too (recorded: Azure/azure-sdk-for-js
      // sdk/network/arm-network/recordings/node/network_test/recording_virtualnetworks_create_test.json).
      return typeof body.etag === 'string'
        ? { status: 200, body, headers: { ETag: body.etag } }
        : { status: 200, body };
    }
    case 'PUT':
      return put(call, route, target, ancestors);
    case 'PATCH':
      return patch(call, route, target, ancestors);
    case 'DELETE':
      return remove(call, route, target, ancestors);
    default:
      throw armErrors.methodNotAllowed(call.method);
  }
}

/** Walks type/name pairs as deep as registered types go; what remains is a collection or an action. */
function resolve(call: ArmCall, route: ProviderRoute, namespace: string): Resolved {
  const { types, subscriptionId } = call.ctx;
  const base =
    route.resourceGroup === undefined
      ? `/subscriptions/${subscriptionId}/providers/${namespace}`
      : `${resourceGroupId(subscriptionId, route.resourceGroup)}/providers/${namespace}`;
  const ancestors: AddressedResource[] = [];
  let typeName = namespace;
  let parentId = base;
  let i = 0;
  while (i < route.rest.length) {
    const type = types.get(`${typeName}/${route.rest[i]}`);
    if (!type) break;
    const segment = type.type.slice(type.type.lastIndexOf('/') + 1);
    if (i + 1 >= route.rest.length) return { kind: 'collection', type, parent: ancestors.at(-1), ancestors };
    const name = route.rest[i + 1];
    const id = `${parentId}/${segment}/${name}`;
    ancestors.push({ type, id, name });
    typeName = type.type;
    parentId = id;
    i += 2;
  }
  const target = ancestors.pop();
  if (!target) throw armErrors.invalidResourceType(route.rest[0] ?? '', namespace, call.apiVersion);
  const action = i < route.rest.length ? route.rest.slice(i).join('/') : undefined;
  return { kind: 'resource', target, ancestors, action };
}

/** Parents must exist: ARM names the first missing one. */
function requireAncestors(
  call: ArmCall,
  ancestors: AddressedResource[],
  resourceGroup: string,
): ArmResource | undefined {
  let parent: ArmResource | undefined;
  for (const ancestor of ancestors) {
    parent = call.ctx.store.get(ancestor.id);
    if (!parent) throw armErrors.resourceNotFound(typeAndName(ancestor), resourceGroup);
  }
  return parent;
}

/** `Microsoft.Network/virtualNetworks/v1` or, nested, `Microsoft.Network/virtualNetworks/v1/subnets/s1` (as ARM names it). */
function typeAndName(resource: AddressedResource): string {
  return resource.id.slice(resource.id.toLowerCase().lastIndexOf('/providers/') + '/providers/'.length);
}

/**
 * A stored resource as ARM would return it (its type's view), for callers outside a provider request. Without an
 * api-version in `call` (the inspection API) it renders at the newest version the cloud accepts for the namespace.
 */
export function renderStored(call: ArmCall, stored: ArmResource): ArmResource {
  const type = call.ctx.types.get(stored.type);
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i.exec(stored.id);
  if (!type || !match) return stored;
  if (call.apiVersion === '') {
    // The inspection API: the shape of the cloud's newest version (Stack Hub's is 2018-11-01), marked as such.
    const newest = supportedApiVersions(call.ctx.name, match[3])?.[0];
    call = { ...call, ...(newest ? { apiVersion: newest } : {}), inspection: true };
  }
  const route: ProviderRoute = {
    kind: 'provider',
    subscriptionId: match[1],
    resourceGroup: match[2],
    namespace: match[3],
    rest: match[4].split('/'),
  };
  return render(call, type, stored, route);
}

/**
 * Renders through the type's view. `requestId` is the id the client addressed: the resource itself for a GET, the
 * collection for a list, so types can leave out what ARM omits from lists (a connection's connectionStatus).
 */
function render(
  call: ArmCall,
  type: ResourceType,
  stored: ArmResource,
  route: ProviderRoute,
  requestId = stored.id,
): ArmResource {
  if (!type.view) return stored;
  return type.view(
    resourceRequest(call, route, { type, id: requestId, name: stored.name }, undefined, undefined),
    stored,
  );
}

function resourceRequest(
  call: ArmCall,
  route: ProviderRoute,
  target: AddressedResource,
  parentId: string | undefined,
  action: string | undefined,
  body?: unknown,
): ResourceRequest {
  const { ctx } = call;
  const request: ResourceRequest = {
    cloud: ctx.name,
    method: call.method as ResourceRequest['method'],
    apiVersion: call.apiVersion,
    subscriptionId: ctx.subscriptionId,
    resourceGroup: route.resourceGroup ?? '',
    id: target.id,
    name: target.name,
    query: call.query,
    body,
    store: ctx.store,
    world: ctx.clouds().map((cloud) => ({ cloud: cloud.name, store: cloud.store })),
    publicAddressPool: ctx.publicAddressPool,
    clock: ctx.clock,
    random: ctx.typeRandom,
    latency: (key: LatencyKey) => ctx.latency.sample(key),
    armEndpoint: ctx.armEndpoint(),
    marketplaceImageVersions: (publisher, offer, sku) => findImage(ctx.account.images, publisher, offer, sku)?.versions,
    operationStatusUrl: (operationId: string) => {
      const op = ctx.operations.get(operationId);
      return op
        ? ctx.operations.statusUrl(op)
        : `${ctx.armEndpoint()}/subscriptions/${ctx.subscriptionId}/providers/${target.type.type.split('/')[0]}/locations/${ctx.locations.primary}/operations/${operationId}?api-version=${call.apiVersion}`;
    },
  };
  if (parentId !== undefined) request.parentId = parentId;
  if (action !== undefined) request.action = action;
  if (call.inspection === true) request.inspection = true;
  return request;
}

/** AnotherOperationInProgress when a write runs on this resource, a parent or a child (NRP's "this or dependent"). */
function refuseConcurrentWrite(call: ArmCall, target: AddressedResource): void {
  const [running] = call.ctx.store.operationsTouching(target.id);
  if (running === undefined) return;
  const op = call.ctx.operations.get(running);
  throw providerError(
    target.type,
    armErrors.anotherOperationInProgress(op ? call.ctx.operations.statusUrl(op) : running),
  );
}

/** An error the core raises for a resource provider, in that provider's shape (NRP: `details: []`). */
function providerError(type: ResourceType, error: ArmError): ArmError {
  if (!type.errorsCarryDetails || error.details !== undefined) return error;
  return new ArmError(error.status, error.code, error.message, error.target, [], error.headers);
}

function operationLocation(
  call: ArmCall,
  route: ProviderRoute,
  resource: ArmResource | undefined,
  ancestors: AddressedResource[],
): string {
  const candidates = [resource?.location, ...ancestors.map((a) => call.ctx.store.get(a.id)?.location)];
  if (route.resourceGroup !== undefined)
    candidates.push(call.ctx.store.get(resourceGroupId(call.ctx.subscriptionId, route.resourceGroup))?.location);
  const found = candidates.find((l): l is string => typeof l === 'string' && l !== '');
  return normalizeLocation(found ?? call.ctx.locations.primary);
}

function put(
  call: ArmCall,
  route: ProviderRoute,
  target: AddressedResource,
  ancestors: AddressedResource[],
): ArmResult {
  const { ctx } = call;
  const body = jsonBody(call);
  const parent = requireAncestors(call, ancestors, route.resourceGroup ?? '');
  const existing = ctx.store.get(target.id);
  if (ancestors.length === 0) {
    // ARM's front door: every top-level resource the simulator serves is a tracked resource, whose PUT must name a
    // location (400 LocationRequired, never defaulted to the group's: pulumi/pulumi-azure-native#215,
    // Azure/bicep#12046); the location must be one the cloud offers, and stays the one it was created in.
    if (!isRecord(body) || typeof body.location !== 'string' || body.location.trim() === '')
      throw armErrors.locationRequired();
    const location = normalizeLocation(body.location);
    if (!ctx.locations.all.includes(location)) {
      throw armErrors.locationNotAvailableForResourceType(body.location, target.type.type, ctx.locations.all);
    }
    if (existing?.location !== undefined && normalizeLocation(existing.location) !== location) {
      throw new ArmError(
        409,
        'InvalidResourceLocation',
        `The resource '${target.name}' already exists in location '${existing.location}' in resource group '${route.resourceGroup ?? ''}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
      );
    }
    body.location = location;
  }
  if (ctx.strict) enforceBodyModel(ctx.name, 'PUT', target.type.type, undefined, body);
  return putChecked(call, route, target, ancestors, body, parent, existing);
}

function putChecked(
  call: ArmCall,
  route: ProviderRoute,
  target: AddressedResource,
  ancestors: AddressedResource[],
  body: unknown,
  parent: ArmResource | undefined,
  existing: ArmResource | undefined,
): ArmResult {
  const { ctx } = call;
  refuseConcurrentWrite(call, target);
  const request = resourceRequest(call, route, target, parent?.id, undefined, body);
  const outcome = target.type.put(request, existing);
  if (outcome.resource) ctx.store.put(outcome.resource);
  const created = outcome.created ?? existing === undefined;
  const operation = startWrite(call, route, target, ancestors, 'put', outcome, target.type.lro.put);
  const stored = ctx.store.get(target.id);
  const responseBody = stored ? render(call, target.type, stored, route) : outcome.resource;
  const headers =
    operation && target.type.lro.put
      ? lroHeaders(call, operation, { asyncOperation: true, location: false })
      : undefined;
  return { status: created ? 201 : 200, body: responseBody, headers };
}

function patch(
  call: ArmCall,
  route: ProviderRoute,
  target: AddressedResource,
  ancestors: AddressedResource[],
): ArmResult {
  const { ctx } = call;
  const body = jsonBody(call);
  requireAncestors(call, ancestors, route.resourceGroup ?? '');
  const existing = ctx.store.get(target.id);
  if (!existing) throw armErrors.resourceNotFound(typeAndName(target), route.resourceGroup ?? '');
  if (ctx.strict) enforceBodyModel(ctx.name, 'PATCH', target.type.type, undefined, body);
  refuseConcurrentWrite(call, target);
  const request = resourceRequest(call, route, target, ancestors.at(-1)?.id, undefined, body);
  const outcome: WriteOutcome = target.type.patch ? target.type.patch(request, existing) : patchTags(existing, body);
  if (outcome.resource) ctx.store.put(outcome.resource);
  const isLro = outcome.durationMs > 0;
  const operation = startWrite(call, route, target, ancestors, 'patch', outcome, isLro);
  const stored = ctx.store.get(target.id);
  const headers =
    operation && isLro ? lroHeaders(call, operation, { asyncOperation: true, location: false }) : undefined;
  return { status: 200, body: stored ? render(call, target.type, stored, route) : outcome.resource, headers };
}

function remove(
  call: ArmCall,
  route: ProviderRoute,
  target: AddressedResource,
  ancestors: AddressedResource[],
): ArmResult {
  const { ctx } = call;
  const existing = ctx.store.get(target.id);
  // ARM answers a DELETE of something that is not there with 204 (also when its parent is gone).
  if (!existing) return { status: 204 };
  refuseConcurrentWrite(call, target);
  const request = resourceRequest(call, route, target, ancestors.at(-1)?.id, undefined, jsonBody(call));
  const outcome = target.type.delete(request, existing);
  if (outcome.resource) ctx.store.put(outcome.resource);
  else if (target.type.lro.delete && outcome.durationMs > 0) ctx.store.put(withProvisioningState(existing, 'Deleting'));
  const operation = startWrite(call, route, target, ancestors, 'delete', outcome, target.type.lro.delete);
  if (!target.type.lro.delete || !operation) return { status: 200 };
  return { status: 202, headers: lroHeaders(call, operation, { asyncOperation: true, location: true }) };
}

function runAction(
  call: ArmCall,
  route: ProviderRoute,
  target: AddressedResource,
  ancestors: AddressedResource[],
  action: string,
): ArmResult {
  const { ctx } = call;
  const handler = findAction(target.type, call.method, action);
  if (!handler)
    throw armErrors.invalidResourceType(
      `${target.type.type.slice(target.type.type.indexOf('/') + 1)}/${action}`,
      target.type.type.split('/')[0],
      call.apiVersion,
    );
  const body = jsonBody(call);
  requireAncestors(call, ancestors, route.resourceGroup ?? '');
  const existing = ctx.store.get(target.id);
  if (!existing) throw armErrors.resourceNotFound(typeAndName(target), route.resourceGroup ?? '');
  const isWrite = call.method !== 'GET';
  if (isWrite && ctx.strict) enforceBodyModel(ctx.name, call.method, target.type.type, action, body);
  if (isWrite) refuseConcurrentWrite(call, target);
  const request = resourceRequest(call, route, target, ancestors.at(-1)?.id, action, body);
  const outcome = handler(request, existing);
  if (!isWriteOutcome(outcome)) return { status: outcome.status ?? 200, body: outcome.body };
  if (outcome.resource) ctx.store.put(outcome.resource);
  const operation = startWrite(call, route, target, ancestors, 'action', outcome, true);
  if (!operation) return { status: 200 };
  if (call.method === 'PUT') {
    // A PUT sub-resource (connection sharedkey) answers like a PUT: 200 with its body, then the status monitor.
    return {
      status: 200,
      body: outcome.responseBody ?? body,
      headers: lroHeaders(call, operation, { asyncOperation: true, location: false }),
    };
  }
  return { status: 202, headers: lroHeaders(call, operation, { asyncOperation: true, location: true }) };
}

function findAction(
  type: ResourceType,
  method: string,
  action: string,
): NonNullable<ResourceType['actions']>[string] | undefined {
  if (!type.actions) return undefined;
  const wanted = `${method} ${action}`.toLowerCase();
  for (const [key, handler] of Object.entries(type.actions)) {
    if (key.toLowerCase() === wanted) return handler;
  }
  return undefined;
}

function isWriteOutcome(outcome: ReadOutcome | WriteOutcome): outcome is WriteOutcome {
  return 'durationMs' in outcome && typeof outcome.durationMs === 'number';
}

/**
 * Starts the operation of an accepted write. Its end runs the type's complete(), then makes provisioningState
 * terminal (Succeeded unless the type chose), removes a deleted resource and its children, or marks it Failed.
 */
function startWrite(
  call: ArmCall,
  route: ProviderRoute,
  target: AddressedResource,
  ancestors: AddressedResource[],
  kind: OperationKind,
  outcome: WriteOutcome,
  lro: boolean,
): Operation | undefined {
  const { ctx } = call;
  const id = target.id;
  const complete = (): unknown => {
    const result = outcome.complete?.();
    if (kind === 'delete') {
      for (const child of ctx.store.list(`${id}/`)) ctx.store.delete(child.id);
      ctx.store.delete(id);
    } else {
      const stored = ctx.store.get(id);
      if (stored && !TERMINAL.has(provisioningState(stored).toLowerCase()))
        ctx.store.put(withProvisioningState(stored, 'Succeeded'));
    }
    return result;
  };
  const onFailed = (_error: OperationError): void => {
    const stored = ctx.store.get(id);
    if (stored) ctx.store.put(withProvisioningState(stored, 'Failed'));
  };
  if (!lro) {
    // Synchronous writes still run complete() (and fail synchronously with its ArmError).
    complete();
    return undefined;
  }
  return ctx.operations.start({
    kind,
    resourceId: id,
    namespace: target.type.type.split('/')[0],
    location: operationLocation(call, route, ctx.store.get(id), ancestors),
    apiVersion: call.apiVersion,
    durationMs: outcome.durationMs,
    pollIntervalMs: nominalPollIntervalMs(ancestors[0]?.type.type ?? target.type.type),
    complete,
    onFailed,
    forcedFailure: call.forcedFailure,
  });
}

function patchTags(existing: ArmResource, body: unknown): WriteOutcome {
  const updated: ArmResource = { ...existing };
  if (isRecord(body) && isRecord(body.tags)) {
    updated.tags = Object.fromEntries(Object.entries(body.tags).map(([k, v]) => [k, String(v)]));
  }
  return { resource: updated, durationMs: 0 };
}

function provisioningState(resource: ArmResource): string {
  const props = resource.properties;
  const state = isRecord(props) ? props.provisioningState : undefined;
  return typeof state === 'string' ? state : 'Succeeded';
}

function withProvisioningState(resource: ArmResource, state: string): ArmResource {
  return {
    ...resource,
    properties: { ...(isRecord(resource.properties) ? resource.properties : {}), provisioningState: state },
  };
}
