// The request log behind GET /_sim/requests: one entry per request the simulated services answered (the inspection
// API's own requests excluded), stamped with virtual time. Never records bodies, headers or tokens.
import type { CloudKey } from '../arm/resourceType';

/** ARM of one cloud (`azure`, `azureStack`, `azureStack2`...) or a shared service. */
export type ServiceName = CloudKey | 'identity' | 'keyVault' | 'eventGrid';

export interface LoggedRequest {
  sequence: number;
  /** Virtual epoch ms when the request arrived. */
  virtualTime: number;
  service: ServiceName;
  /** For ARM requests: the cloud (same as `service`). */
  cloud?: CloudKey;
  method: string;
  /** Path below the service's mount prefix (for ARM: below /azure, /azurestack, /azurestack2...), no query. */
  path: string;
  apiVersion?: string;
  status: number;
  /** The fault-plan kind injected into this request, if any. */
  fault?: string;
  /** The ARM error code answered, if any. */
  errorCode?: string;
}

export interface RequestFilter {
  service?: string;
  method?: string;
  /** Only entries whose path matches this regular expression (case-insensitive). */
  path?: string;
  since?: number;
}

export interface RequestCounts {
  total: number;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
  byService: Record<string, number>;
}

/** Old entries are dropped beyond this, so a long benchmark does not grow memory without bound. */
const MAX_ENTRIES = 100_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private next = 1;

  record(entry: Omit<LoggedRequest, 'sequence'>): LoggedRequest {
    const logged = { sequence: this.next++, ...entry };
    this.entries.push(logged);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    return logged;
  }

  list(filter: RequestFilter = {}): LoggedRequest[] {
    const path = filter.path === undefined ? undefined : new RegExp(filter.path, 'i');
    return this.entries.filter(
      (e) =>
        (filter.service === undefined || e.service.toLowerCase() === filter.service.toLowerCase()) &&
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (path === undefined || path.test(e.path)) &&
        (filter.since === undefined || e.sequence > filter.since),
    );
  }

  counts(filter: RequestFilter = {}): RequestCounts {
    const counts: RequestCounts = { total: 0, byMethod: {}, byStatus: {}, byService: {} };
    for (const e of this.list(filter)) {
      counts.total++;
      counts.byMethod[e.method] = (counts.byMethod[e.method] ?? 0) + 1;
      counts.byStatus[String(e.status)] = (counts.byStatus[String(e.status)] ?? 0) + 1;
      counts.byService[e.service] = (counts.byService[e.service] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.entries = [];
  }
}
