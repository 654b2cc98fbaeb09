// The contract between orchestrations/ and activities/: every activity's name, input and result. Orchestrations
// import this file (types and names only) and never an activity's implementation, so they cannot reach I/O.
// Inputs and results are small plain JSON (ids, names, states), never ARM bodies and never secret values:
// everything here is stored in the Durable history.
import type { CloudId } from '../lib/cloudIds';
import type { ArmOperationErrorDetails } from '../lib/errors';
import type { HybridConnectionEvent } from '../lib/events';
import type { IpsecPolicy } from '../lib/ipsec';
import type { ImageReference, ResolvedPlan } from '../lib/plan/types';
import type { Stage } from '../lib/stages';

export const ACTIVITY = {
  ensureResourceGroup: 'ensureResourceGroup',
  ensureVirtualNetwork: 'ensureVirtualNetwork',
  ensurePublicIp: 'ensurePublicIp',
  beginGateway: 'beginGateway',
  getGatewayState: 'getGatewayState',
  ensureNetworkInterface: 'ensureNetworkInterface',
  beginVirtualMachine: 'beginVirtualMachine',
  getVirtualMachineState: 'getVirtualMachineState',
  ensureSharedKey: 'ensureSharedKey',
  ensureLocalNetworkGateway: 'ensureLocalNetworkGateway',
  beginConnection: 'beginConnection',
  getConnectionState: 'getConnectionState',
  diagnoseTunnel: 'diagnoseTunnel',
  beginPing: 'beginPing',
  getPingResult: 'getPingResult',
  publishEvent: 'publishEvent',
  listManagedResources: 'listManagedResources',
  beginDeleteResource: 'beginDeleteResource',
  getResourceState: 'getResourceState',
  addSharedKeyVersion: 'addSharedKeyVersion',
  beginSetSharedKey: 'beginSetSharedKey',
  startKeySchedule: 'startKeySchedule',
  beginRepair: 'beginRepair',
  startMonitor: 'startMonitor',
  stopMonitor: 'stopMonitor',
} as const;

export type ActivityName = (typeof ACTIVITY)[keyof typeof ACTIVITY];

/**
 * Where one cloud's resources live: enough for an activity to build its SDK clients. Credentials, Key Vault and
 * Event Grid endpoints come from app settings inside the activity, never from here.
 */
export interface SiteTarget {
  cloud: CloudId;
  subscriptionId: string;
  location: string;
  resourceGroup: string;
  /** Azure Stack Hub: the configured stamp's id; its endpoint and identity come from app settings in the activity. */
  stamp?: string;
  /** Azure Stack Hub: the stamp's ARM endpoint, checked against the configured one (inputs older than stamp ids). */
  armEndpoint?: string;
  /** The connection name (plan.name): resource names are derived from it with lib/naming. */
  name: string;
  /**
   * The site this target serves: a stamp's site, or on the hub the site whose local network gateway and connection it
   * writes (their names end with it). Absent: the hub's shared resources, or a target from before fleets (the site
   * `azurestack`).
   */
  site?: string;
  /** Tags every resource gets (managed-by, hc-instance, ticket; hc-site on a site's resources). */
  tags: Record<string, string>;
}

/**
 * Terminal failures (validation, quota, auth, a resource that ended Failed) come back as a result, so the
 * orchestrator fails at once; retryable ones (429, 5xx, AnotherOperationInProgress, resets) are thrown, so
 * callActivityWithRetry retries them (durable-functions' RetryOptions has no predicate), as an ActivityFailure.
 */
export type ActivityResult<T> = { ok: true; value: T } | { ok: false; error: ArmOperationErrorDetails };

/**
 * What a thrown activity failure carries to the orchestrator, as data. The Durable host hands an orchestrator only
 * the failure's message text, so activities/shared/activityFailure.ts writes it there as ACTIVITY_FAILURE_PREFIX +
 * JSON of this (bounded, no secrets) and orchestrations/activityFailure.ts reads it back: nobody parses prose.
 */
export interface ActivityFailure {
  /** ARM's error code, a transport code (ECONNRESET), or the error's class name. */
  code: string;
  cloud?: CloudId;
  stage?: Stage;
  httpStatus?: number;
  /** ARM's message, or the error's own; redacted and bounded. */
  message?: string;
  hint?: string;
  /**
   * Seconds the last answer asked to wait (Retry-After), on the task hub's clock: the orchestration's retry waits at
   * least this long (a durable timer) before it calls again.
   */
  retryAfterSeconds?: number;
}

/** Marks (and versions) the JSON envelope of an ActivityFailure inside a failure message. */
export const ACTIVITY_FAILURE_PREFIX = 'HC-ERROR/1 ';

/** provisioningState as ARM reports it (Succeeded, Updating, Failed ...), or NotFound when the GET was 404. */
export type ProvisioningState = string;

export interface EnsureResourceGroupInput {
  target: SiteTarget;
}
export interface ResourceRef {
  id: string;
  provisioningState: ProvisioningState;
}

export interface EnsureVirtualNetworkInput {
  target: SiteTarget;
  addressSpace: string[];
  workloadSubnet: string;
  gatewaySubnet: string;
}
export interface VirtualNetworkRef extends ResourceRef {
  workloadSubnetId: string;
  gatewaySubnetId: string;
}

export interface EnsurePublicIpInput {
  target: SiteTarget;
}
/** The gateway's public IP: its address as soon as it has one (a Static IP at once, a Dynamic one once in use). */
export interface PublicIpRef extends ResourceRef {
  ipAddress?: string;
}

export interface BeginGatewayInput {
  target: SiteTarget;
  gatewaySubnetId: string;
  publicIpId: string;
  sku: string;
}

export interface GetStateInput {
  target: SiteTarget;
  /** Full ARM id of the resource to read. */
  id: string;
  /**
   * Optional: the `operation` a begin* activity returned. When the resource ended Failed, the activity resumes that
   * operation to report ARM's own error code (without it the code is a generic `<Type>ProvisioningFailed`).
   */
  operation?: string;
}

/** What beginGateway, beginVirtualMachine and beginConnection return: the resource, and its started operation. */
export interface StartedResourceRef extends ResourceRef {
  /** The SDK poller's serialised state of the write just started (URLs and status only, never a body or a key). */
  operation?: string;
}
export interface GatewayState {
  provisioningState: ProvisioningState;
  /** Set once the gateway is provisioned (a dynamic public IP gets its address only then). */
  publicIpAddress?: string;
}

export interface EnsureNetworkInterfaceInput {
  target: SiteTarget;
  subnetId: string;
}
export interface NetworkInterfaceRef extends ResourceRef {
  privateIpAddress: string;
}

export interface BeginVirtualMachineInput {
  target: SiteTarget;
  networkInterfaceId: string;
  size: string;
  adminUsername: string;
  /** A public key is not a secret. */
  sshPublicKey: string;
  image: ImageReference;
}
export interface VirtualMachineState {
  provisioningState: ProvisioningState;
  powerState?: string;
}

export interface EnsureSharedKeyInput {
  /** Key Vault secret name; the value is read or generated inside the activity and never returned. */
  secretName: string;
  /**
   * The tunnel the key is for: a secret it creates is tagged with it, and an existing one tagged for another
   * connection or site is refused (two tunnels must never share a key). Absent: no owner check (a rotation).
   */
  owner?: { connection: string; site: string };
}
export interface SharedKeyRef {
  secretName: string;
  /** The Key Vault secret version in use (not secret). */
  version: string;
  created: boolean;
}

export interface AddSharedKeyVersionInput {
  secretName: string;
  /** Tags the version (`hc-rotation`): a second call with the same tag returns the version the first one wrote. */
  tag: string;
  /** Copy this version's value instead of generating a new key (a failed rotation puts the old key back on top). */
  copyOf?: string;
}
export interface SharedKeyVersionRef {
  secretName: string;
  /** The version written (or found written under the tag): now Key Vault's current one. */
  version: string;
  created: boolean;
}

export interface BeginSetSharedKeyInput {
  target: SiteTarget;
  connectionId: string;
  secretName: string;
  /** The Key Vault version whose value goes on the connection (read inside the activity). */
  version: string;
}

/** The input of the key schedule (`hc-<name>:keyschedule`): what each of its rotations needs, and the period. */
export interface KeyScheduleInput {
  planVersion: number;
  plan: ResolvedPlan;
  /** The first site's (a single-site connection's only) two connections. */
  connectionIds: Record<CloudId, string>;
  /** A fleet's: every site's two connections, by site name (each period rotates them all, one after the other). */
  siteConnectionIds?: Record<string, Record<CloudId, string>>;
  everyDays: number;
}
export interface KeyScheduleStart {
  instanceId: string;
  /** False when the schedule was running already (a rerun of a provisioned connection keeps it). */
  started: boolean;
}

export interface EnsureLocalNetworkGatewayInput {
  target: SiteTarget;
  /** The peer gateway's public IP. */
  gatewayIpAddress: string;
  /** The peer VNet's address space. */
  addressPrefixes: string[];
}

export interface BeginConnectionInput {
  target: SiteTarget;
  gatewayId: string;
  localNetworkGatewayId: string;
  sharedKeySecretName: string;
  /** Undefined = the cloud's default offer. */
  ipsecPolicy?: IpsecPolicy;
}
export interface ConnectionState {
  provisioningState: ProvisioningState;
  /** Unknown, Connecting, Connected, NotConnected (from a GET of the single connection; lists omit it). */
  connectionStatus: string;
  ingressBytesTransferred: number;
  egressBytesTransferred: number;
}

export interface DiagnoseTunnelInput {
  sites: Record<CloudId, SiteTarget>;
  sharedKeySecretName: string;
}
export interface TunnelDiagnosisResult {
  diagnosis: 'sharedKeyMismatch' | 'ipsecPolicyMismatch' | 'addressSpaceMismatch' | 'unknown';
  detail?: string;
}

export interface BeginPingInput {
  target: SiteTarget;
  /** The VM that runs the ping (by id). */
  virtualMachineId: string;
  /** The peer VM's private IP, reached across the tunnel. */
  targetIp: string;
}
export interface PingHandle {
  /** The SDK poller's serialised state, resumed by getPingResult (contains URLs, no secrets). */
  pollerState: string;
}
export interface GetPingResultInput {
  target: SiteTarget;
  handle: PingHandle;
}
export interface PingResult {
  done: boolean;
  /** When done: whether replies came back. */
  reachable?: boolean;
  packetsSent?: number;
  packetsReceived?: number;
  averageRttMs?: number;
}

export interface PublishEventInput {
  event: HybridConnectionEvent;
}
/** publishEvent's value: whether the event went out; a publish given up on (or no topic) is not a failure. */
export interface PublishEventResult {
  published: boolean;
  /** When publishing failed for good: why (the workflow goes on regardless). */
  error?: string;
}

export interface ListManagedResourcesInput {
  target: SiteTarget;
  /**
   * On the hub: only what it holds of this site (its local network gateway and connection: tagged hc-site=<site>, or,
   * made before that tag, named as that site's), nothing shared and never the group. Removing one site of a fleet.
   */
  onlySite?: string;
  /**
   * A preview of teardown: write nothing. The OS disks teardown would claim (see osDisks.ts) are listed where it
   * would list them once claimed.
   */
  readOnly?: boolean;
}
export interface ManagedResources {
  /** Ids of resources tagged for this connection, in the order they must be deleted (dependents first). */
  deleteOrder: string[];
}

export interface DeleteResourceInput {
  target: SiteTarget;
  id: string;
}
export interface ResourceState {
  exists: boolean;
  provisioningState?: ProvisioningState;
}

export interface BeginRepairInput {
  target: SiteTarget;
  /** The side's connection; a gateway reset resets the gateway it hangs off. */
  connectionId: string;
}
/** The reset ARM accepted: what was asked (the site profile's repairAction) and of which resource. */
export interface RepairStarted {
  action: 'resetConnection' | 'resetGateway';
  /** The connection or gateway being reset: getResourceState watches it settle. */
  resourceId: string;
}

export interface StartMonitorInput {
  /** The orchestrator to start (the monitor's name) and its deterministic instance id. */
  orchestrator: string;
  instanceId: string;
  /** Plain JSON without secrets: targets, connection ids, intervals. */
  input: unknown;
}
/**
 * The external event that stops a connection's health monitor (raised by `DELETE /api/connections/{name}`, and by a
 * replacing run through stopMonitor).
 */
export const STOP_MONITOR_EVENT = 'StopMonitor';

export interface StopMonitorInput {
  instanceId: string;
  /** Terminate it if it still runs (the teardown's last resort once the StopMonitor event was given time). */
  terminate: boolean;
  /**
   * Raise StopMonitor on it first if it runs (a replacing run's first poll: nobody raised it, since the run may stop
   * in its pre-flight, leaving the monitor be). A teardown's DELETE raised it already.
   */
  raise?: boolean;
}
export interface MonitorStopState {
  /** The monitor's runtime status after the call; null when there is no such instance. */
  runtimeStatus: string | null;
}
export interface MonitorStarted {
  instanceId: string;
  /** false when an instance with that id was already running (it is left as it is). */
  started: boolean;
}

/** One activity's contract: its input, and its result, which is always an ActivityResult. */
interface Signature<Input, Value> {
  input: Input;
  result: ActivityResult<Value>;
}

/**
 * Every activity's input and result, by name. Every result is an ActivityResult<T> (terminal failures returned,
 * retryable ones thrown): extending the record of Signatures makes any other result shape a compile error.
 * A state read (`get*State`, getConnectionState) answers ok:false when the resource ended Failed; publishEvent never
 * fails the workflow: an event it gave up on is ok with published:false.
 */
export interface ActivitySignatures extends Record<ActivityName, Signature<unknown, unknown>> {
  ensureResourceGroup: Signature<EnsureResourceGroupInput, ResourceRef>;
  ensureVirtualNetwork: Signature<EnsureVirtualNetworkInput, VirtualNetworkRef>;
  ensurePublicIp: Signature<EnsurePublicIpInput, PublicIpRef>;
  beginGateway: Signature<BeginGatewayInput, StartedResourceRef>;
  getGatewayState: Signature<GetStateInput, GatewayState>;
  ensureNetworkInterface: Signature<EnsureNetworkInterfaceInput, NetworkInterfaceRef>;
  beginVirtualMachine: Signature<BeginVirtualMachineInput, StartedResourceRef>;
  getVirtualMachineState: Signature<GetStateInput, VirtualMachineState>;
  ensureSharedKey: Signature<EnsureSharedKeyInput, SharedKeyRef>;
  ensureLocalNetworkGateway: Signature<EnsureLocalNetworkGatewayInput, ResourceRef>;
  beginConnection: Signature<BeginConnectionInput, StartedResourceRef>;
  getConnectionState: Signature<GetStateInput, ConnectionState>;
  diagnoseTunnel: Signature<DiagnoseTunnelInput, TunnelDiagnosisResult>;
  beginPing: Signature<BeginPingInput, PingHandle>;
  getPingResult: Signature<GetPingResultInput, PingResult>;
  publishEvent: Signature<PublishEventInput, PublishEventResult>;
  listManagedResources: Signature<ListManagedResourcesInput, ManagedResources>;
  beginDeleteResource: Signature<DeleteResourceInput, ResourceState>;
  getResourceState: Signature<GetStateInput, ResourceState>;
  addSharedKeyVersion: Signature<AddSharedKeyVersionInput, SharedKeyVersionRef>;
  beginSetSharedKey: Signature<BeginSetSharedKeyInput, StartedResourceRef>;
  startKeySchedule: Signature<KeyScheduleInput, KeyScheduleStart>;
  beginRepair: Signature<BeginRepairInput, RepairStarted>;
  startMonitor: Signature<StartMonitorInput, MonitorStarted>;
  stopMonitor: Signature<StopMonitorInput, MonitorStopState>;
}
