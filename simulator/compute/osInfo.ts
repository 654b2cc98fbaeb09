// What a VM's image says about its OS (type, name, version, default disk size), as CRP and the guest agent report.
// Pure; derived from storageProfile.imageReference only.
import type { ArmResource } from '../arm/resourceType';
import { asRecord, asString, propertiesOf } from '../network/body';

export interface OsInfo {
  osType: 'Linux' | 'Windows';
  osName: string;
  osVersion: string;
  diskSizeGB: number;
}

export function osInfoOf(vm: ArmResource | { properties?: Record<string, unknown> }): OsInfo {
  const storage = asRecord(propertiesOf(vm).storageProfile);
  const image = asRecord(storage.imageReference);
  const declared = asString(asRecord(storage.osDisk).osType);
  const publisher = (asString(image.publisher) ?? '').toLowerCase();
  const sku = asString(image.sku) ?? '';
  const windows = declared === 'Windows' || (declared === undefined && publisher.includes('windows'));
  if (windows) {
    return {
      osType: 'Windows',
      osName: `Windows Server ${sku.split('-')[0] || '2022'} Datacenter`,
      osVersion: 'Microsoft Windows NT 10.0.20348.0',
      diskSizeGB: 127,
    };
  }
  const offer = (asString(image.offer) ?? 'ubuntu').toLowerCase();
  const version = /(\d+)[._-](\d+)/.exec(sku);
  return {
    osType: 'Linux',
    osName: offer.includes('ubuntu') ? 'ubuntu' : offer,
    osVersion: version ? `${version[1]}.${version[2]}` : '22.04',
    diskSizeGB: 30,
  };
}
