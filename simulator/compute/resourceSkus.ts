// `GET /subscriptions/{sub}/providers/Microsoft.Compute/skus[?$filter=location eq 'x']`: the Resource SKUs list,
// one virtualMachines entry per offered size and region (as Azure lists them), with its family, capabilities
// (vCPUs, MemoryGB, …) and restrictions. A size the account restricts is listed with a Location restriction,
// reasonCode NotAvailableForSubscription; a size not offered is not listed at all (Stack Hub has no B series).
// Shapes: https://learn.microsoft.com/rest/api/compute/resource-skus/list
import type { ArmCall, ArmResult } from '../arm/armCall';
import { armErrors } from '../arm/errors';
import { normalizeLocation } from '../arm/locations';
import { routeIs, type ReadApi } from '../arm/readApi';
import { findVmSize, type VmSize } from '../account/vmSizes';

export const resourceSkusApi: ReadApi = {
  type: 'Microsoft.Compute/skus',
  matches: (route) => routeIs(route, 'Microsoft.Compute', ['skus']),
  get: (call) => listSkus(call),
};

function listSkus(call: ArmCall): ArmResult {
  const { ctx } = call;
  const filter = locationFilter(call.query.get('$filter'));
  const locations = filter === undefined ? ctx.locations.all : ctx.locations.all.filter((l) => l === filter);
  const restricted = new Set(ctx.account.restrictedVmSizes.map((s) => s.toLowerCase()));
  const value = ctx.account.vmSizes
    .map((name) => findVmSize(ctx.name, name))
    .filter((size): size is VmSize => size !== undefined)
    .flatMap((size) =>
      locations.map((location) => skuEntry(size, location, ctx.name, restricted.has(size.name.toLowerCase()))),
    );
  return { status: 200, body: { value } };
}

function skuEntry(size: VmSize, location: string, cloud: string, restricted: boolean): Record<string, unknown> {
  // Premium storage: the DS series and sizes with an `s` after the vCPU count (B2s, D2s_v3, F2s_v2).
  const part = size.name.replace(/^Standard_/, '');
  const premium = part.startsWith('DS') || /^[A-Z]+\d+[a-z]*s/.test(part);
  return {
    resourceType: 'virtualMachines',
    name: size.name,
    tier: 'Standard',
    size: part,
    family: size.family,
    locations: [location],
    locationInfo: [{ location, zones: [], zoneDetails: [] }],
    capabilities: [
      { name: 'MaxResourceVolumeMB', value: String(size.vCPUs * 8192) },
      { name: 'OSVhdSizeMB', value: '1047552' },
      { name: 'vCPUs', value: String(size.vCPUs) },
      { name: 'HyperVGenerations', value: cloud === 'azure' ? 'V1,V2' : 'V1' },
      { name: 'MemoryGB', value: String(size.memoryGB) },
      { name: 'MaxDataDiskCount', value: String(Math.max(2, size.vCPUs * 2)) },
      { name: 'LowPriorityCapable', value: cloud === 'azure' ? 'True' : 'False' },
      { name: 'PremiumIO', value: premium ? 'True' : 'False' },
      { name: 'vCPUsAvailable', value: String(size.vCPUs) },
      { name: 'vCPUsPerCore', value: '1' },
    ],
    restrictions: restricted
      ? [
          {
            type: 'Location',
            values: [location],
            restrictionInfo: { locations: [location] },
            reasonCode: 'NotAvailableForSubscription',
          },
        ]
      : [],
  };
}

/** `location eq 'x'` is the one filter the Resource SKUs list takes; anything else is refused, never ignored. */
function locationFilter(text: string | null): string | undefined {
  if (text === null || text.trim() === '') return undefined;
  const match = /^\s*location\s+eq\s+'([^']+)'\s*$/i.exec(text);
  if (!match) throw armErrors.invalidFilter(text);
  return normalizeLocation(match[1] ?? '');
}
