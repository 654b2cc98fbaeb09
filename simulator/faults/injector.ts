// Decides, per ARM request, whether the fault plan injects a failure. Decisions depend only on the plan, its seed and
// the sequence of matching requests (occurrence numbers), never on timing or on other randomness consumers.
import type { CloudKey } from '../arm/resourceType';
import { seededUnit, type Seed } from '../random';
import type { FaultKind, FaultPlan, FaultRule } from './plan';

export interface FaultCandidate {
  cloud: CloudKey;
  method: string;
  /** ARM path below the cloud prefix, no query. */
  path: string;
  /** Full resource type the request addresses, if it addresses one. */
  resourceType?: string;
}

export interface FaultDecision {
  rule: string;
  kind: FaultKind;
  retryAfterSeconds: number;
  error?: { code: string; message: string };
}

export interface InjectedFault {
  rule: string;
  kind: FaultKind;
  /** 1-based occurrence of this request among the rule's matches. */
  occurrence: number;
  cloud: CloudKey;
  method: string;
  path: string;
}

export class FaultInjector {
  private plan: FaultPlan = { rules: [] };
  private matches: number[] = [];
  private fired: number[] = [];
  private log: InjectedFault[] = [];

  constructor(private readonly defaultSeed: Seed) {}

  setPlan(plan: FaultPlan): void {
    this.plan = plan;
    this.matches = plan.rules.map(() => 0);
    this.fired = plan.rules.map(() => 0);
    this.log = [];
  }

  getPlan(): FaultPlan {
    return this.plan;
  }

  injected(): InjectedFault[] {
    return [...this.log];
  }

  /** Counts this request against every matching rule; the first rule that fires decides. */
  decide(candidate: FaultCandidate): FaultDecision | undefined {
    let decision: FaultDecision | undefined;
    const seed = this.plan.seed ?? this.defaultSeed;
    this.plan.rules.forEach((rule, index) => {
      if (!matches(rule, candidate)) return;
      const occurrence = ++this.matches[index];
      if (
        decision ||
        !fires(rule, index, occurrence, seed) ||
        (rule.limit !== undefined && this.fired[index] >= rule.limit)
      ) {
        return;
      }
      this.fired[index]++;
      const name = rule.name ?? `rule-${index}`;
      decision = { rule: name, kind: rule.kind, retryAfterSeconds: rule.retryAfterSeconds ?? 1, error: rule.error };
      this.log.push({
        rule: name,
        kind: rule.kind,
        occurrence,
        cloud: candidate.cloud,
        method: candidate.method,
        path: candidate.path,
      });
    });
    return decision;
  }
}

function matches(rule: FaultRule, c: FaultCandidate): boolean {
  // A failed provisioning needs a write to fail: reads and polls never count as its occurrences.
  if (rule.kind === 'provisioningFailed' && (c.method === 'GET' || c.method === 'HEAD')) return false;
  if (rule.cloud !== undefined && rule.cloud !== c.cloud) return false;
  if (rule.method !== undefined && rule.method !== c.method) return false;
  if (rule.resourceType !== undefined && rule.resourceType.toLowerCase() !== c.resourceType?.toLowerCase())
    return false;
  if (rule.path !== undefined && !new RegExp(rule.path, 'i').test(c.path)) return false;
  return true;
}

function fires(rule: FaultRule, index: number, occurrence: number, seed: Seed): boolean {
  const nth = rule.nth === undefined ? undefined : Array.isArray(rule.nth) ? rule.nth : [rule.nth];
  if (nth !== undefined && nth.includes(occurrence)) return true;
  if (rule.rate !== undefined) return seededUnit(seed, `fault:${index}:${occurrence}`) < rule.rate;
  // A rule with neither nth nor rate fires on every match (bounded by limit).
  return nth === undefined;
}
