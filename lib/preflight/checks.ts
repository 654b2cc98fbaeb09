// The typed result of one pre-flight check: which cloud, which check, ok / warning / failed, what was found and
// what to do. Pure data and constructors; JSON-safe (results travel through the Durable history and the API).
import type { CloudId } from '../cloudIds';

/** Every check a pre-flight may report, in the order a run would meet the problems they catch. */
export const CHECK_NAMES = [
  'settings',
  'armReachable',
  'metadata',
  'token',
  'subscription',
  'permissions',
  'quotaNetwork',
  'quotaCompute',
  'vmSize',
  'image',
  'conflicts',
  'keyVault',
  'eventGrid',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

export const CHECK_STATUSES = ['ok', 'warning', 'failed'] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface CheckResult {
  /** The cloud checked; Key Vault and Event Grid are Azure-side services and report `azure`. */
  cloud: CloudId;
  check: CheckName;
  status: CheckStatus;
  /** What was found, for people: names, numbers, codes. Never a secret. */
  detail: string;
  /** What to do about it; empty for ok. */
  hint: string;
  /** The site of the plan a stamp's check is about (absent for the hub's and the services' checks). */
  site?: string;
}

export function ok(cloud: CloudId, check: CheckName, detail: string): CheckResult {
  return { cloud, check, status: 'ok', detail, hint: '' };
}

export function warning(cloud: CloudId, check: CheckName, detail: string, hint: string): CheckResult {
  return { cloud, check, status: 'warning', detail, hint };
}

export function failed(cloud: CloudId, check: CheckName, detail: string, hint: string): CheckResult {
  return { cloud, check, status: 'failed', detail, hint };
}

/** The worst status of a set of results: nothing billable may start unless this is not `failed`. */
export function worstStatus(results: readonly CheckResult[]): CheckStatus {
  if (results.some((r) => r.status === 'failed')) return 'failed';
  return results.some((r) => r.status === 'warning') ? 'warning' : 'ok';
}
