// The fault plan's shape and its validation: which ARM (or Key Vault) requests get which injected failure. Plain JSON,
// so it can be set at start, through the inspection API (PUT /_sim/faults) or from a file.
import { parseCloudKey } from '../arm/cloudKeys';
import type { CloudKey } from '../arm/resourceType';
import { isRecord } from '../http/types';
import type { Seed } from '../random';

export type FaultKind =
  /** 429 SubscriptionRequestsThrottled with Retry-After. */
  | 'throttle'
  /** 500 InternalServerError. */
  | 'internalServerError'
  /** 503 ServiceUnavailable with Retry-After. */
  | 'serviceUnavailable'
  /** The TCP connection is reset instead of answered (ECONNRESET at the client). */
  | 'connectionReset'
  /** 409 AnotherOperationInProgress before the request reaches the resource type. */
  | 'anotherOperationInProgress'
  /**
   * The write is accepted, then its long-running operation ends Failed (e.g. a gateway whose provisioning fails).
   * Only writes (PUT, PATCH, POST, DELETE) count as occurrences of such a rule.
   */
  | 'provisioningFailed'
  /**
   * The PUT of a connection is accepted and provisions, but its tunnel stays NotConnected (as after POST
   * /_sim/tunnel-faults connectionStuck) until a reset or heal. Only PUTs of Microsoft.Network/connections count.
   */
  | 'connectionStuck';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'internalServerError',
  'serviceUnavailable',
  'connectionReset',
  'anotherOperationInProgress',
  'provisioningFailed',
  'connectionStuck',
];

/** What a rule targets: ARM (both clouds, the default) or the Key Vault data plane. */
export type FaultService = 'arm' | 'keyVault';

/** The kinds a Key Vault request can meet: answers and resets (no ARM operation to fail, no tunnel). */
const KEY_VAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'internalServerError',
  'serviceUnavailable',
  'connectionReset',
];

export interface FaultRule {
  /** A name for reports; default `rule-<index>`. */
  name?: string;
  kind: FaultKind;
  /** Default `arm`: a rule never reaches another service's requests unless it names that service. */
  service?: FaultService;
  /** ARM only: `azure`, `azureStack` (the first stamp) or `azureStackN` (stamp N): one cloud. */
  cloud?: CloudKey;
  /** HTTP method, case-insensitive. */
  method?: string;
  /**
   * A regular expression (case-insensitive) tested against the ARM path below the cloud's prefix (Key Vault: the path,
   * e.g. `/secrets/name`), query excluded.
   */
  path?: string;
  /** ARM only: the full resource type addressed, e.g. `Microsoft.Network/virtualNetworkGateways` (case-insensitive). */
  resourceType?: string;
  /** Fire on these 1-based occurrences of a matching request. */
  nth?: number | number[];
  /** Fire on each matching request with this probability (seeded: decided by the occurrence number, not by timing). */
  rate?: number;
  /** Fire at most this many times. */
  limit?: number;
  /** Retry-After (wall seconds) for throttle and serviceUnavailable; default 1. */
  retryAfterSeconds?: number;
  /** Error for provisioningFailed (default an NRP-style InternalServerError) or to override a 4xx/5xx's body. */
  error?: { code: string; message: string };
}

export interface FaultPlan {
  /** Seed of rate-based decisions; default the simulator's seed. */
  seed?: Seed;
  rules: FaultRule[];
}

export class FaultPlanError extends Error {
  override readonly name = 'FaultPlanError';
}

/** Checks a plan coming from JSON; throws FaultPlanError naming the first bad field. */
export function parseFaultPlan(input: unknown): FaultPlan {
  if (!isRecord(input) || !Array.isArray(input.rules)) throw new FaultPlanError('a fault plan is {"rules": [...]}');
  const seed = input.seed;
  if (seed !== undefined && typeof seed !== 'number' && typeof seed !== 'string') {
    throw new FaultPlanError('seed must be a number or a string');
  }
  const rules = input.rules.map((rule: unknown, index: number) => parseRule(rule, index));
  return seed === undefined ? { rules } : { seed, rules };
}

function parseRule(rule: unknown, index: number): FaultRule {
  const at = `rules[${index}]`;
  if (!isRecord(rule)) throw new FaultPlanError(`${at} must be an object`);
  const kind = rule.kind;
  if (typeof kind !== 'string' || !FAULT_KINDS.includes(kind as FaultKind)) {
    throw new FaultPlanError(`${at}.kind must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const out: FaultRule = { kind: kind as FaultKind };
  const str = (field: string): string | undefined => {
    const v = rule[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw new FaultPlanError(`${at}.${field} must be a string`);
    return v;
  };
  const name = str('name');
  if (name !== undefined) out.name = name;
  const service = str('service');
  if (service !== undefined) {
    if (service !== 'arm' && service !== 'keyVault') throw new FaultPlanError(`${at}.service must be arm or keyVault`);
    if (service === 'keyVault') {
      if (!KEY_VAULT_KINDS.includes(out.kind))
        throw new FaultPlanError(`${at}.kind for keyVault must be one of ${KEY_VAULT_KINDS.join(', ')}`);
      if (rule.cloud !== undefined || rule.resourceType !== undefined)
        throw new FaultPlanError(`${at}: cloud and resourceType are ARM's; a keyVault rule takes method and path`);
    }
    out.service = service;
  }
  const cloud = str('cloud');
  if (cloud !== undefined) {
    const key = parseCloudKey(cloud);
    if (key === undefined) throw new FaultPlanError(`${at}.cloud must be azure, azureStack or azureStackN (N >= 2)`);
    out.cloud = key;
  }
  const method = str('method');
  if (method !== undefined) out.method = method.toUpperCase();
  const path = str('path');
  if (path !== undefined) {
    try {
      new RegExp(path, 'i');
    } catch {
      throw new FaultPlanError(`${at}.path is not a valid regular expression`);
    }
    out.path = path;
  }
  const resourceType = str('resourceType');
  if (resourceType !== undefined) out.resourceType = resourceType;
  const nth = rule.nth;
  if (nth !== undefined) {
    const list = Array.isArray(nth) ? nth : [nth];
    if (!list.every((n) => Number.isInteger(n) && (n as number) >= 1)) {
      throw new FaultPlanError(`${at}.nth must be a positive integer or a list of them`);
    }
    out.nth = list as number[];
  }
  const rate = rule.rate;
  if (rate !== undefined) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1))
      throw new FaultPlanError(`${at}.rate must be within [0, 1]`);
    out.rate = rate;
  }
  const limit = rule.limit;
  if (limit !== undefined) {
    if (!Number.isInteger(limit) || (limit as number) < 0)
      throw new FaultPlanError(`${at}.limit must be an integer >= 0`);
    out.limit = limit as number;
  }
  const retryAfter = rule.retryAfterSeconds;
  if (retryAfter !== undefined) {
    if (!Number.isInteger(retryAfter) || (retryAfter as number) < 0) {
      throw new FaultPlanError(`${at}.retryAfterSeconds must be an integer >= 0`);
    }
    out.retryAfterSeconds = retryAfter as number;
  }
  const error = rule.error;
  if (error !== undefined) {
    if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') {
      throw new FaultPlanError(`${at}.error must be {"code": string, "message": string}`);
    }
    out.error = { code: error.code, message: error.message };
  }
  return out;
}
