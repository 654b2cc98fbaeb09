// What the simulator must hold after the soak's runs, checked against what it does hold: per connection and cloud
// exactly one of each resource a run builds (found by its resource group, so a stray copy under another name is
// seen), nothing outside the runs' groups (no orphan), nothing left provisioning, no ARM operation still InProgress,
// and every event of a run delivered at least once under its deterministic id. Pure: JSON in, findings out.
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { ARM_TYPES } from '../lib/resourceKinds';
import { wallNow } from '../bench/wallClock';

export interface SimResource {
  id: string;
  name: string;
  type?: string;
  tags?: Record<string, string>;
  properties?: { provisioningState?: string };
}

export interface SimOperation {
  id: string;
  kind: string;
  resourceId: string;
  status: string;
}

export interface SimEvent {
  id: string;
  type: string;
  subject: string;
  event?: { data?: unknown };
}

/** The ARM types one run builds in each cloud, one of each (its two subnets are children of the VNet). */
export const EXPECTED_TYPES: readonly string[] = Object.values(ARM_TYPES);

/** The events a provisioning that succeeded publishes (`<instanceId>/<stage>/<cloud>`). */
export function expectedEventIds(name: string, tornDown: boolean): string[] {
  const id = `hc-${name}`;
  return [
    `${id}/started/all`,
    ...CLOUD_IDS.flatMap((cloud) => [`${id}/gateway/${cloud}`, `${id}/site/${cloud}`, `${id}/connection/${cloud}`]),
    `${id}/succeeded/all`,
    ...(tornDown ? [`${id}/teardown/all`] : []),
  ];
}

export interface InventoryExpectation {
  /** Connections whose resources must all be there, once each. */
  present: string[];
  /** Connections that were torn down: nothing of theirs may remain (a leftover counts as an orphan). */
  absent: string[];
  /** Connections that failed on purpose and keep what they built: at most one of each, never an orphan. */
  partial?: string[];
}

export interface InventoryFindings {
  /** Resources counted per cloud (subnets excluded). */
  resources: Record<CloudId, number>;
  /** Resources of a present connection that are missing, doubled, or still provisioning. */
  wrong: string[];
  /** Resources outside every present connection's groups (torn-down connections' leftovers included). */
  orphans: string[];
  inProgressOperations: string[];
  notProvisioned: string[];
}

export function checkInventory(
  resources: Record<CloudId, SimResource[]>,
  operations: Record<CloudId, SimOperation[]>,
  expect: InventoryExpectation,
): InventoryFindings {
  const findings: InventoryFindings = {
    resources: { azure: 0, azureStack: 0 },
    wrong: [],
    orphans: [],
    inProgressOperations: [],
    notProvisioned: [],
  };
  const partial = expect.partial ?? [];
  const groups = new Map([...expect.present, ...partial].map((name) => [`rg-${name}-hybrid`.toLowerCase(), name]));
  for (const cloud of CLOUD_IDS) {
    const counts = new Map<string, number>();
    for (const resource of resources[cloud]) {
      if (/\/subnets\//i.test(resource.id)) continue;
      findings.resources[cloud] += 1;
      const group = /\/resourceGroups\/([^/]+)/i.exec(resource.id)?.[1]?.toLowerCase();
      const owner = group === undefined ? undefined : groups.get(group);
      if (owner === undefined) {
        findings.orphans.push(`${cloud} ${resource.id}`);
        continue;
      }
      const key = `${owner} ${resource.type ?? '?'}`.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const state = resource.properties?.provisioningState;
      // A connection that failed on purpose keeps its failed resource as it is.
      if (state !== undefined && state !== 'Succeeded' && !partial.includes(owner))
        findings.notProvisioned.push(`${cloud} ${resource.id} ${state}`);
    }
    for (const name of expect.present) {
      for (const type of EXPECTED_TYPES) {
        const count = counts.get(`${name} ${type}`.toLowerCase()) ?? 0;
        if (count !== 1) findings.wrong.push(`${name}: ${count} ${type} in ${cloud}`);
      }
    }
    for (const name of partial) {
      for (const type of EXPECTED_TYPES) {
        const count = counts.get(`${name} ${type}`.toLowerCase()) ?? 0;
        if (count > 1) findings.wrong.push(`${name}: ${count} ${type} in ${cloud}`);
      }
    }
    for (const operation of operations[cloud]) {
      if (operation.status === 'InProgress')
        findings.inProgressOperations.push(`${cloud} ${operation.kind} ${operation.resourceId}`);
    }
  }
  return findings;
}

export interface EventFindings {
  expected: number;
  delivered: number;
  /** Expected ids never delivered. */
  missing: string[];
  /** Deliveries beyond the first of an id (at-least-once allows them). */
  duplicates: number;
  /** Ids delivered more than once with a different type, subject or data: an id that is not stable. */
  unstable: string[];
  /** Ids of these connections that no run should publish. */
  unexpected: string[];
}

/** Checks the events of the given connections (others' events are ignored). */
export function checkEvents(
  events: SimEvent[],
  runs: { name: string; tornDown: boolean; failed?: boolean; rotated?: boolean }[],
): EventFindings {
  const expected = new Set(
    runs.filter((run) => !run.failed).flatMap((run) => expectedEventIds(run.name, run.tornDown)),
  );
  const prefixes = runs.map((run) => `hc-${run.name}/`);
  const mine = events.filter((event) => prefixes.some((prefix) => event.id.startsWith(prefix)));
  const first = new Map<string, string>();
  const findings: EventFindings = {
    expected: expected.size,
    delivered: mine.length,
    missing: [],
    duplicates: 0,
    unstable: [],
    unexpected: [],
  };
  for (const event of mine) {
    const shape = JSON.stringify([event.type, event.subject, event.event?.data]);
    const seen = first.get(event.id);
    if (seen === undefined) first.set(event.id, shape);
    else {
      findings.duplicates += 1;
      if (seen !== shape && !findings.unstable.includes(event.id)) findings.unstable.push(event.id);
    }
    if (!expected.has(event.id) && !isFailureEvent(event.id, runs) && !isRotationDowntimeEvent(event.id, runs))
      findings.unexpected.push(event.id);
  }
  for (const id of expected) if (!first.has(id)) findings.missing.push(id);
  findings.unexpected = [...new Set(findings.unexpected)];
  return findings;
}

/** A run that must fail publishes what it reached and its Failed event; those ids are expected of it. */
function isFailureEvent(id: string, runs: { name: string; failed?: boolean }[]): boolean {
  return runs.some((run) => run.failed === true && id.startsWith(`hc-${run.name}/`));
}

/**
 * A rotation takes the tunnel down until both sides hold the new key: the health monitor of a rotated connection may
 * see that and publish its degraded and recovered events (`hc-<name>/degraded/<cloud>/<n>`).
 */
function isRotationDowntimeEvent(id: string, runs: { name: string; rotated?: boolean }[]): boolean {
  return runs.some(
    (run) => run.rotated === true && new RegExp(`^hc-${run.name}/(degraded|recovered)/[^/]+/\\d+$`).test(id),
  );
}

export interface SimulatorFindings {
  inventory: InventoryFindings;
  events: EventFindings;
  /** /_sim/events as read. */
  rawEvents: SimEvent[];
  violations: string[];
}

/** Reads the simulator's resources, operations and events, and checks them against what the runs should have left. */
export async function inspectSimulator(
  sim: { api<T>(method: string, path: string): Promise<T> },
  expectation: InventoryExpectation,
  runs: { name: string; tornDown: boolean; failed?: boolean; rotated?: boolean }[],
): Promise<SimulatorFindings> {
  const resources = await sim.api<Record<CloudId, SimResource[]>>('GET', 'resources');
  const operations = await sim.api<Record<CloudId, SimOperation[]>>('GET', 'operations');
  const inventory = checkInventory(resources, operations, expectation);
  const events = await settledEvents(sim, runs);
  const eventFindings = checkEvents(events, runs);
  const violations = [
    ...inventory.wrong,
    ...inventory.orphans.map((o) => `orphan: ${o}`),
    ...inventory.notProvisioned.map((r) => `not provisioned: ${r}`),
    ...inventory.inProgressOperations.map((o) => `operation InProgress: ${o}`),
    ...eventFindings.missing.map((id) => `event never delivered: ${id}`),
    ...eventFindings.unstable.map((id) => `event id with different contents: ${id}`),
    ...eventFindings.unexpected.map((id) => `unexpected event: ${id}`),
  ];
  return { inventory, events: eventFindings, rawEvents: events, violations };
}

/** Wall ms to let the last events of the runs arrive (each is delivered by its own child, after its run ended). */
const EVENT_SETTLE_MS = 30_000;

/**
 * /_sim/events once every expected event (and each failing run's Failed event) arrived, or as it is after
 * EVENT_SETTLE_MS: a run ends without waiting for its events, so the last ones may land just after it.
 */
async function settledEvents(
  sim: { api<T>(method: string, path: string): Promise<T> },
  runs: { name: string; tornDown: boolean; failed?: boolean; rotated?: boolean }[],
): Promise<SimEvent[]> {
  const deadline = wallNow() + EVENT_SETTLE_MS;
  for (;;) {
    const { events } = await sim.api<{ events: SimEvent[] }>('GET', 'events');
    const failedRuns = runs.filter((run) => run.failed === true);
    const complete =
      checkEvents(events, runs).missing.length === 0 &&
      failedRuns.every((run) => events.some((event) => event.id.startsWith(`hc-${run.name}/failed/`)));
    if (complete || wallNow() > deadline) return events;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
