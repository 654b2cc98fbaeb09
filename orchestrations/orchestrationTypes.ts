// Inputs and outputs of the orchestrators and the generator type they share. Plain JSON only: all of it is stored
// in the Durable history, so it carries ids, names and states, never a secret value.
import type * as df from 'durable-functions';
import type { SiteTarget } from '../activities/contracts';
import type { CloudId } from '../lib/cloudIds';
import type { ResolvedPlan, ResolvedVm } from '../lib/plan/types';
import type { VersionedPlan } from './planInput';
import type { FailureInfo, StageMap } from './statusTypes';

/** What an orchestrator generator (or a helper it delegates to with `yield*`) looks like. */
export type Orchestration<T> = Generator<df.Task, T, unknown>;

/** The input of `provisionSite`: one cloud's share of the plan. */
export interface ProvisionSiteInput {
  target: SiteTarget;
  addressSpace: string[];
  workloadSubnet: string;
  gatewaySubnet: string;
  gatewaySku: string;
  vm: ResolvedVm;
  gatewayTimeoutMinutes: number;
}

/** Everything the link stages need from a finished site, and the ids a summary or a rollback needs. */
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

/** What `provisionSite` returns. It completes with a failed outcome instead of failing, so the parent can wait
 * for both sites to settle (Task.all fails fast) and still learn the cloud, stage and code. */
export type SiteOutcome =
  | { ok: true; site: SiteReady; stages: StageMap; events: string[] }
  | {
      ok: false;
      failure: FailureInfo;
      /** Every failure, `failure` first (absent in outcomes recorded before it existed: then `failure` alone). */
      failures?: FailureInfo[];
      stages: StageMap;
      events: string[];
    };

/** The output of a successful `provisionHybridConnection`. */
export interface ProvisionSummary {
  name: string;
  instanceId: string;
  ticketId?: string;
  sites: Record<CloudId, SiteReady>;
  connections: Record<CloudId, { id: string; localNetworkGatewayId: string; connectionStatus: string }>;
  sharedKey: { secretName: string; version: string };
  connectivity: { verified: boolean | null; packetsSent?: number; packetsReceived?: number; averageRttMs?: number };
  events: string[];
}

/**
 * The input of `teardownHybridConnection`: the versioned plan (what `DELETE` and a rollback pass; `{plan}` without
 * planVersion is version 0, as stored before versions) or the targets themselves.
 */
export type TeardownInput = (
  | VersionedPlan
  | { planVersion?: undefined; plan: ResolvedPlan }
  | { name: string; targets: Record<CloudId, SiteTarget> }
) & {
  /** Delete only these ids (case-insensitive) among the managed ones: a rollback removes what its run made. */
  onlyIds?: string[];
  /** Publish Teardown.Completed (default true; a rollback leaves the event to a later DELETE). */
  publishCompleted?: boolean;
};

export interface TeardownSiteInput {
  target: SiteTarget;
  onlyIds?: string[];
}

export type TeardownSiteOutcome =
  | { ok: true; cloud: CloudId; deleted: string[] }
  | { ok: false; cloud: CloudId; deleted: string[]; failure: FailureInfo; failures?: FailureInfo[] };

/** A failed outcome's failures: `failures`, or `failure` alone in outcomes recorded before `failures` existed. */
export function outcomeFailures(outcome: { failure: FailureInfo; failures?: FailureInfo[] }): FailureInfo[] {
  return outcome.failures !== undefined && outcome.failures.length > 0 ? outcome.failures : [outcome.failure];
}

export interface TeardownSummary {
  name: string;
  deleted: Record<CloudId, string[]>;
  events: string[];
}
