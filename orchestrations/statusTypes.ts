// The custom status shapes the orchestrators publish (each < 16 KB) and the HTTP status endpoint reads. Their
// stage, failure, tunnel and address parts are the API's own (lib/api/connectionStatus.ts): what an orchestrator
// publishes is what `GET /api/connections/{name}` sends and the CLI draws, so keep them additive.
import type {
  ConnectionPhase,
  FailureInfo,
  MonitorStatus,
  PlanChangeStatus,
  SiteAddresses,
  StageState,
  StageStateName,
  TransitStatus,
  TunnelStatus,
  VerifyStatus,
} from '../lib/api/connectionStatus';
import type { CheckResult } from '../lib/preflight/checks';
import type { CloudId } from '../lib/cloudIds';
import type { Stage } from '../lib/stages';

export type StageMap = Partial<Record<Stage, StageState>>;

/** What the link of one pair records (buildAndLink, waitForTunnel, verifyConnectivity): the hub and one site. */
export interface PairStatus {
  phase: ConnectionPhase;
  stages: Record<CloudId, StageMap>;
  tunnel: TunnelStatus;
  verify: VerifyStatus;
  /** Ids of the events published so far (the site children's included once they finished). */
  events: string[];
  /** Why it failed: the first failure, in call order. */
  error?: FailureInfo;
  /** Every failure, `error` first: parallel work (the two clouds) can fail in more than one place. */
  errors?: FailureInfo[];
  /** Per cloud, once its site child finished ready (the children publish theirs earlier, while they run). */
  addresses?: Partial<Record<CloudId, SiteAddresses>>;
}

/** Custom status of `linkSite` (`hc-<name>:link-<site>`): its pair, while it links, connects and pings. */
export interface LinkStatus extends PairStatus {
  kind: 'link';
  site: string;
}

/**
 * Custom status of `provisionHybridConnection`. `stages`, `tunnel`, `verify` and `addresses` are the hub's and the
 * first site's (as before fleets); every site's are in its link child's status (LinkStatus), so this one stays the
 * same size however many sites there are.
 */
export interface ConnectionStatus extends PairStatus {
  kind: 'connection';
  /** options.onFailure 'rollback' only. */
  rollback?: { state: StageStateName; instanceId: string };
  /** A replacing run's change (PUT): sites added, removed, left alone, and each removal's progress. */
  change?: PlanChangeStatus;
  /** Stage 0's results, every check of every site and the services (set once it ran). */
  preflight?: CheckResult[];
  /** options.transit with 2+ sites: the site-to-site ping through the hub, after every site is linked. */
  transit?: TransitStatus;
}

/** Custom status of `provisionSite`. */
export interface SiteStatus {
  kind: 'site';
  cloud: CloudId;
  stages: StageMap;
  events: string[];
  error?: FailureInfo;
  /** Every failure, `error` first (a site's parallel branches can both fail). */
  errors?: FailureInfo[];
  /** Filled in as each address becomes known, so callers can show it while the run goes on. */
  addresses?: SiteAddresses;
}

export interface TeardownCloudStatus {
  state: StageStateName;
  /** Ids deleted so far, in order. */
  deleted: string[];
  /** How many managed resources there were to delete. */
  total?: number;
  current?: string;
}

/** Custom status of `teardownHybridConnection` (per cloud once the children finished) and of `teardownSite`. */
export interface TeardownStatus {
  kind: 'teardown';
  /** The hub (`azure`) and the first site's stamp (`azureStack`). */
  clouds: Partial<Record<CloudId, TeardownCloudStatus>>;
  /** A fleet's (or a named site's): each site's stamp, by site. */
  sites?: Record<string, TeardownCloudStatus>;
  events: string[];
  error?: FailureInfo;
  /** Every failure, `error` first (both clouds' teardowns can fail). */
  errors?: FailureInfo[];
}

/** Custom status of `monitorTunnel`: the API's MonitorStatus is built from it (and the instance's runtime status). */
export interface MonitorCustomStatus extends Omit<MonitorStatus, 'instanceId'> {
  kind: 'monitor';
  /** Continue-as-new generations so far (0 for the first). */
  generation: number;
}

/** Durable allows 16 KB of custom status; stay clear of it. */
export const CUSTOM_STATUS_LIMIT_BYTES = 16 * 1024;
