// What startSimulator accepts, with defaults and validation. Bad options throw SimulatorOptionsError (the CLI maps it
// to exit code 2); nothing here starts anything.
import type { VirtualClock } from '../clock';
import { MAX_AZURE_STACK_STAMPS, parseCloudKey, stampNumber } from './arm/cloudKeys';
import type { CloudKey, ResourceType } from './arm/resourceType';
import { MODEL_SKUS } from './network/gatewaySkus';
import { parseFaultPlan, FaultPlanError, type FaultPlan } from './faults/plan';
import { toRange, type LatencyOverrides } from './latency/model';
import type { Seed } from './random';
import {
  DEFAULT_THROTTLING,
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
  /** Azure Stack Hub identity: Entra ID ('aad', default) or AD FS ('adfs', tenant `adfs`), the same for every stamp. */
  azureStackIdentity?: 'aad' | 'adfs';
  /**
   * How many Azure Stack Hub stamps to serve, 1 (default) to 20: the first at /azurestack (`azureStack`), stamp N at
   * /azurestackN (`azureStackN`), each with its own subscription, token audience, store and public IP pool.
   */
  azureStackStamps?: number;
  /**
   * The id of the one subscription each cloud serves (a GUID), by cloud key (`azure`, `azureStack`, `azureStack2`...).
   * Default: one derived from the seed. Set them to the ids a plan already names (e.g. examples/plan.json's) and that
   * plan runs here unchanged.
   */
  subscriptions?: Partial<Record<CloudKey, string>>;
  /** Regions of the Azure Stack Hub stamp; the first is its primary. Default ['local'] (the ASDK's). */
  azureStackLocations?: string[];
  /**
   * Site-to-site tunnels an Azure VPN gateway of a SKU takes, overriding the documented limits (network/gatewaySkus.ts),
   * e.g. `{ VpnGw1AZ: 2 }` so a test reaches the limit with three connections.
   */
  gatewayTunnelLimits?: Record<string, number>;
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
  azureStackStamps: number;
  subscriptions: Partial<Record<CloudKey, string>>;
  azureStackLocations: string[];
  gatewayTunnelLimits: Record<string, number>;
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
  const stamps = options.azureStackStamps ?? 1;
  if (!Number.isInteger(stamps) || stamps < 1 || stamps > MAX_AZURE_STACK_STAMPS) {
    throw new SimulatorOptionsError(
      `azureStackStamps must be a whole number from 1 to ${MAX_AZURE_STACK_STAMPS}, got ${String(stamps)}`,
    );
  }
  const subscriptions = options.subscriptions ?? {};
  for (const [cloud, id] of Object.entries(subscriptions)) {
    const key = parseCloudKey(cloud);
    if (key === undefined || (stampNumber(key) ?? 1) > stamps) {
      throw new SimulatorOptionsError(`subscriptions names ${cloud}, a cloud this simulator does not serve`);
    }
    if (id !== undefined && !isSubscriptionId(id)) {
      throw new SimulatorOptionsError(`the ${cloud} subscription id must be a GUID, got ${JSON.stringify(id)}`);
    }
  }
  const gatewayTunnelLimits = options.gatewayTunnelLimits ?? {};
  for (const [sku, limit] of Object.entries(gatewayTunnelLimits)) {
    if (!MODEL_SKUS.includes(sku)) throw new SimulatorOptionsError(`gatewayTunnelLimits names an unknown SKU ${sku}`);
    if (!Number.isInteger(limit) || limit < 0)
      throw new SimulatorOptionsError(`gatewayTunnelLimits.${sku} must be a whole number >= 0, got ${String(limit)}`);
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
    throttling: options.throttling === false ? false : throttlingLimits(options.throttling ?? {}),
    faults,
    seed,
    azureStackIdentity: identity,
    azureStackStamps: stamps,
    subscriptions,
    azureStackLocations: locations,
    gatewayTunnelLimits,
    resourceTypes: options.resourceTypes ?? [],
    strict: options.strict ?? true,
    log: options.log ?? (() => undefined),
  };
}

function throttlingLimits(overrides: Partial<Record<RequestKind, Partial<BucketLimit>>>): ThrottlingLimits {
  const limits = { ...DEFAULT_THROTTLING };
  for (const kind of ['reads', 'writes', 'deletes'] as const) {
    const merged = { ...DEFAULT_THROTTLING[kind], ...overrides[kind] };
    if (!(merged.capacity >= 1) || !(merged.refillPerSecond >= 0)) {
      throw new SimulatorOptionsError(`throttling.${kind} needs capacity >= 1 and refillPerSecond >= 0`);
    }
    limits[kind] = merged;
  }
  return limits;
}
