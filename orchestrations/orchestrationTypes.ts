// Inputs and outputs of the orchestrators and the generator type they share. Plain JSON only: all of it is stored
// in the Durable history, so it carries ids, names and states, never a secret value.
import type * as df from 'durable-functions';
import type { SiteTarget, StartedResourceRef } from '../activities/contracts';
import type {
  FailureInfo,
  MonitorRead,
  MonitorTransition,
  RepairAttempt,
  SiteReady,
} from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import type { ResolvedPlan, ResolvedRepairOptions, ResolvedVm } from '../lib/plan/types';
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

/**
 * The input of `monitorTunnel`, and of each of its continue-as-new generations: what to read, how often, and the
 * state it carries (bounded lists and counters), so a generation's history never grows with the connection's age.
 */
export interface MonitorInput {
  name: string;
  /** The first site's pair (the only one before fleets). */
  targets: Record<CloudId, SiteTarget>;
  connectionIds: Record<CloudId, string>;
  /** A fleet's every pair, the first one included, by site (absent for one site: `targets` and `connectionIds`). */
  pairs?: MonitorPair[];
  intervalMinutes: number;
  repair: false | ResolvedRepairOptions;
  /** Reads per generation before continue-as-new (default MONITOR_READS_PER_GENERATION). */
  readsPerGeneration?: number;
  /** Absent on the first generation. */
  carried?: MonitorCarried;
}

/** One site's tunnel as the monitor reads it: both connections. */
export interface MonitorPair {
  site: string;
  targets: Record<CloudId, SiteTarget>;
  connectionIds: Record<CloudId, string>;
}

/** One side's health as the monitor tracks it between reads. */
export interface SideHealth {
  /** Whether the last read said Connected (a monitor starts after a run that proved it). */
  connected: boolean;
  /** Consecutive reads that were not Connected. */
  failedReads: number;
  /** Failed reads since the last repair attempt: a side is reset after afterFailedReads of them. */
  readsSinceRepair: number;
  /** Events published so far per kind: the next one's sequence (its id) is this + 1. */
  degradedEvents: number;
  recoveredEvents: number;
  repairEvents: number;
  /** The (virtual) UTC day of the repairs counted in repairsToday, YYYY-MM-DD. */
  repairDay: string;
  repairsToday: number;
}

export interface MonitorCarried {
  generation: number;
  reads: MonitorRead[];
  transitions: MonitorTransition[];
  repairs: RepairAttempt[];
  /** The first site's two sides. */
  sides: Record<CloudId, SideHealth>;
  /** Every other site's of a fleet, by site (absent until a fleet's monitor read them). */
  siteSides?: Record<string, Record<CloudId, SideHealth>>;
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
 * planVersion is version 0, as stored before versions) or the targets themselves (the hub's and one site's).
 */
export type TeardownInput = (
  | VersionedPlan
  | { planVersion?: undefined; plan: ResolvedPlan }
  | { name: string; targets: Record<CloudId, SiteTarget> }
) & {
  /**
   * Delete only these ids (case-insensitive) among the managed ones. Absent: everything tagged for the connection
   * (DELETE, and a rollback). A rollback of a run that wrote nothing passes `[]`; rollbacks started by earlier
   * releases passed the ids their run's stages recorded.
   */
  onlyIds?: string[];
  /** Publish Teardown.Completed (default true; a rollback leaves the event to a later DELETE). */
  publishCompleted?: boolean;
};

export interface TeardownSiteInput {
  target: SiteTarget;
  onlyIds?: string[];
  /** On the hub: only what it holds of this site (its local network gateway and connection). */
  onlySite?: string;
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
  /** The hub's (`azure`) and the first site's (`azureStack`) deleted ids. */
  deleted: Record<CloudId, string[]>;
  /** A fleet's (or a named site's): each site's deleted ids on its stamp, by site. */
  sites?: Record<string, string[]>;
  events: string[];
}
