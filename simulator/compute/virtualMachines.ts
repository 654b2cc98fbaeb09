// Microsoft.Compute/virtualMachines (+ GET instanceView, POST runCommand): NIC references and attachment, the
// image's OS defaults, secrets never echoed, Creating -> Succeeded on the latency model, then NIC MAC and Dynamic
// public addresses. Network truth stays in network/; this type only reads it through runCommand.
import type { ArmResource, ReadOutcome, ResourceRequest, ResourceType, WriteOutcome } from '../arm/resourceType';
import { isRecord, type JsonObject } from '../http/types';
import { asArray, asRecord, asString, cloneJson, propertiesOf, refId, tagsOf } from '../network/body';
import { seededGuid } from '../network/identifiers';
import { internalNumber, publicCopy, withInternal, INTERNAL_KEY } from '../network/internalState';
import { assignAddresses, poolOf, releaseDynamicAddresses } from '../network/publicIpPool';
import { vmUsingNic } from '../network/references';
import {
  assertNoOperationInProgress,
  locationFor,
  setProvisioningState,
  updateStored,
} from '../network/requestContext';
import { isIdOfType, parseResourceId } from '../network/resourceIds';
import { NETWORK_INTERFACES, VIRTUAL_MACHINES } from '../network/typeNames';
import { createOsDisk, releaseOsDisk } from './disks';
import { missingParameter, nicAttachedElsewhere, nicNotFound } from './errors';
import { instanceViewOf } from './instanceView';
import { osInfoOf } from './osInfo';
import { disksWithDefaults, isLegacyCompute, osProfileWithDefaults, resolvedImageReference } from './vmDefaults';
import { runCommand } from './runCommand';

/** CRP fields that only newer api-versions return. */
function hasTimeCreated(apiVersion: string): boolean {
  return apiVersion >= '2021-11-01';
}
function hasEtag(apiVersion: string): boolean {
  return apiVersion >= '2023-07-01';
}
function macAddress(random: () => number): string {
  const hex = (): string =>
    Math.floor(random() * 256)
      .toString(16)
      .toUpperCase()
      .padStart(2, '0');
  // 00-0D-3A is the OUI Azure NICs carry (see the NIC GET example).
  return `00-0D-3A-${hex()}-${hex()}-${hex()}`;
}

function nicIdsOf(vm: ArmResource | { properties?: Record<string, unknown> }): string[] {
  return asArray(asRecord(propertiesOf(vm).networkProfile).networkInterfaces)
    .map((nic) => refId(nic))
    .filter((id): id is string => id !== undefined);
}

function put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome {
  const { store } = request;
  const body = asRecord(request.body);
  const properties = cloneJson(propertiesOf(body));
  const id = existing?.id ?? request.id;
  const name = existing?.name ?? request.name;
  if (!isRecord(properties.hardwareProfile)) throw missingParameter('hardwareProfile');
  const networkInterfaces = asArray(asRecord(properties.networkProfile).networkInterfaces);
  if (networkInterfaces.length === 0) throw missingParameter('networkProfile');
  const nics = networkInterfaces.map((item) => {
    const nicId = refId(item);
    if (!nicId) throw missingParameter('networkProfile.networkInterfaces.id');
    const nic = isIdOfType(nicId, NETWORK_INTERFACES) ? store.get(nicId) : undefined;
    if (!nic) throw nicNotFound(nicId);
    const other = vmUsingNic(store, nic.id, id);
    if (other) throw nicAttachedElsewhere(nic.id, other.id);
    return nic;
  });
  assertNoOperationInProgress(
    request,
    nics.map((nic) => nic.id),
  );

  const random = (): number => request.random();
  const os = osInfoOf({ properties });
  const storageProfile = asRecord(properties.storageProfile);
  const imageReference = isRecord(storageProfile.imageReference)
    ? resolvedImageReference(request, storageProfile.imageReference)
    : undefined;
  const osDisk = asRecord(storageProfile.osDisk);
  const previousOsDisk = asRecord(asRecord(existing?.properties?.storageProfile).osDisk);
  const osDiskName =
    asString(osDisk.name) ??
    asString(previousOsDisk.name) ??
    `${name}_OsDisk_1_${seededGuid(random).replace(/-/g, '')}`;
  for (const key of ['provisioningState', 'vmId', 'instanceView', 'timeCreated']) delete properties[key];
  const vmProperties: JsonObject = {
    ...properties,
    osProfile: osProfileWithDefaults(asRecord(properties.osProfile), os, name, request.apiVersion),
    storageProfile: {
      ...storageProfile,
      ...(imageReference ? { imageReference } : {}),
      ...disksWithDefaults(storageProfile, os, osDiskName, request.apiVersion),
    },
    vmId: asString(existing?.properties?.vmId) ?? seededGuid(random),
    provisioningState: existing ? 'Updating' : 'Creating',
  };
  if (hasTimeCreated(request.apiVersion)) {
    vmProperties.timeCreated =
      asString(existing?.properties?.timeCreated) ?? new Date(request.clock.now()).toISOString();
  }
  const resource: ArmResource = {
    id,
    name,
    type: VIRTUAL_MACHINES,
    location: locationFor(request, existing),
    properties: vmProperties,
    [INTERNAL_KEY]: {
      ...asRecord(existing?.[INTERNAL_KEY]),
      etagVersion: (internalNumber(existing, 'etagVersion') ?? 0) + 1,
    },
  };
  const tags = tagsOf(body);
  if (tags) resource.tags = tags;
  for (const key of ['zones', 'identity', 'plan']) if (body[key] !== undefined) resource[key] = body[key];

  const resourceGroup = parseResourceId(id)?.resourceGroup ?? request.resourceGroup;
  const diskId = `/subscriptions/${request.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/disks/${osDiskName}`;
  return {
    resource,
    created: existing === undefined,
    durationMs: request.latency(`${VIRTUAL_MACHINES}:${existing ? 'update' : 'create'}`),
    complete: () => {
      const now = request.clock.now();
      updateStored(store, id, random, (vm) => {
        const next = setProvisioningState(vm, 'Succeeded');
        const storage = asRecord(next.properties?.storageProfile);
        const disk = asRecord(storage.osDisk);
        next.properties = {
          ...next.properties,
          storageProfile: {
            ...storage,
            osDisk: {
              ...disk,
              managedDisk: { ...asRecord(disk.managedDisk), id: diskId },
              diskSizeGB: typeof disk.diskSizeGB === 'number' ? disk.diskSizeGB : os.diskSizeGB,
            },
          },
        };
        createOsDisk(store, {
          id: diskId,
          name: osDiskName,
          location: next.location ?? locationFor(request),
          vmId: id,
          osType: os.osType,
          diskSizeGB: typeof disk.diskSizeGB === 'number' ? disk.diskSizeGB : os.diskSizeGB,
          storageAccountType: asString(asRecord(disk.managedDisk).storageAccountType) ?? 'Standard_LRS',
          imageReference: asRecord(storage.imageReference),
          timeCreated: new Date(now).toISOString(),
          uniqueId: seededGuid(random),
        });
        return withInternal(next, {
          readyAt: internalNumber(vm, 'readyAt') ?? now,
          etagVersion: (internalNumber(vm, 'etagVersion') ?? 0) + 1,
        });
      });
      for (const nicId of nicIdsOf(resource)) {
        const nic = updateStored(store, nicId, random, (current) => ({
          ...current,
          properties: {
            ...current.properties,
            macAddress: asString(current.properties?.macAddress) ?? macAddress(random),
          },
        }));
        if (nic) assignAddresses(store, poolOf(request), nic, random);
      }
    },
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const random = (): number => request.random();
  return {
    resource: setProvisioningState(existing, 'Deleting'),
    durationMs: request.latency(`${VIRTUAL_MACHINES}:delete`),
    complete: () => {
      request.store.delete(existing.id);
      const osDisk = asRecord(asRecord(existing.properties?.storageProfile).osDisk);
      const diskId = asString(asRecord(osDisk.managedDisk).id);
      if (diskId) releaseOsDisk(request.store, diskId, asString(osDisk.deleteOption)?.toLowerCase() === 'delete');
      for (const nicId of nicIdsOf(existing)) {
        const nic = updateStored(request.store, nicId, random, (current) => {
          const properties = { ...current.properties };
          delete properties.macAddress;
          return { ...current, properties };
        });
        if (nic) releaseDynamicAddresses(request.store, nic, random);
      }
    },
  };
}

function view(request: ResourceRequest, stored: ArmResource): ArmResource {
  const rendered = publicCopy(stored);
  if (hasEtag(request.apiVersion)) rendered.etag = `"${internalNumber(stored, 'etagVersion') ?? 1}"`;
  else delete rendered.etag;
  if (!hasTimeCreated(request.apiVersion) && rendered.properties) delete rendered.properties.timeCreated;
  const expand = request.query.get('$expand');
  if (expand?.toLowerCase() === 'instanceview' && rendered.properties) {
    rendered.properties.instanceView = instanceViewOf(stored, isLegacyCompute(request.apiVersion));
  }
  return rendered;
}

function instanceView(request: ResourceRequest, existing: ArmResource): ReadOutcome {
  return { status: 200, body: instanceViewOf(existing, isLegacyCompute(request.apiVersion)) };
}

function patch(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const tags = tagsOf(request.body);
  const resource = withInternal(
    { ...existing, ...(tags ? { tags } : {}) },
    { etagVersion: (internalNumber(existing, 'etagVersion') ?? 0) + 1 },
  );
  return { resource, durationMs: 0 };
}

export function virtualMachinesType(): ResourceType {
  return {
    type: VIRTUAL_MACHINES,
    lro: { put: true, delete: true },
    put,
    delete: remove,
    view,
    patch,
    actions: { 'GET instanceView': instanceView, 'POST runCommand': runCommand },
  };
}
