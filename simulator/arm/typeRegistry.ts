// The resource types ARM serves, by full type name (case-insensitive, canonical casing kept for ids and bodies).
import type { ResourceType } from './resourceType';

export class ResourceTypeRegistry {
  private readonly types = new Map<string, ResourceType>();

  register(type: ResourceType): void {
    const key = type.type.toLowerCase();
    if (this.types.has(key)) throw new Error(`resource type ${type.type} is registered twice`);
    this.types.set(key, type);
  }

  get(fullType: string): ResourceType | undefined {
    return this.types.get(fullType.toLowerCase());
  }

  all(): ResourceType[] {
    return [...this.types.values()];
  }

  /** The canonical casing of a namespace some registered type lives in (e.g. `Microsoft.Network`). */
  canonicalNamespace(namespace: string): string | undefined {
    const ns = namespace.toLowerCase();
    for (const t of this.types.values()) {
      const own = t.type.slice(0, t.type.indexOf('/'));
      if (own.toLowerCase() === ns) return own;
    }
    return undefined;
  }
}
