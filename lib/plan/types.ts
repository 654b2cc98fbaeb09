// Types of the plan: what callers send (PlanInput, optional fields optional) and what validation returns
// (ResolvedPlan, every default applied). The JSON Schema in plan.schema.json is the wire contract; keep both in step.
import type { IpsecPolicy } from '../ipsec';

/**
 * New Azure VPN gateways: the zone-redundant SKUs only. Non-AZ VpnGw1-5 are no longer created
 * (https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-consolidation); Basic takes no custom IPsec policy, which
 * the Azure side needs to meet Stack Hub's offer.
 */
export const AZURE_GATEWAY_SKUS = ['VpnGw1AZ', 'VpnGw2AZ', 'VpnGw3AZ', 'VpnGw4AZ', 'VpnGw5AZ'] as const;
export const AZURE_STACK_GATEWAY_SKUS = ['Basic', 'Standard', 'HighPerformance', 'VpnGw1', 'VpnGw2', 'VpnGw3'] as const;

export type AzureGatewaySku = (typeof AZURE_GATEWAY_SKUS)[number];
export type AzureStackGatewaySku = (typeof AZURE_STACK_GATEWAY_SKUS)[number];

export const ON_FAILURE_POLICIES = ['keep', 'rollback'] as const;
export type OnFailurePolicy = (typeof ON_FAILURE_POLICIES)[number];

/** A marketplace image, as ARM's imageReference. */
export interface ImageReference {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
}

export interface VmInput {
  size?: string;
  adminUsername: string;
  sshPublicKey: string;
  image?: ImageReference;
}

interface SiteInput<Sku extends string> {
  subscriptionId: string;
  location: string;
  resourceGroup?: string;
  addressSpace: string[];
  workloadSubnet: string;
  gatewaySubnet: string;
  gatewaySku?: Sku;
  vm: VmInput;
}

export type AzureSiteInput = SiteInput<AzureGatewaySku>;
export interface AzureStackSiteInput extends SiteInput<AzureStackGatewaySku> {
  /**
   * The site's name (SITE_NAME_PATTERN): required in the array form of `azureStack`, unique; the object form without
   * it is the site DEFAULT_SITE_NAME.
   */
  name?: string;
  /** A stamp configured in HC_AZURESTACK_STAMPS, by id. Either this or armEndpoint. */
  stamp?: string;
  /** Must equal a configured stamp's ARM endpoint. */
  armEndpoint?: string;
}

export interface ConnectionInput {
  sharedKeySecretName?: string;
  ipsecPolicy?: IpsecPolicy;
}

export interface OptionsInput {
  verifyConnectivity?: boolean;
  gatewayTimeoutMinutes?: number;
  onFailure?: OnFailurePolicy;
  /** Take over same-named resources without this connection's tags (the pre-flight refuses them otherwise). */
  adopt?: boolean;
  /** Rotate the shared key every N days (1-365) once provisioned, until teardown; absent: only on request. */
  rotateKeyEveryDays?: number;
  /** The tunnel health monitor that runs after the run succeeded, until teardown. */
  monitor?: MonitorOptionsInput;
  /** Reset a side's connection after failed monitor reads: false (default), true (the defaults), or the limits. */
  repair?: boolean | RepairOptionsInput;
  /**
   * Transit between sites through the hub (2+ sites): each site's local network gateway on its stamp lists the hub's
   * and every other site's address space. Default false; no effect with one site.
   */
  transit?: boolean;
}

export interface MonitorOptionsInput {
  enabled?: boolean;
  /** Minutes between reads of both connections, 1-1440. */
  intervalMinutes?: number;
}

export interface RepairOptionsInput {
  /** Consecutive failed reads of a side before its reset, 1-100. */
  afterFailedReads?: number;
  /** Resets per side per day, 1-24. */
  maxPerDay?: number;
}

export type ResolvedMonitorOptions = Required<MonitorOptionsInput>;
export type ResolvedRepairOptions = Required<RepairOptionsInput>;

/** options.monitor when the plan leaves it out (and for plans stored before the option existed). */
export const DEFAULT_MONITOR_OPTIONS: Readonly<ResolvedMonitorOptions> = Object.freeze({
  enabled: true,
  intervalMinutes: 5,
});
/** What `options.repair: true` (or an object that leaves a field out) means. */
export const DEFAULT_REPAIR_OPTIONS: Readonly<ResolvedRepairOptions> = Object.freeze({
  afterFailedReads: 3,
  maxPerDay: 3,
});

/** The body of `POST /api/connections` as callers write it. */
export interface PlanInput {
  /** Editor hint only (points at plan.schema.json); ignored. */
  $schema?: string;
  name: string;
  ticketId?: string;
  azure: AzureSiteInput;
  /** One site (the object form, N = 1), or 1..MAX_SITES sites each with its unique `name` (a fleet). */
  azureStack: AzureStackSiteInput | AzureStackSiteInput[];
  connection?: ConnectionInput;
  options?: OptionsInput;
}

export type ResolvedVm = Required<VmInput>;

interface ResolvedSite<Sku extends string> {
  subscriptionId: string;
  location: string;
  resourceGroup: string;
  addressSpace: string[];
  workloadSubnet: string;
  gatewaySubnet: string;
  gatewaySku: Sku;
  vm: ResolvedVm;
}

export type ResolvedAzureSite = ResolvedSite<AzureGatewaySku>;
export interface ResolvedAzureStackSite extends ResolvedSite<AzureStackGatewaySku> {
  /** The site's name: the plan's, or DEFAULT_SITE_NAME for the object form without one. */
  name: string;
  /** The configured stamp's id; always set once bindStamp has run (the triggers run it before starting anything). */
  stamp?: string;
  /** Without a trailing slash; once bound, the configured stamp's own endpoint (for display: activities use `stamp`). */
  armEndpoint?: string;
}

export interface ResolvedConnection {
  sharedKeySecretName: string;
  /** The policy both tunnel ends run. See `ipsecPoliciesFor` for which connection resources carry it. */
  ipsecPolicy: IpsecPolicy;
}

export interface ResolvedOptions extends Required<Omit<OptionsInput, 'monitor' | 'repair' | 'rotateKeyEveryDays'>> {
  monitor: ResolvedMonitorOptions;
  /** false, or the limits (a plan's `true` resolves to the defaults). */
  repair: false | ResolvedRepairOptions;
  /** The key schedule stays absent unless the plan asks for one (no default). */
  rotateKeyEveryDays?: number;
}

/**
 * A valid plan with every default applied. It is itself a valid PlanInput: validating it again returns it
 * unchanged (a stored plan can be checked again by the triggers). Orchestrations receive it in a VersionedPlan.
 * `azure` is the hub; `azureStack` every site, in the plan's order (always an array here, whichever form was sent).
 */
export interface ResolvedPlan {
  name: string;
  ticketId?: string;
  azure: ResolvedAzureSite;
  azureStack: ResolvedAzureStackSite[];
  connection: ResolvedConnection;
  options: ResolvedOptions;
}

/**
 * One pair of a plan: the hub and one site, in the shape a single-site plan had (what provisions, links, verifies,
 * monitors, rotates and tears down one tunnel takes). `connection.sharedKeySecretName` is that site's secret.
 */
export interface PairPlan extends Omit<ResolvedPlan, 'azureStack'> {
  azureStack: ResolvedAzureStackSite;
  /**
   * options.transit with 2+ sites: every other site's address space, in plan order, which this site's local network
   * gateway on its stamp lists after the hub's (the hub's gateway routes between its tunnels). Absent otherwise.
   */
  transitPrefixes?: string[];
}

/** A replacing run's change, as `PUT /api/connections/{name}` computes it (lib/plan/replacement.ts) and the run's input carries it. */
export interface PlanChange {
  /** Sites of the new plan that the old one did not have (or had, and whose removal had not finished). */
  added: string[];
  /** Sites to tear down (their stamp's resources and what the hub holds of them), as the old plan described them. */
  removed: ResolvedAzureStackSite[];
  /** Sites in both plans, unchanged: read by the run, never written. */
  unchanged: string[];
  /**
   * 1 for a connection's first replacement, then one more each time: the run's Started, Succeeded and Failed events
   * carry `revision + 1` as their sequence, so each replacement's have ids of their own (the first run's are 1).
   */
  revision: number;
}

/** The name of the site a plan's object form describes (it has no name of its own); its names are today's. */
export const DEFAULT_SITE_NAME = 'azurestack';
/** A site name: it goes into ARM names and instance ids, so lowercase letters, digits and inner hyphens, 1-15. */
export const SITE_NAME_PATTERN = /^[a-z]([a-z0-9-]{0,13}[a-z0-9])?$/;
export const SITE_NAME_MAX_LENGTH = 15;
/** The most sites a plan may have (the schema's maxItems; the hub gateway's own limit is usually lower). */
export const MAX_SITES = 100;

/** One problem with a plan: `path` is dotted (`azureStack.gatewaySubnet`, `azure.addressSpace[1]`), '' for the body. */
export interface PlanError {
  path: string;
  message: string;
}

export type PlanValidationResult =
  { ok: true; plan: ResolvedPlan; warnings: PlanError[] } | { ok: false; errors: PlanError[]; warnings: PlanError[] };
