// Microsoft.Compute/disks: the managed disks CRP creates for a VM's OS disk (FromImage), and empty ones a PUT asks
// for. A disk a VM uses carries `managedBy` and cannot be deleted; when the VM goes, the disk goes with it if the VM
// said `deleteOption: Delete`, else it stays, Unattached (as on Azure Stack Hub, whose compute API has no deleteOption).
// https://learn.microsoft.com/rest/api/compute/disks
import type { ArmResource, ResourceRequest, ResourceStore, ResourceType, WriteOutcome } from '../arm/resourceType';
import type { JsonObject } from '../http/types';
import { asNumber, asRecord, asString, propertiesOf, tagsOf } from '../network/body';
import { seededGuid } from '../network/identifiers';
import { internalNumber, publicCopy, withInternal, INTERNAL_KEY } from '../network/internalState';
import { locationFor, setProvisioningState } from '../network/requestContext';
import { invalidParameter, missingParameter, operationNotAllowed } from './errors';

export const DISKS = 'Microsoft.Compute/disks';

/** What a VM's completion needs to create its OS disk. */
export interface OsDiskSpec {
  id: string;
  name: string;
  location: string;
  vmId: string;
  osType: string;
  diskSizeGB: number;
  storageAccountType: string;
  imageReference: JsonObject;
  timeCreated: string;
  uniqueId: string;
}

/** The OS disk CRP creates for a VM from its image: untagged, managed by the VM, Attached. */
export function createOsDisk(store: ResourceStore, spec: OsDiskSpec): void {
  const existing = store.get(spec.id);
  if (existing) {
    store.put({ ...existing, managedBy: spec.vmId, properties: { ...existing.properties, diskState: 'Attached' } });
    return;
  }
  store.put({
    id: spec.id,
    name: spec.name,
    type: DISKS,
    location: spec.location,
    managedBy: spec.vmId,
    sku: {
      name: spec.storageAccountType,
      tier: spec.storageAccountType.startsWith('Premium') ? 'Premium' : 'Standard',
    },
    properties: {
      osType: spec.osType,
      hyperVGeneration: 'V1',
      creationData: { createOption: 'FromImage', imageReference: { id: imageId(spec) } },
      diskSizeGB: spec.diskSizeGB,
      diskState: 'Attached',
      timeCreated: spec.timeCreated,
      uniqueId: spec.uniqueId,
      provisioningState: 'Succeeded',
    },
    [INTERNAL_KEY]: { etagVersion: 1 },
  });
}

/** After the VM that used it is gone: deleted with it, or left Unattached. */
export function releaseOsDisk(store: ResourceStore, diskId: string, deleteWithVm: boolean): void {
  const disk = store.get(diskId);
  if (!disk) return;
  if (deleteWithVm) {
    store.delete(disk.id);
    return;
  }
  const released: ArmResource = { ...disk, properties: { ...disk.properties, diskState: 'Unattached' } };
  delete released.managedBy;
  store.put(released);
}

function imageId(spec: OsDiskSpec): string {
  const image = spec.imageReference;
  const location = spec.location;
  return (
    `/Subscriptions/${spec.id.split('/')[2] ?? ''}/Providers/Microsoft.Compute/Locations/${location}/Publishers/` +
    `${asString(image.publisher) ?? ''}/ArtifactTypes/VMImage/Offers/${asString(image.offer) ?? ''}/Skus/` +
    `${asString(image.sku) ?? ''}/Versions/${asString(image.version) ?? 'latest'}`
  );
}

/** PUT: only empty data disks (createOption Empty with diskSizeGB); the app never creates disks itself. */
function put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome {
  const body = asRecord(request.body);
  const properties = propertiesOf(body);
  const creationData = asRecord(properties.creationData);
  const createOption = asString(creationData.createOption);
  if (!createOption) throw missingParameter('creationData.createOption');
  if (createOption.toLowerCase() !== 'empty' && !existing) {
    throw invalidParameter('creationData.createOption', `The simulator creates only Empty disks, not ${createOption}.`);
  }
  const size = asNumber(properties.diskSizeGB);
  if (size === undefined && !existing) throw missingParameter('diskSizeGB');
  const random = (): number => request.random();
  const resource: ArmResource = {
    ...(existing ?? {}),
    id: existing?.id ?? request.id,
    name: existing?.name ?? request.name,
    type: DISKS,
    location: locationFor(request, existing),
    sku:
      asRecord(body.sku).name !== undefined
        ? asRecord(body.sku)
        : (existing?.sku ?? { name: 'Standard_LRS', tier: 'Standard' }),
    properties: {
      ...(existing?.properties ?? {}),
      creationData: existing?.properties?.creationData ?? { createOption: 'Empty' },
      diskSizeGB: size ?? existing?.properties?.diskSizeGB,
      diskState: existing?.properties?.diskState ?? 'Unattached',
      timeCreated: existing?.properties?.timeCreated ?? new Date(request.clock.now()).toISOString(),
      uniqueId: existing?.properties?.uniqueId ?? seededGuid(random),
      provisioningState: 'Updating',
    },
  };
  const tags = tagsOf(body);
  if (tags) resource.tags = tags;
  return {
    resource: withInternal(resource, { etagVersion: (internalNumber(existing, 'etagVersion') ?? 0) + 1 }),
    created: existing === undefined,
    durationMs: request.latency(`${DISKS}:${existing ? 'update' : 'create'}`),
    complete: () => {
      const stored = request.store.get(resource.id);
      if (stored) request.store.put(setProvisioningState(stored, 'Succeeded'));
    },
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const managedBy = asString(existing.managedBy);
  if (managedBy) {
    // CRP's answer to deleting a disk a VM still uses (code real; message shape as CRP words it).
    throw operationNotAllowed(`Disk ${existing.name} is attached to VM ${managedBy}.`);
  }
  return {
    resource: existing,
    durationMs: request.latency(`${DISKS}:delete`),
    complete: () => request.store.delete(existing.id),
  };
}

function view(_request: ResourceRequest, stored: ArmResource): ArmResource {
  return publicCopy(stored);
}

function patch(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const tags = tagsOf(request.body);
  const resource: ArmResource = withInternal(
    { ...existing },
    { etagVersion: (internalNumber(existing, 'etagVersion') ?? 0) + 1 },
  );
  if (tags) resource.tags = tags;
  else delete resource.tags;
  return { resource, durationMs: 0 };
}

export function disksType(): ResourceType {
  return { type: DISKS, lro: { put: true, delete: true }, put, delete: remove, view, patch };
}
