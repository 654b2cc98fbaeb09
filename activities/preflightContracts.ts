// The contract of the pre-flight activities (stage 0: nothing billable starts until everything checkable is
// checked): names, inputs and results. Kept beside contracts.ts so orchestrations import names and types only.
// Results are small JSON (check results, the per-resource preview), never ARM bodies or secret values.
import type { CloudId } from '../lib/cloudIds';
import type { IpsecPolicy } from '../lib/ipsec';
import type { ImageReference } from '../lib/plan/types';
import type { CheckResult } from '../lib/preflight/checks';
import type { ResourceDiff } from '../lib/preflight/report';
import type { ActivityResult, SiteTarget } from './contracts';

export const PREFLIGHT_ACTIVITY = {
  preflightSite: 'preflightSite',
  preflightServices: 'preflightServices',
} as const;

export type PreflightActivityName = (typeof PREFLIGHT_ACTIVITY)[keyof typeof PREFLIGHT_ACTIVITY];

/** One site of the plan, as the run would build it (the resolved plan's site plus what the link stage needs). */
export interface PreflightSiteInput {
  target: SiteTarget;
  addressSpace: string[];
  workloadSubnet: string;
  gatewaySubnet: string;
  gatewaySku: string;
  vm: { size: string; image: ImageReference };
  /** The peer site's address space: this site's local network gateway carries it. */
  peerAddressSpace: string[];
  /** The peer gateway's public IP when it already has one (a rerun); undefined: it is assigned during the run. */
  peerGatewayIpAddress?: string;
  /** The policy this site's connection carries (`ipsecPoliciesFor`); undefined = the cloud's default offer. */
  ipsecPolicy?: IpsecPolicy;
  /** Azure only: whether the run pings across the tunnel (Run Command on the Azure VM). Default true. */
  verifyConnectivity?: boolean;
  /** The plan's `options.adopt`: same-named resources without this connection's tags pass `conflicts`. Default false. */
  adopt?: boolean;
}

export interface PreflightSiteReport {
  cloud: CloudId;
  /** settings, armReachable, metadata (Stack Hub), token, subscription, permissions, quotaNetwork, quotaCompute,
   * vmSize, image, conflicts: each once at most, in that order (a check that cannot run is left out). */
  checks: CheckResult[];
  /** Per resource, in the order the run writes them; empty when the site's resources could not be read. */
  diff: ResourceDiff[];
  /** This site's gateway public IP address when it has one: the peer's local network gateway points at it. */
  gatewayIpAddress?: string;
}

export interface PreflightServicesInput {
  /** The connection name (plan.name): the shared key's secret is hc-<name>-psk. */
  name: string;
}

export interface PreflightSignatures {
  preflightSite: { input: PreflightSiteInput; result: ActivityResult<PreflightSiteReport> };
  preflightServices: { input: PreflightServicesInput; result: ActivityResult<CheckResult[]> };
}
