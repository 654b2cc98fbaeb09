// Resource groups, ARM's own type: synchronous PUT (201/200), GET, HEAD (204/404), PATCH (tags), list, and DELETE as a
// long-running job that removes everything inside the group. It never calls resource types' delete (a cascade
// ignores their dependency checks, as ARM's does).
import { isRecord } from '../http/types';
import { jsonBody, lroHeaders, type ArmCall, type ArmResult } from './armCall';
import { armErrors } from './errors';
import { normalizeLocation } from './locations';
import { nominalPollIntervalMs } from '../latency/defaults';
import type { ArmResource } from './resourceType';
import { enforceBodyModel } from '../strict';

export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';
const NAME = /^[-\w._()]{1,90}$/u;

export function resourceGroupId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

/** The stored group, or 404 ResourceGroupNotFound. */
export function requireResourceGroup(call: ArmCall, name: string): ArmResource {
  const group = call.ctx.store.get(resourceGroupId(call.ctx.subscriptionId, name));
  if (!group) throw armErrors.resourceGroupNotFound(name);
  return group;
}

export function isBeingDeleted(group: ArmResource): boolean {
  return isRecord(group.properties) && group.properties.provisioningState === 'Deleting';
}

export function listResourceGroups(call: ArmCall): ArmResult {
  const groups = call.ctx.store.list(`/subscriptions/${call.ctx.subscriptionId}/resourceGroups/`, RESOURCE_GROUP_TYPE);
  return { status: 200, body: { value: groups } };
}

export function handleResourceGroup(call: ArmCall, name: string): ArmResult {
  const id = resourceGroupId(call.ctx.subscriptionId, name);
  const existing = call.ctx.store.get(id);
  switch (call.method) {
    case 'GET':
      if (!existing) throw armErrors.resourceGroupNotFound(name);
      return { status: 200, body: existing };
    case 'HEAD':
      return { status: existing ? 204 : 404 };
    case 'PUT':
      return putResourceGroup(call, id, name, existing);
    case 'PATCH':
      return patchResourceGroup(call, name, existing);
    case 'DELETE':
      return deleteResourceGroup(call, name, existing);
    default:
      throw armErrors.methodNotAllowed(call.method);
  }
}

function putResourceGroup(call: ArmCall, id: string, name: string, existing: ArmResource | undefined): ArmResult {
  if (!NAME.test(name) || name.endsWith('.')) throw armErrors.invalidResourceGroupName(name);
  const body = jsonBody(call);
  const location = isRecord(body) && typeof body.location === 'string' ? normalizeLocation(body.location) : undefined;
  if (!location) throw armErrors.locationRequired();
  if (call.ctx.strict) enforceBodyModel(call.ctx.name, 'PUT', RESOURCE_GROUP_TYPE, undefined, body);
  const { all } = call.ctx.locations;
  if (!all.includes(location)) throw armErrors.locationNotAvailableForResourceGroup(location, all);
  if (existing && isBeingDeleted(existing)) throw armErrors.resourceGroupBeingDeleted(existing.name);
  if (existing && existing.location !== location)
    throw armErrors.invalidResourceGroupLocation(location, existing.location ?? '');
  const group: ArmResource = {
    id: existing?.id ?? id,
    name: existing?.name ?? name,
    type: RESOURCE_GROUP_TYPE,
    location,
    properties: { provisioningState: 'Succeeded' },
  };
  const tags = isRecord(body) ? stringMap(body.tags) : undefined;
  if (tags) group.tags = tags;
  if (isRecord(body) && typeof body.managedBy === 'string') group.managedBy = body.managedBy;
  call.ctx.store.put(group);
  return { status: existing ? 200 : 201, body: group };
}

function patchResourceGroup(call: ArmCall, name: string, existing: ArmResource | undefined): ArmResult {
  if (!existing) throw armErrors.resourceGroupNotFound(name);
  const body = jsonBody(call);
  if (call.ctx.strict) enforceBodyModel(call.ctx.name, 'PATCH', RESOURCE_GROUP_TYPE, undefined, body);
  const updated: ArmResource = { ...existing };
  if (isRecord(body)) {
    const tags = stringMap(body.tags);
    if (tags) updated.tags = tags;
    if (typeof body.managedBy === 'string') updated.managedBy = body.managedBy;
  }
  call.ctx.store.put(updated);
  return { status: 200, body: updated };
}

function deleteResourceGroup(call: ArmCall, name: string, existing: ArmResource | undefined): ArmResult {
  const { ctx } = call;
  if (!existing) throw armErrors.resourceGroupNotFound(name);
  const running = ctx.store.operationInProgress(existing.id);
  const current = running ? ctx.operations.get(running) : undefined;
  // A second DELETE while the group is going answers like the first: the same job.
  if (current && current.spec.kind === 'resourceGroupDelete') {
    return { status: 202, headers: lroHeaders(call, current, { asyncOperation: false, location: true }) };
  }
  const prefix = `${existing.id}/`;
  const contents = ctx.store.list(prefix);
  // ARM deletes the group's resources in dependency order, so the job lasts about as long as the slowest of them.
  const slowest = Math.max(0, ...contents.map((r) => ctx.latency.sample(`${r.type}:delete`)));
  const duration = ctx.latency.sample(`${RESOURCE_GROUP_TYPE}:delete`) + slowest;
  ctx.store.put({
    ...existing,
    properties: { ...(isRecord(existing.properties) ? existing.properties : {}), provisioningState: 'Deleting' },
  });
  const operation = ctx.operations.start({
    kind: 'resourceGroupDelete',
    resourceId: existing.id,
    namespace: 'Microsoft.Resources',
    location: existing.location ?? ctx.locations.primary,
    apiVersion: call.apiVersion,
    durationMs: duration,
    pollIntervalMs: nominalPollIntervalMs(RESOURCE_GROUP_TYPE),
    forcedFailure: call.forcedFailure,
    complete: () => {
      ctx.operations.cancelUnder(prefix, {
        code: 'Canceled',
        message: `The operation was canceled because resource group '${existing.name}' was deleted.`,
      });
      for (const resource of ctx.store.list(prefix)) ctx.store.delete(resource.id);
      ctx.store.delete(existing.id);
    },
    onFailed: () => {
      const group = ctx.store.get(existing.id);
      if (group) ctx.store.put({ ...group, properties: { provisioningState: 'Succeeded' } });
    },
  });
  return { status: 202, headers: lroHeaders(call, operation, { asyncOperation: false, location: true }) };
}

/** Polls of `/subscriptions/{sub}/operationresults/{token}`: 202 while the job runs, then 200 (or the error). */
export function resourceGroupOperationResult(call: ArmCall, token: string): ArmResult {
  const id = call.ctx.operations.idFromResultToken(token);
  const operation = id ? call.ctx.operations.get(id) : undefined;
  if (!operation) throw armErrors.operationNotFound(token);
  if (operation.status === 'InProgress') {
    return { status: 202, headers: lroHeaders(call, operation, { asyncOperation: false, location: true }) };
  }
  if (operation.status === 'Succeeded') return { status: 200 };
  return { status: 409, body: { error: operation.error ?? { code: 'Failed', message: 'The operation failed.' } } };
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'string' ? v : String(v);
  return out;
}
