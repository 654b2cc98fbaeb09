// The JSON the connections API sends: `GET /api/connections/{name}` (ConnectionStatusBody) and `GET
// /api/connections` (ConnectionListBody), with the states each field may take. Scripts read these field names, so
// they only ever grow: functions/ builds exactly these types (the compiler checks the producer), the orchestrators
// publish the stage, failure, tunnel and address shapes unchanged in their custom status, and the CLI parses
// answers into views derived from them. Types and constants only.
import type { CheckResult } from '../preflight/checks';
import type { CloudId } from '../cloudIds';
import type { TunnelDiagnosis } from '../errors';
import type { Stage } from '../stages';

/** Runtime statuses (as Durable names them) after which nothing changes any more. */
export const FINISHED_RUNTIME_STATUSES: readonly string[] = ['Completed', 'Failed', 'Terminated', 'Canceled'];

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

/** Why a run failed, as plain data: it travels in custom status, outputs, the Failed event and the API. */
export interface FailureInfo {
  /** ARM error code or our error class name (StageTimeoutError, TunnelNotConnectedError ...). */
  code: string;
  message: string;
  cloud?: CloudId;
  /** The site it is about: its stamp, or what the hub holds of it. Absent for the hub's shared resources. */
  site?: string;
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

/**
 * options.transit with 2+ sites: the ping from one site's VM to another site's through the hub gateway, once every
 * site is linked (the first site's VM pings the second's).
 */
export interface TransitStatus {
  /** pending until every site is linked; skipped when options.verifyConnectivity is off. */
  state: StageStateName | 'skipped';
  /** The site whose VM pings. */
  from: string;
  /** The site whose VM is pinged. */
  to: string;
  reachable?: boolean;
  packetsSent?: number;
  packetsReceived?: number;
  startedAt?: string;
  endedAt?: string;
}

/** A site's addresses, each known long before the run completes: the VM's once its NIC exists, the gateway's once
 * the gateway is provisioned (a dynamic public IP gets its address only then). */
export interface SiteAddresses {
  vmPrivateIp?: string;
  gatewayPublicIp?: string;
}

export type ConnectionPhase =
  'validating' | 'preflight' | 'sites' | 'link' | 'tunnel' | 'verify' | 'succeeded' | 'failed';

/**
 * The phases of a connection's teardown (`DELETE`), which outrank the run's own phase once it started after the run:
 * running, completed, or ended any other way (failed, terminated).
 */
export type TeardownPhase = 'deleting' | 'deleted' | 'deleteFailed';

/** What `phase` says: where the run is, or where its teardown is. */
export type StatusPhase = ConnectionPhase | TeardownPhase;

/** A finished site: everything the link stages need, and the ids a summary or a rollback names. */
export interface SiteReady {
  cloud: CloudId;
  resourceGroupId: string;
  virtualNetworkId: string;
  workloadSubnetId: string;
  gatewaySubnetId: string;
  publicIpId: string;
  gatewayId: string;
  gatewayPublicIp: string;
  networkInterfaceId: string;
  vmId: string;
  vmPrivateIp: string;
  addressSpace: string[];
}

/** One tunnel's connections, key and ping, as a completed run reports them. */
export interface PairLinkSummary {
  connections: Record<CloudId, { id: string; localNetworkGatewayId: string; connectionStatus: string }>;
  sharedKey: { secretName: string; version: string };
  connectivity: { verified: boolean | null; packetsSent?: number; packetsReceived?: number; averageRttMs?: number };
}

/**
 * What a completed run built (the output of `provisionHybridConnection`): ids and addresses, no secret value. `sites`,
 * `connections`, `sharedKey` and `connectivity` are the hub's and the first site's; `pairs` has every site's.
 */
export interface ProvisionSummary extends PairLinkSummary {
  name: string;
  instanceId: string;
  ticketId?: string;
  sites: Record<CloudId, SiteReady>;
  /** Every site, by name: its side (the hub's is `sites.azure`) and its tunnel to the hub. */
  pairs?: Record<string, PairLinkSummary & { site: SiteReady }>;
  events: string[];
}

/** `teardown` of a connection's status: the `DELETE` run, once there was one. */
export interface TeardownStatusBody {
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  /** Per cloud, the ids deleted so far, in order. */
  deleted: Partial<Record<CloudId, string[]>>;
  error: FailureInfo | null;
  /** Every failure, `error` first (both clouds' teardowns can fail). */
  errors: FailureInfo[];
}

/** A resource of the connection as ARM reads it right now (absent ones are left out). */
export interface LiveResource {
  id: string;
  /** ARM's provisioningState; null when the resource reports none. */
  provisioningState: string | null;
}

/** A side's connection resource as ARM reads it right now (the counters are cumulative since it connected). */
export interface LiveConnection {
  connectionStatus: string | null;
  ingressBytesTransferred: number | null;
  egressBytesTransferred: number | null;
}

/** One cloud read live through its SDK clients: GETs only, never a key. */
export interface LiveCloudState {
  resources: LiveResource[];
  /** Null when the connection resource does not exist (not built yet, or torn down). */
  connection: LiveConnection | null;
  /** The gateway's public IP address; null while it has none (or the public IP does not exist). */
  gatewayIpAddress: string | null;
}

/** A cloud whose live read failed: the others are still answered. */
export interface LiveCloudError {
  error: { code: string; message: string };
}

/**
 * `live` of `GET /api/connections/{name}?live=true`: each cloud as ARM answers now, and when it was read (the server's
 * clock, like `now`; a read is reused for a few seconds, so `readAt` may trail `now`).
 */
export type LiveState = { readAt: string } & Record<CloudId, LiveCloudState | LiveCloudError>;

/** One read of both sides by the health monitor (of every site's two sides, for a fleet). */
export interface MonitorRead {
  /** Orchestration time of the read (ISO 8601). */
  readAt: string;
  /** Each side's connectionStatus as ARM answered (Connected, Connecting, NotConnected, Unknown), or the error code
   * of a read that failed. The first site's (the only one of a single-site connection). */
  sides: Partial<Record<CloudId, { connectionStatus: string | null; errorCode?: string }>>;
  /** A fleet's every site, by name: its two sides as `sides` has the first site's. */
  sites?: Record<string, Partial<Record<CloudId, { connectionStatus: string | null; errorCode?: string }>>>;
}

/** A side that stopped reading Connected, or came back: one event each, `eventId` the CloudEvent's id. */
export interface MonitorTransition {
  at: string;
  cloud: CloudId;
  /** The site whose tunnel end it is (a fleet's; absent for a single-site connection). */
  site?: string;
  kind: 'degraded' | 'recovered';
  eventId: string;
  /** Present (false) only when the event could not be published after retries: `eventId` is the id it would have had. */
  published?: false;
}

/** A reset of one side's connection by the monitor (`options.repair`). */
export interface RepairAttempt {
  at: string;
  cloud: CloudId;
  /** The site whose tunnel end it is (a fleet's; absent for a single-site connection). */
  site?: string;
  /** 1-based count of repairs of this side within the current day. */
  attempt: number;
  /** What ARM was asked: the connection's reset action, or the gateway's where the site's API has no connection
   * reset. */
  action: 'resetConnection' | 'resetGateway';
  outcome: 'succeeded' | 'failed' | 'skipped';
  /** Why it failed or was skipped (daily limit reached, ARM error). */
  error?: FailureInfo;
}

/** `monitor` of a connection's status: the health monitor that runs after provisioning succeeded, until teardown. */
export interface MonitorStatus {
  instanceId: string;
  state: 'running' | 'stopped';
  intervalMinutes: number;
  /** options.repair as it applies (null when the plan did not opt in). */
  repair: { afterFailedReads: number; maxPerDay: number } | null;
  /** The latest reads, newest first (bounded). */
  reads: MonitorRead[];
  /** Degraded / Recovered transitions, newest first (bounded). */
  transitions: MonitorTransition[];
  /** Repair attempts, newest first (bounded). */
  repairs: RepairAttempt[];
}

export type RotationState = 'running' | 'succeeded' | 'failed' | 'restored';

/** A site's part of a fleet's rotation: `pending` until its turn, `skipped` when an earlier site's failure ended it. */
export type SiteRotationState = RotationState | 'pending' | 'skipped';

/** One site's key rotation within a fleet's rotation (`sites.<name>` of a RotationStatus). */
export interface SiteRotationStatus {
  state: SiteRotationState;
  /** The site's own Key Vault secret's version ids (never the key): the one in force before, and the new one. */
  previousVersion: string | null;
  newVersion: string | null;
  /** Virtual seconds during which neither side of this site's tunnel read Connected; null until measured. */
  downtimeSeconds: number | null;
  /** When it was `restored`: the version holding the previous key again (as RotationStatus.restoredVersion). */
  restoredVersion?: string;
  /** Why it failed (naming the site), when it did. */
  error?: FailureInfo;
}

/** One shared-key rotation (`POST /api/connections/{name}/rotate-key` or options.rotateKeyEveryDays). */
export interface RotationStatus {
  instanceId: string;
  state: RotationState;
  /** Who asked: a POST, or the plan's schedule. */
  trigger: 'request' | 'schedule';
  startedAt: string;
  finishedAt: string | null;
  /** Key Vault secret version ids (never the key): the one in force before, and the new one. */
  previousVersion: string | null;
  newVersion: string | null;
  /** Virtual seconds during which neither side read Connected; null until measured. */
  downtimeSeconds: number | null;
  error: FailureInfo | null;
  /** Added by the rotation: the poll interval of the reads `downtimeSeconds` comes from (its resolution). */
  downtimeResolutionSeconds?: number;
  /** Added by the rotation: when it was `restored`, the version it wrote holding the previous key again (Key Vault's
   * current version from then on, so a rerun of the provisioning puts that key, not the failed one, on both sides). */
  restoredVersion?: string;
  /** Added by the rotation: ids of the events it published (Rotated or RotationFailed; one per site of a fleet). */
  events?: string[];
  /**
   * A fleet's rotation only: each site it rotates, by name, in the plan's order (one at a time, so no two tunnels are
   * down together). Then `previousVersion` and `newVersion` are the site's when it rotates one site (`?site=`), else
   * null (each site has its own secret); `downtimeSeconds` is the longest of the sites'; `error` names its `site`.
   */
  sites?: Record<string, SiteRotationStatus>;
}

/**
 * One site of the connection in its status (`sites.<name>`): the hub's stages for it (its local network gateway,
 * connection, tunnel end and the ping from the hub VM) under `azure`, the site's own under `azureStack`.
 */
export interface SiteStatusBody {
  stages: Record<CloudId, Partial<Record<Stage, StageState>>>;
  tunnel: TunnelStatus;
  verify: VerifyStatus;
  /** The site's addresses, each once known. */
  addresses?: SiteAddresses;
  /** The site's first failure, when it failed. */
  error?: FailureInfo;
}

/** The hub (`hub` of the status): its shared stages, built once for every site, and its addresses. */
export interface HubStatusBody {
  stages: Partial<Record<Stage, StageState>>;
  addresses?: SiteAddresses;
}

/**
 * A replacing run's change (`PUT /api/connections/{name}`): the sites it adds, removes and leaves alone (read, never
 * written), and each removal's teardown once it ran.
 */
export interface PlanChangeStatus {
  added: string[];
  removed: string[];
  unchanged: string[];
  /** Each removed site: what was deleted of it on the hub (`azure`: its local network gateway and connection) and on its stamp. */
  removals: Record<string, { state: StageStateName; deleted: Record<CloudId, string[]> }>;
}

/** `GET /api/connections/{name}`. */
export interface ConnectionStatusBody {
  name: string;
  instanceId: string;
  /** As Durable names it: Pending, Running, Completed, Failed, Terminated, Suspended, Canceled. */
  runtimeStatus: string;
  createdTime: string;
  /** When an orchestration of the run (`hc-<name>` or its current site children) last ran an episode. */
  lastUpdatedTime: string;
  /**
   * The server's time of the answer (ISO 8601), on the clock of every other time here (the task hub's, virtual
   * under a time scale) and never before any of them: elapsed times are `now` minus a start.
   */
  now: string;
  phase: StatusPhase | null;
  statusUrl: string;
  /**
   * Every stage of each cloud, `pending` until it starts; verify only where the ping runs and is not skipped. `azure`
   * is the hub with its stages for the first site, `azureStack` the first site (`sites` has every site).
   */
  stages: Record<CloudId, Partial<Record<Stage, StageState>>>;
  /** Every site of the plan by name, in its order (one for a plan of one site, named azurestack unless it says). */
  sites: Record<string, SiteStatusBody>;
  /** The hub's shared stages (resource group, network, public IP, gateway, NIC, VM). */
  hub: HubStatusBody;
  connection: TunnelStatus & { verify: VerifyStatus };
  /** options.transit with 2+ sites only: the site-to-site ping through the hub. */
  transit?: TransitStatus;
  /** Ids of the events handed over for delivery so far (each delivered at least once, maybe after the run ended). */
  events: string[];
  /** Why the run failed: the first failure (in call order). */
  error: FailureInfo | null;
  /** Every failure, `error` first: both clouds can fail in one run. Empty while nothing failed. */
  errors: FailureInfo[];
  /** options.onFailure 'rollback' only. */
  rollback: { state: StageStateName; instanceId: string } | null;
  /** A run started by `PUT /api/connections/{name}`: its change to the plan before it; null for a run of a POST. */
  change: PlanChangeStatus | null;
  teardown: TeardownStatusBody | null;
  /** When Completed: what was built. */
  summary: ProvisionSummary | null;
  /** Every cloud, with each address as soon as it is known. */
  addresses: Record<CloudId, SiteAddresses>;
  /** Stage 0's checks `{cloud, check, status, detail, hint}` once they ran; null before (or for older runs). */
  preflight: CheckResult[] | null;
  /** With `?live=true` only: the resources and tunnel as ARM reads them now. */
  live?: LiveState;
  /** The health monitor once provisioning succeeded; null before (or when the plan turns it off). */
  monitor: MonitorStatus | null;
  /** Shared-key rotations, newest first; empty when there was none. */
  rotations: RotationStatus[];
}

/** A connection in `GET /api/connections`. */
export interface ConnectionListItem {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  phase: StatusPhase | null;
  createdTime: string;
  lastUpdatedTime: string;
  statusUrl: string;
}

/** `GET /api/connections`: a page of connections, and the token of the next one when there is more. */
export interface ConnectionListBody {
  items: ConnectionListItem[];
  continuationToken?: string;
  /** The server's time of the answer, as in a connection's status. */
  now: string;
}
