// The contract between the simulator's ARM core (routing, api-versions, auth, throttling, faults, the LRO protocol,
// the store) and the resource types it serves (Microsoft.Network/*, Microsoft.Compute/*). A resource type only
// decides what a request means for its resources; it never writes HTTP headers or answers polls itself.
import type { VirtualClock } from '../../clock';

/** The kind of cloud: Azure, or an Azure Stack Hub stamp (what api-versions, SKUs and rules a request meets). */
export type CloudName = 'azure' | 'azureStack';

/**
 * Which of the simulator's clouds: `azure`, the first stamp `azureStack`, further stamps `azureStack2`, `azureStack3`...
 * (simulator option `azureStackStamps`). Several stamps share the kind `azureStack` and nothing else.
 */
export type CloudKey = 'azure' | 'azureStack' | `azureStack${number}`;

/** One cloud's resources as another cloud's network sees them (read-only use). */
export interface CloudStore {
  cloud: CloudName;
  store: ResourceStore;
}

/** A resource as ARM returns it: the wire shape of the api-version the type implements, camelCase, JSON only. */
export interface ArmResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  tags?: Record<string, string>;
  etag?: string;
  properties?: Record<string, unknown>;
  [field: string]: unknown;
}

/** A CloudError the core turns into `{"error":{code,message,target?,details?}}` with the given HTTP status. */
export class ArmError extends Error {
  override readonly name = 'ArmError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly details?: { code: string; message: string; target?: string }[],
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

/** One cloud's resources. Ids compare case-insensitively, as ARM's do; stored resources keep the casing of their PUT. */
export interface ResourceStore {
  get(id: string): ArmResource | undefined;
  /** Resources whose id starts with `prefix` (case-insensitive), optionally only of one full type. */
  list(prefix: string, type?: string): ArmResource[];
  put(resource: ArmResource): void;
  delete(id: string): boolean;
  /** The id of a write operation in progress on this resource, if any (AnotherOperationInProgress checks). */
  operationInProgress(id: string): string | undefined;
}

/** What the core hands a resource type for one request. */
export interface ResourceRequest {
  cloud: CloudName;
  method: 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  apiVersion: string;
  subscriptionId: string;
  resourceGroup: string;
  /** Canonical id of the addressed resource, in the request's casing (child resources included). */
  id: string;
  /** Last name segment of the id. */
  name: string;
  /** Id of the parent resource for child types (a subnet's VNet), else undefined. */
  parentId?: string;
  /** For POST/GET sub-actions: the trailing segment(s) after the resource id, e.g. `sharedkey`, `instanceView`, `runCommand`. */
  action?: string;
  query: URLSearchParams;
  /** Parsed JSON body (PUT/PATCH/POST), undefined when empty. */
  body: unknown;
  store: ResourceStore;
  /**
   * Every cloud of the simulator, this one included (Azure first, then each stamp), read-only use: network truth (a
   * tunnel's far end, a ping's path) may lie in any of them.
   */
  world: readonly CloudStore[];
  /** The range this cloud hands public addresses out of (CIDR). Default: the first one of the cloud's kind. */
  publicAddressPool?: string;
  clock: VirtualClock;
  /** Seeded random in [0,1): the same seed gives the same run. */
  random(): number;
  /** Virtual milliseconds an operation takes, from the latency model (per cloud and type, seeded jitter). */
  latency(operation: LatencyKey): number;
  /** Base URL of the simulator's ARM endpoint for this cloud, e.g. `https://127.0.0.1:PORT/azure`. */
  armEndpoint: string;
  /**
   * The versions (oldest first) of a marketplace image the cloud offers (its account's images), or undefined when it
   * offers no such image. Always set by the core; optional so hand-built test requests compile.
   */
  marketplaceImageVersions?(publisher: string, offer: string, sku: string): readonly string[] | undefined;
  /**
   * The Azure-AsyncOperation status URL of a running operation (e.g. the id `store.operationInProgress()` returned),
   * for AnotherOperationInProgress messages. Always set by the core; optional so hand-built test requests compile.
   */
  operationStatusUrl?(operationId: string): string;
  /** A rendering for the inspection API (/_sim/resources), not an answer to a client: views leave secrets out. */
  inspection?: boolean;
}

/** Keys of the latency model, e.g. `Microsoft.Network/virtualNetworkGateways:create`. */
export type LatencyKey = `${string}:${'create' | 'update' | 'delete' | 'action'}`;

/**
 * The outcome of an accepted write. The core stores `resource` at once (provisioningState as given, usually
 * `Updating` for an update or `Creating`/`Updating` for a create), answers 201/200 (PUT) or 202 (DELETE/POST) with the
 * LRO headers, and after `durationMs` of virtual time calls `complete()`. Return durationMs 0 for writes that finish
 * immediately (the response still follows the type's LRO contract).
 */
export interface WriteOutcome {
  resource?: ArmResource;
  created?: boolean;
  durationMs: number;
  /**
   * For `PUT <action>` sub-resources (connection `sharedkey`): the body of the initial 200 response. Default: the
   * request body. Ignored for resources (their stored view is the body) and POST actions (202 without a body).
   */
  responseBody?: unknown;
  /**
   * Runs when the operation ends (virtual time). Makes the final state visible (provisioningState Succeeded,
   * addresses assigned, resource removed for a delete) and returns the operation's result body for POST actions.
   * Throwing an ArmError ends the operation Failed with that error (the core sets provisioningState Failed).
   */
  complete?(): unknown;
}

/** The result of a synchronous read or action. */
export interface ReadOutcome {
  status?: number;
  body: unknown;
}

/** One resource type, registered with the core under its full type name. */
export interface ResourceType {
  /** Full type, e.g. `Microsoft.Network/virtualNetworks` or `Microsoft.Network/virtualNetworks/subnets`. */
  type: string;
  /**
   * Whether the resource provider's CloudErrors always carry `details` (NRP sends `"details": []` when it has none).
   * The core follows it for the errors it raises on the provider's behalf (AnotherOperationInProgress, a missing
   * child); the type's own ArmErrors set their details themselves.
   */
  errorsCarryDetails?: boolean;
  /** Whether PUT and DELETE follow the LRO protocol for this type (resource groups: PUT is synchronous). */
  lro: { put: boolean; delete: boolean };
  /** Validates and applies a PUT. Throws ArmError for 4xx (validation, parent missing, conflicts). */
  put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome;
  /** Validates and starts a DELETE (dependency checks). Throws ArmError (e.g. 400 InUseSubnetCannotBeDeleted). */
  delete(request: ResourceRequest, existing: ArmResource): WriteOutcome;
  /** Renders a stored resource for GET/list (computed fields: connectionStatus, back-references). Default: as stored. */
  view?(request: ResourceRequest, stored: ArmResource): ArmResource;
  /** PATCH (tags). */
  patch?(request: ResourceRequest, existing: ArmResource): WriteOutcome;
  /** Sub-resource actions keyed by `METHOD action`, e.g. `GET sharedkey`, `PUT sharedkey`, `POST runCommand`, `GET instanceView`. */
  actions?: Record<string, (request: ResourceRequest, existing: ArmResource) => ReadOutcome | WriteOutcome>;
}
