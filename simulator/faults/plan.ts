// The fault plan's shape and its validation: which ARM requests get which injected failure. Plain JSON, so it can be
// set at start, through the inspection API (PUT /_sim/faults) or from a file.
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
  | 'provisioningFailed';

export const FAULT_KINDS: readonly FaultKind[] = [
  'throttle',
  'internalServerError',
  'serviceUnavailable',
  'connectionReset',
  'anotherOperationInProgress',
  'provisioningFailed',
];

export interface FaultRule {
  /** A name for reports; default `rule-<index>`. */
  name?: string;
  kind: FaultKind;
  /** `azure`, `azureStack` (the first stamp) or `azureStackN` (stamp N): one cloud. */
  cloud?: CloudKey;
  /** HTTP method, case-insensitive. */
  method?: string;
  /** A regular expression (case-insensitive) tested against the ARM path below the cloud's prefix, query excluded. */
  path?: string;
  /** Full resource type the request addresses, e.g. `Microsoft.Network/virtualNetworkGateways` (case-insensitive). */
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
