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
}

/** The body of `POST /api/connections` as callers write it. */
export interface PlanInput {
  /** Editor hint only (points at plan.schema.json); ignored. */
  $schema?: string;
  name: string;
  ticketId?: string;
  azure: AzureSiteInput;
  azureStack: AzureStackSiteInput;
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

/** Every option resolved; the key schedule stays absent unless the plan asks for one (no default). */
export type ResolvedOptions = Required<Omit<OptionsInput, 'rotateKeyEveryDays'>> &
  Pick<OptionsInput, 'rotateKeyEveryDays'>;

/**
 * A valid plan with every default applied. It is itself a valid PlanInput: validating it again returns it
 * unchanged (a stored plan can be checked again by the triggers). Orchestrations receive it in a VersionedPlan.
 */
export interface ResolvedPlan {
  name: string;
  ticketId?: string;
  azure: ResolvedAzureSite;
  azureStack: ResolvedAzureStackSite;
  connection: ResolvedConnection;
  options: ResolvedOptions;
}

/** One problem with a plan: `path` is dotted (`azureStack.gatewaySubnet`, `azure.addressSpace[1]`), '' for the body. */
export interface PlanError {
  path: string;
  message: string;
}

export type PlanValidationResult =
  { ok: true; plan: ResolvedPlan; warnings: PlanError[] } | { ok: false; errors: PlanError[]; warnings: PlanError[] };
