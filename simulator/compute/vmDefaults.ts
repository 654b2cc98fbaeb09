// What CRP fills into a VM's PUT response beyond the request, per api-version, as real CRP answered it (recorded 201
// body: Azure/azure-sdk-for-js sdk/compute/arm-compute/recordings/node/compute_test/
// recording_virtualmachines_create_test.json, compute 2022-03-01): the marketplace image's `exactVersion`, the OS
// disk's type, size and deleteOption, each data disk's caching, storage type, deleteOption and toBeDetached, and the
// OS profile's patch settings. Secrets never come back. Pure, except for reading the cloud's image catalogue.
import type { ResourceRequest } from '../arm/resourceType';
import type { JsonObject } from '../http/types';
import { asArray, asNumber, asRecord, asString } from '../network/body';
import { platformImageNotFound } from './errors';
import type { OsInfo } from './osInfo';

/** Compute api-versions before 2021-03-01 (Stack Hub's 2020-06-01): no deleteOption, no Linux patch settings. */
export function isLegacyCompute(apiVersion: string): boolean {
  return apiVersion < '2021-03-01';
}

/** Secrets and write-only inputs CRP accepts but never returns. */
function withoutSecrets(osProfile: JsonObject): JsonObject {
  const copy = { ...osProfile };
  delete copy.adminPassword;
  delete copy.customData;
  return copy;
}

export function osProfileWithDefaults(
  osProfile: JsonObject,
  os: OsInfo,
  vmName: string,
  apiVersion: string,
): JsonObject {
  const profile = withoutSecrets(osProfile);
  const legacy = isLegacyCompute(apiVersion);
  const platform =
    os.osType === 'Windows'
      ? {
          windowsConfiguration: {
            provisionVMAgent: true,
            enableAutomaticUpdates: true,
            patchSettings: legacy
              ? { patchMode: 'AutomaticByOS' }
              : { patchMode: 'AutomaticByOS', assessmentMode: 'ImageDefault' },
            ...(legacy ? {} : { enableVMAgentPlatformUpdates: false }),
            ...asRecord(profile.windowsConfiguration),
          },
        }
      : {
          linuxConfiguration: {
            disablePasswordAuthentication: false,
            provisionVMAgent: true,
            ...(legacy
              ? {}
              : {
                  patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' },
                  enableVMAgentPlatformUpdates: false,
                }),
            ...asRecord(profile.linuxConfiguration),
          },
        };
  return {
    ...profile,
    computerName: asString(profile.computerName) ?? vmName,
    secrets: asArray(profile.secrets),
    ...platform,
    allowExtensionOperations: profile.allowExtensionOperations !== false,
    requireGuestProvisionSignal: true,
  };
}

/**
 * A marketplace imageReference as CRP keeps it: the version the request asked for, and `exactVersion`, the one
 * `latest` resolved to. An image (or version) the cloud does not offer is 404 PlatformImageNotFound. References to
 * custom or gallery images (`id`) are kept as sent.
 */
export function resolvedImageReference(request: ResourceRequest, reference: JsonObject): JsonObject {
  const publisher = asString(reference.publisher);
  const offer = asString(reference.offer);
  const sku = asString(reference.sku);
  if (asString(reference.id) !== undefined || publisher === undefined || offer === undefined || sku === undefined) {
    return reference;
  }
  const version = asString(reference.version) ?? 'latest';
  const copy: JsonObject = { ...reference, version };
  delete copy.exactVersion;
  if (!request.marketplaceImageVersions) return version === 'latest' ? copy : { ...copy, exactVersion: version };
  const offered = request.marketplaceImageVersions(publisher, offer, sku) ?? [];
  const exact =
    version.toLowerCase() === 'latest'
      ? offered.at(-1)
      : offered.find((v) => v.toLowerCase() === version.toLowerCase());
  if (exact === undefined) throw platformImageNotFound(`${publisher}:${offer}:${sku}:${version}`);
  return { ...copy, exactVersion: exact };
}

/** The OS disk and data disks with CRP's defaults (request values win). */
export function disksWithDefaults(
  storageProfile: JsonObject,
  os: OsInfo,
  osDiskName: string,
  apiVersion: string,
): { osDisk: JsonObject; dataDisks: JsonObject[] } {
  const legacy = isLegacyCompute(apiVersion);
  const deleteOption = legacy ? {} : { deleteOption: 'Detach' };
  const osDisk = asRecord(storageProfile.osDisk);
  return {
    osDisk: {
      osType: os.osType,
      createOption: 'FromImage',
      caching: 'ReadWrite',
      ...deleteOption,
      ...osDisk,
      name: osDiskName,
      managedDisk: { storageAccountType: 'Standard_LRS', ...asRecord(osDisk.managedDisk) },
      diskSizeGB: asNumber(osDisk.diskSizeGB) ?? os.diskSizeGB,
    },
    dataDisks: asArray(storageProfile.dataDisks).map((item) => {
      const disk = asRecord(item);
      return {
        caching: 'None',
        ...deleteOption,
        toBeDetached: false,
        ...disk,
        managedDisk: { storageAccountType: 'Standard_LRS', ...asRecord(disk.managedDisk) },
      };
    }),
  };
}
