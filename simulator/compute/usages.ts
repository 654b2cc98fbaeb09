// `GET /subscriptions/{sub}/providers/Microsoft.Compute/locations/{location}/usages`: CRP's per-region counters
// (unit Count, currentValue, limit, name {value, localizedValue}; no id, unlike NRP's): availability sets, `cores`
// (Total Regional vCPUs), VMs, scale sets, and one row per VM family. vCPUs are counted from the VMs in the store
// by their size; limits come from the account.
import type { ArmCall, ArmResult } from '../arm/armCall';
import { normalizeLocation } from '../arm/locations';
import { requireLocation, routeIs, type ProviderRoute, type ReadApi } from '../arm/readApi';
import { familyDisplayName, findVmSize } from '../account/vmSizes';
import { asRecord, asString } from '../network/body';
import { VIRTUAL_MACHINES } from '../network/typeNames';

const TYPE = 'Microsoft.Compute/locations/usages';

const DISPLAY: Readonly<Record<string, string>> = {
  availabilitySets: 'Availability Sets',
  cores: 'Total Regional vCPUs',
  virtualMachines: 'Virtual Machines',
  virtualMachineScaleSets: 'Virtual Machine Scale Sets',
};

export const computeUsagesApi: ReadApi = {
  type: TYPE,
  matches: (route) => routeIs(route, 'Microsoft.Compute', ['locations', '*', 'usages']),
  get: (call, route) => listUsages(call, route),
};

function listUsages(call: ArmCall, route: ProviderRoute): ArmResult {
  const { ctx } = call;
  const location = requireLocation(call, route.rest[1] ?? '', TYPE);
  const current = new Map<string, number>();
  const add = (name: string, n: number): void => {
    current.set(name, (current.get(name) ?? 0) + n);
  };
  for (const vm of ctx.store.list(`/subscriptions/${ctx.subscriptionId}/`, VIRTUAL_MACHINES)) {
    if (vm.location === undefined || normalizeLocation(vm.location) !== location) continue;
    add('virtualMachines', 1);
    const sizeName = asString(asRecord(asRecord(vm.properties).hardwareProfile).vmSize) ?? '';
    const size = findVmSize(ctx.name, sizeName);
    if (!size) continue;
    add('cores', size.vCPUs);
    add(size.family, size.vCPUs);
  }
  const value = Object.entries(ctx.account.quotaLimits.compute).map(([name, limit]) => ({
    unit: 'Count',
    currentValue: current.get(name) ?? 0,
    limit,
    name: { value: name, localizedValue: DISPLAY[name] ?? familyDisplayName(name) },
  }));
  return { status: 200, body: { value } };
}
