// The in-process inspection API: what tests and benchmarks may read and steer (resources, operations, request log,
// events, clock, fault plan, reset). The product never uses it; it exists beside ARM, not inside it.
import type { AccountState } from '../account/accountState';
import type { ArmResource, CloudKey } from '../arm/resourceType';
import type { OutageState } from '../eventgrid';
import type { FaultPlan } from '../faults/plan';
import type { InjectedFault } from '../faults/injector';
import type { LoggedRequest, RequestCounts, RequestFilter } from './requestLog';

export interface OperationSummary {
  id: string;
  kind: string;
  resourceId: string;
  status: string;
  /** Virtual epoch ms. */
  startTime: number;
  dueAt: number;
  endTime?: number;
  error?: { code: string; message: string };
}

export interface ClockState {
  /** Virtual epoch ms. */
  now: number;
  iso: string;
  scale: number;
}

export interface SimulatorInspector {
  /** The clouds served: `azure`, then each Azure Stack Hub stamp (`azureStack`, `azureStack2`...). */
  clouds(): CloudKey[];
  /** A cloud's resources as ARM returns them (resource groups included). Throws for a cloud not served. */
  resources(cloud: CloudKey): ArmResource[];
  operations(cloud: CloudKey): OperationSummary[];
  requests(filter?: RequestFilter): LoggedRequest[];
  requestCounts(filter?: RequestFilter): RequestCounts;
  /** Events the Event Grid topic accepted, in arrival order. */
  events(): unknown[];
  /** Whether the Event Grid topic is down (connections reset), until when, and how many requests it refused. */
  eventGridOutage(): OutageState;
  /** Takes the Event Grid topic down for `forMs` virtual ms from now (0 brings it back). Throws RangeError. */
  setEventGridOutage(forMs: number): OutageState;
  clock(): ClockState;
  advanceClock(ms: number): ClockState;
  setClockScale(scale: number): ClockState;
  faults(): { plan: FaultPlan; injected: InjectedFault[] };
  /** Validates and installs a plan (occurrence counters restart). Throws FaultPlanError. */
  setFaults(plan: unknown): void;
  /** A cloud's subscription state, role assignments, quota limits, offered VM sizes and marketplace images. */
  account(cloud: CloudKey): AccountState;
  /**
   * Changes a cloud's account: `quotaLimits` rows merge, every other field given replaces (see
   * simulator/account/accountState.ts). Throws AccountSettingsError for a bad patch. Reset restores the defaults.
   */
  setAccount(cloud: CloudKey, patch: unknown): AccountState;
  /**
   * Breaks or heals one tunnel end (simulator/network/tunnelFaults.ts): `gatewayDown` (a gateway), `connectionStuck`
   * (a connection), `heal` (either). Returns the resource as ARM shows it. Throws for an unknown id or fault.
   */
  setTunnelFault(cloud: CloudKey, id: string, fault: string): ArmResource;
  /** Secret names and version counts (never values). */
  keyVault(): unknown;
  /** Forgets all resources, operations, requests, events and secrets; re-seeds every random stream. */
  reset(): void;
}
