// Quota arithmetic for pre-flight: what the plan still has to create against what each usage row leaves
// (limit - currentValue). Only creations count: a rerun that adopts existing resources needs no new quota. Pure.

/** One row of a network or compute usages list (both SDK generations' shape). */
export interface UsageRow {
  name: { value?: string; localizedValue?: string };
  currentValue: number;
  limit: number;
}

export interface QuotaNeed {
  /** The usage row (`VirtualNetworks`, `cores`, `standardBSFamily`). */
  usage: string;
  needed: number;
}

export interface QuotaShortfall {
  usage: string;
  /** `Total Regional vCPUs` and the like, when the row names itself. */
  display: string;
  needed: number;
  available: number;
  limit: number;
  current: number;
}

export interface QuotaEvaluation {
  shortfalls: QuotaShortfall[];
  /** Needs no row reports (the cloud does not meter them): not checkable, never a failure. */
  unmetered: string[];
}

export function evaluateQuota(rows: readonly UsageRow[], needs: readonly QuotaNeed[]): QuotaEvaluation {
  const byName = new Map(rows.map((row) => [(row.name.value ?? '').toLowerCase(), row]));
  const shortfalls: QuotaShortfall[] = [];
  const unmetered: string[] = [];
  for (const need of needs) {
    if (need.needed <= 0) continue;
    const row = byName.get(need.usage.toLowerCase());
    if (!row) {
      unmetered.push(need.usage);
      continue;
    }
    const available = Math.max(0, row.limit - row.currentValue);
    if (need.needed > available) {
      shortfalls.push({
        usage: need.usage,
        display: row.name.localizedValue ?? need.usage,
        needed: need.needed,
        available,
        limit: row.limit,
        current: row.currentValue,
      });
    }
  }
  return { shortfalls, unmetered };
}

/** What a site's creations consume. Counts are what the run will create (0 for what it adopts). */
export interface SiteCreations {
  virtualNetworks: number;
  /** Azure's gateway IP is Static (Standard SKU); Stack Hub's is Dynamic. */
  publicIps: { count: number; static: boolean };
  networkInterfaces: number;
  gateways: number;
  connections: number;
  vm?: { family: string; vCPUs: number };
}

export function networkNeeds(c: SiteCreations): QuotaNeed[] {
  return [
    { usage: 'VirtualNetworks', needed: c.virtualNetworks },
    { usage: 'PublicIPAddresses', needed: c.publicIps.count },
    { usage: 'StaticPublicIPAddresses', needed: c.publicIps.static ? c.publicIps.count : 0 },
    { usage: 'NetworkInterfaces', needed: c.networkInterfaces },
    { usage: 'VirtualNetworkGateways', needed: c.gateways },
    { usage: 'VirtualNetworkGatewayConnections', needed: c.connections },
  ];
}

export function computeNeeds(c: SiteCreations): QuotaNeed[] {
  if (!c.vm) return [];
  return [
    { usage: 'cores', needed: c.vm.vCPUs },
    { usage: c.vm.family, needed: c.vm.vCPUs },
    { usage: 'virtualMachines', needed: 1 },
  ];
}

export function describeShortfall(s: QuotaShortfall): string {
  return `${s.display} (${s.usage}): needs ${s.needed}, ${s.available} left (${s.current} of ${s.limit} used)`;
}
