// Regions each cloud offers, and ARM's normalisation of a location name ("Central US" -> "centralus").
import type { CloudName } from './resourceType';

const AZURE_REGIONS = [
  'eastus',
  'eastus2',
  'westus',
  'westus2',
  'westus3',
  'centralus',
  'northcentralus',
  'southcentralus',
  'westcentralus',
  'canadacentral',
  'canadaeast',
  'brazilsouth',
  'mexicocentral',
  'northeurope',
  'westeurope',
  'uksouth',
  'ukwest',
  'francecentral',
  'germanywestcentral',
  'italynorth',
  'norwayeast',
  'polandcentral',
  'spaincentral',
  'swedencentral',
  'switzerlandnorth',
  'eastasia',
  'southeastasia',
  'japaneast',
  'japanwest',
  'koreacentral',
  'australiaeast',
  'australiasoutheast',
  'centralindia',
  'southindia',
  'uaenorth',
  'qatarcentral',
  'israelcentral',
  'southafricanorth',
];

export interface CloudLocations {
  all: readonly string[];
  /** Used where ARM needs a location and the request names none (error texts, operation URLs). */
  primary: string;
}

/** Azure's regions, or the Stack Hub stamp's (its first region is the primary). */
export function cloudLocations(cloud: CloudName, azureStackRegions: readonly string[]): CloudLocations {
  if (cloud === 'azure') return { all: AZURE_REGIONS, primary: 'eastus' };
  const all = azureStackRegions.map(normalizeLocation);
  return { all, primary: all[0] };
}

export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
