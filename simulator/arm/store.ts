// One cloud's resources in memory: ids compare case-insensitively (as ARM's do) while each resource keeps the casing
// of the PUT that created it. Also tracks which write operation holds each resource. Nothing is persisted.
import type { ArmResource, ResourceStore } from './resourceType';

export class InMemoryResourceStore implements ResourceStore {
  private readonly resources = new Map<string, ArmResource>();
  private readonly locks = new Map<string, string>();

  get(id: string): ArmResource | undefined {
    return this.resources.get(key(id));
  }

  /** Pass a prefix ending in '/' to list what lies *under* a resource (else `/rg1` also matches `/rg10`). */
  list(prefix: string, type?: string): ArmResource[] {
    const p = prefix.toLowerCase();
    const t = type?.toLowerCase();
    const found: ArmResource[] = [];
    for (const [k, resource] of this.resources) {
      if (k.startsWith(p) && (t === undefined || resource.type.toLowerCase() === t)) found.push(resource);
    }
    return found;
  }

  put(resource: ArmResource): void {
    const k = key(resource.id);
    const existing = this.resources.get(k);
    // Casing is fixed by the first PUT: ARM keeps the original id even when a later request spells it differently.
    this.resources.set(k, existing && existing.id !== resource.id ? { ...resource, id: existing.id } : resource);
  }

  delete(id: string): boolean {
    return this.resources.delete(key(id));
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
    this.locks.clear();
  }
}

function key(id: string): string {
  return id.toLowerCase().replace(/\/+$/, '');
}
