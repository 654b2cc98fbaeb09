// What startSimulator accepts, with defaults and validation. Bad options throw SimulatorOptionsError (the CLI maps it
// to exit code 2); nothing here starts anything.
import type { VirtualClock } from '../clock';
import type { CloudName, ResourceType } from './arm/resourceType';
import { parseFaultPlan, FaultPlanError, type FaultPlan } from './faults/plan';
import { toRange, type LatencyOverrides } from './latency/model';
import type { Seed } from './random';
import {
  throttlingLimits,
  ThrottlingLimitsError,
  type BucketLimit,
  type RequestKind,
  type ThrottlingLimits,
} from './throttling/subscriptionThrottle';

export interface SimulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Folder for the CA, the server certificate and ca-bundle.pem. Default: a fresh temp folder, removed by stop(). */
  dataDir?: string;
  /**
   * Keep the simulator's state in `dataDir` (simulator.db) and its port there too: a simulator killed at any moment
   * and started again on the same folder serves the same URLs with the same resources, operations (still running
   * ones end on time), secrets and events. Needs `dataDir`. Default false: state lives in memory only.
   */
  persistState?: boolean;
  /** Virtual milliseconds per wall millisecond (default 1). Ignored when `clock` is given. */
  timeScale?: number;
  /** An existing clock to share (e.g. with runtime/); the simulator never disposes a clock it did not create. */
  clock?: VirtualClock;
  /** Latency overrides per cloud, keyed `Microsoft.Network/virtualNetworkGateways:create` -> ms or [min, max]. */
  latency?: LatencyOverrides;
  /** Per-subscription token buckets (reads/writes/deletes); false turns throttling off. */
  throttling?: Partial<Record<RequestKind, Partial<BucketLimit>>> | false;
  /** Faults to inject from the start (also settable through the inspection API). */
  faults?: FaultPlan;
  /** Seed of every random choice (ids, jitter, faults). Default 1. */
  seed?: Seed;
  /** Azure Stack Hub identity: Entra ID ('aad', default) or AD FS ('adfs', tenant `adfs`). */
  azureStackIdentity?: 'aad' | 'adfs';
  /**
   * The id of the one subscription each cloud serves (a GUID). Default: one derived from the seed. Set them to the
   * ids a plan already names (e.g. examples/plan.json's) and that plan runs here unchanged.
   */
  subscriptions?: Partial<Record<CloudName, string>>;
  /** Regions of the Azure Stack Hub stamp; the first is its primary. Default ['local'] (the ASDK's). */
  azureStackLocations?: string[];
  /** Extra resource types to serve besides the built-in network and compute ones. */
  resourceTypes?: ResourceType[];
  /**
   * Strict mode (default true): every write body of a network, compute or resource-group type is checked against the
   * model of the SDK package the app uses for that cloud (required, types, enums, read-only and, for
   * Microsoft.Network, unknown members) and refused with the service's 400 when it breaks it. false serves what the
   * resource types accept.
   */
  strict?: boolean;
  /** Diagnostic lines (stderr in the CLI). Never receives secrets. Default: silent. */
  log?: (line: string) => void;
}

export class SimulatorOptionsError extends Error {
  override readonly name = 'SimulatorOptionsError';
}

export const DEFAULT_SEED = 1;

/** ARM's subscription id: a GUID (either case, as ARM compares them). */
export function isSubscriptionId(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

export interface ResolvedOptions {
  port: number;
  dataDir?: string;
  persistState: boolean;
  timeScale: number;
  clock?: VirtualClock;
  latency: LatencyOverrides;
  throttling: ThrottlingLimits | false;
  faults: FaultPlan;
  seed: Seed;
  azureStackIdentity: 'aad' | 'adfs';
  subscriptions: Partial<Record<CloudName, string>>;
  azureStackLocations: string[];
  resourceTypes: ResourceType[];
  strict: boolean;
  log: (line: string) => void;
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SimulatorOptionsError(`port must be an integer 0-65535, got ${port}`);
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale))
    throw new SimulatorOptionsError(`time scale must be a positive number, got ${timeScale}`);
  const seed = options.seed ?? DEFAULT_SEED;
  if (typeof seed === 'number' && !Number.isFinite(seed))
    throw new SimulatorOptionsError('seed must be a finite number or a string');
  const identity = options.azureStackIdentity ?? 'aad';
  if (identity !== 'aad' && identity !== 'adfs')
    throw new SimulatorOptionsError(`azureStackIdentity must be aad or adfs, got ${String(identity)}`);
  const subscriptions = options.subscriptions ?? {};
  for (const [cloud, id] of Object.entries(subscriptions)) {
    if (id !== undefined && !isSubscriptionId(id)) {
      throw new SimulatorOptionsError(`the ${cloud} subscription id must be a GUID, got ${JSON.stringify(id)}`);
    }
  }
  const locations = options.azureStackLocations ?? ['local'];
  if (locations.length === 0 || locations.some((l) => typeof l !== 'string' || l.trim() === '')) {
    throw new SimulatorOptionsError('azureStackLocations needs at least one region name');
  }
  const latency = options.latency ?? {};
  for (const overrides of Object.values(latency)) {
    for (const [key, setting] of Object.entries(overrides ?? {})) {
      try {
        toRange(key, setting);
      } catch (error) {
        throw new SimulatorOptionsError(error instanceof Error ? error.message : String(error));
      }
    }
  }
  let faults: FaultPlan;
  try {
    faults = options.faults ? parseFaultPlan(options.faults) : { rules: [] };
  } catch (error) {
    throw new SimulatorOptionsError(`fault plan: ${error instanceof FaultPlanError ? error.message : String(error)}`);
  }
  const persistState = options.persistState ?? false;
  if (persistState && options.dataDir === undefined) {
    throw new SimulatorOptionsError('persistState needs a dataDir to keep the state in');
  }
  return {
    port,
    dataDir: options.dataDir,
    persistState,
    timeScale,
    clock: options.clock,
    latency,
    throttling: options.throttling === false ? false : checkedThrottling(options.throttling ?? {}),
    faults,
    seed,
    azureStackIdentity: identity,
    subscriptions,
    azureStackLocations: locations,
    resourceTypes: options.resourceTypes ?? [],
    strict: options.strict ?? true,
    log: options.log ?? (() => undefined),
  };
}

function checkedThrottling(overrides: Partial<Record<RequestKind, Partial<BucketLimit>>>): ThrottlingLimits {
  try {
    return throttlingLimits(overrides);
  } catch (error) {
    throw new SimulatorOptionsError(error instanceof ThrottlingLimitsError ? error.message : String(error));
  }
}
