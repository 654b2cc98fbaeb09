// Inputs and outputs of the orchestrators and the generator type they share. Plain JSON only: all of it is stored
// in the Durable history, so it carries ids, names and states, never a secret value.
import type * as df from 'durable-functions';
import type { SiteTarget, StartedResourceRef } from '../activities/contracts';
import type { FailureInfo, SiteReady } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import type { ResolvedPlan, ResolvedVm } from '../lib/plan/types';
import type { VersionedPlan } from './planInput';
import type { StageMap } from './statusTypes';

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

/** A long write a site child began and the parent watches: the begin's answer, and when (orchestration time, ISO). */
export interface BegunResource extends StartedResourceRef {
  begunAt: string;
}

/**
 * What `provisionSite` hands over once its gateway and VM are begun: a SiteReady but for what only the builds' ends
 * tell, their begins instead, and the gateway's public IP address when it is known before the gateway is up (a Static
 * IP), so the peer's local network gateway can be made at once.
 */
export type SiteStarted = Omit<SiteReady, 'gatewayId' | 'gatewayPublicIp' | 'vmId'> & {
  publicIpAddress?: string;
  gateway: BegunResource;
  virtualMachine: BegunResource;
};

/** The long writes of a site, by the stage that watches them. */
export type BegunResources = Partial<Record<'gateway' | 'virtualMachine', BegunResource>>;

/**
 * What `provisionSite` returns. It completes with a failed outcome instead of failing, so the parent can wait for both
 * sites to settle (Task.all fails fast) and still learn the cloud, stage and code, and what was begun before it.
 */
export type SiteOutcome =
  | { ok: true; started: SiteStarted; stages: StageMap; events: string[] }
  | {
      ok: false;
      failure: FailureInfo;
      /** Every failure, `failure` first (absent in outcomes recorded before it existed: then `failure` alone). */
      failures?: FailureInfo[];
      stages: StageMap;
      events: string[];
      /** The long writes begun before the failure: the parent watches them end before it fails or rolls back. */
      begun?: BegunResources;
    };

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
