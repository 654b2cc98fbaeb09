// One cloud's resources in memory: ids compare case-insensitively (as ARM's do) while each resource keeps the casing
// of the PUT that created it. Also tracks which write operation holds each resource. Nothing is persisted.
import type { ArmResource, ResourceStore } from './resourceType';

export class InMemoryResourceStore implements ResourceStore {
  private readonly resources = new Map<string, ArmResource>();
  /**
   * The same resources by lower-case type: most lists ask for one type across the cloud (every NIC, every
   * connection), and with hundreds of connections a walk over every resource on each request was the simulator's
   * main cost.
   */
  private readonly byType = new Map<string, Map<string, ArmResource>>();
  private readonly locks = new Map<string, string>();
  private changes = 0;

  get revision(): number {
    return this.changes;
  }

  get(id: string): ArmResource | undefined {
    return this.resources.get(key(id));
  }

  /** Pass a prefix ending in '/' to list what lies *under* a resource (else `/rg1` also matches `/rg10`). */
  list(prefix: string, type?: string): ArmResource[] {
    const p = prefix.toLowerCase();
    const candidates =
      type === undefined ? this.resources : (this.byType.get(type.toLowerCase()) ?? new Map<string, ArmResource>());
    const found: ArmResource[] = [];
    for (const [k, resource] of candidates) if (k.startsWith(p)) found.push(resource);
    return found;
  }

  put(resource: ArmResource): void {
    const k = key(resource.id);
    const existing = this.resources.get(k);
    // Casing is fixed by the first PUT: ARM keeps the original id even when a later request spells it differently.
    const stored = existing && existing.id !== resource.id ? { ...resource, id: existing.id } : resource;
    if (existing && existing.type.toLowerCase() !== stored.type.toLowerCase()) this.unindex(k, existing);
    this.resources.set(k, stored);
    const t = stored.type.toLowerCase();
    let ofType = this.byType.get(t);
    if (!ofType) {
      ofType = new Map();
      this.byType.set(t, ofType);
    }
    ofType.set(k, stored);
    this.changes += 1;
  }

  delete(id: string): boolean {
    const k = key(id);
    const existing = this.resources.get(k);
    if (!existing) return false;
    this.resources.delete(k);
    this.unindex(k, existing);
    this.changes += 1;
    return true;
  }

  operationInProgress(id: string): string | undefined {
    return this.locks.get(key(id));
  }

  /** Every resource of the cloud, in insertion order. */
  all(): ArmResource[] {
    return [...this.resources.values()];
  }

  /** Write operations running on `id` itself, on a resource above it, or on one below it. */
  operationsTouching(id: string): string[] {
    const k = key(id);
    const found: string[] = [];
    for (const [lockedId, operationId] of this.locks) {
      if (lockedId === k || k.startsWith(`${lockedId}/`) || lockedId.startsWith(`${k}/`)) found.push(operationId);
    }
    return found;
  }

  lock(id: string, operationId: string): void {
    this.locks.set(key(id), operationId);
  }

  unlock(id: string, operationId: string): void {
    if (this.locks.get(key(id)) === operationId) this.locks.delete(key(id));
  }

  clear(): void {
    this.resources.clear();
    this.byType.clear();
    this.locks.clear();
    this.changes += 1;
  }

  private unindex(k: string, resource: ArmResource): void {
    const t = resource.type.toLowerCase();
    const ofType = this.byType.get(t);
    ofType?.delete(k);
    if (ofType?.size === 0) this.byType.delete(t);
  }
}

function key(id: string): string {
  return id.toLowerCase().replace(/\/+$/, '');
}
