// The custom status shapes the orchestrators publish (each < 16 KB) and the HTTP status endpoint reads. Changing
// them changes what `GET /api/connections/{name}` and the CLI draw: keep them additive.
import type { CheckResult } from '../lib/preflight/checks';
import type { CloudId } from '../lib/cloudIds';
import type { TunnelDiagnosis } from '../lib/errors';
import type { Stage } from '../lib/stages';

export type StageStateName = 'pending' | 'running' | 'succeeded' | 'failed';

export interface StageState {
  state: StageStateName;
  /** Orchestration time (ISO 8601). */
  startedAt?: string;
  endedAt?: string;
  /** The ARM id of the resource the stage made or adopted. */
  resourceId?: string;
  /** The last state read while it ran (provisioningState, connectionStatus ...). */
  detail?: string;
}

export type StageMap = Partial<Record<Stage, StageState>>;

/** Why a run failed, as plain data: it travels in custom status, outputs and the Failed event. */
export interface FailureInfo {
  /** ARM error code or our error class name (StageTimeoutError, TunnelNotConnectedError ...). */
  code: string;
  message: string;
  cloud?: CloudId;
  stage?: Stage;
  httpStatus?: number;
  hint?: string;
  diagnosis?: TunnelDiagnosis;
}

export type TunnelStateName = 'pending' | 'connecting' | 'connected' | 'notConnected';

export interface TunnelStatus {
  state: TunnelStateName;
  /** The connectionStatus each side reported last. */
  connectionStatus?: Partial<Record<CloudId, string>>;
  diagnosis?: TunnelDiagnosis;
}

export interface VerifyStatus {
  /** skipped when options.verifyConnectivity is off. */
  state: StageStateName | 'skipped';
  reachable?: boolean;
  packetsSent?: number;
  packetsReceived?: number;
}

/** A site's addresses, each known long before the run completes: the VM's once its NIC exists, the gateway's once
 * the gateway is provisioned (a dynamic public IP gets its address only then). */
export interface SiteAddresses {
  vmPrivateIp?: string;
  gatewayPublicIp?: string;
}

export type ConnectionPhase =
  'validating' | 'preflight' | 'sites' | 'link' | 'tunnel' | 'verify' | 'succeeded' | 'failed';

/** Custom status of `provisionHybridConnection`. */
export interface ConnectionStatus {
  kind: 'connection';
  phase: ConnectionPhase;
  stages: Record<CloudId, StageMap>;
  tunnel: TunnelStatus;
  verify: VerifyStatus;
  /** Ids of the events published so far (the site children's included once they finished). */
  events: string[];
  /** Why the run failed: the first failure, in call order. */
  error?: FailureInfo;
  /** Every failure, `error` first: parallel work (the two clouds) can fail in more than one place. */
  errors?: FailureInfo[];
  /** options.onFailure 'rollback' only. */
  rollback?: { state: StageStateName; instanceId: string };
  /** Per cloud, once its site child finished ready (the children publish theirs earlier, while they run). */
  addresses?: Partial<Record<CloudId, SiteAddresses>>;
  /** Stage 0's results, every check of both sites and the services (set once it ran). */
  preflight?: CheckResult[];
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
  clouds: Partial<Record<CloudId, TeardownCloudStatus>>;
  events: string[];
  error?: FailureInfo;
  /** Every failure, `error` first (both clouds' teardowns can fail). */
  errors?: FailureInfo[];
}

/** Durable allows 16 KB of custom status; stay clear of it. */
export const CUSTOM_STATUS_LIMIT_BYTES = 16 * 1024;
