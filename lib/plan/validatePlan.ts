// validatePlan: the one pure, deterministic entry point used by the triggers and the CLI (orchestrations never run
// it: they get the validated plan versioned, so a rule changed here cannot change how a run in flight replays).
// Schema first (shape, unknown fields, enums), then defaults, then the semantic rules (addressRules.ts and siblings),
// over the hub and every site at once.
import { PlanValidationError } from '../errors/planValidationError';
import { checkAddresses } from './addressRules';
import { resolvePlan } from './defaults';
import { checkArmEndpoints } from './endpointRules';
import { Findings } from './findings';
import { checkIpsecPolicy } from './ipsecRules';
import { checkName } from './nameRules';
import { checkSharedKeySecretName } from './secretRules';
import { checkSchema } from './schemaValidator';
import { sidesAt, sitesAt } from './sides';
import { checkSites } from './siteRules';
import { checkGatewaySkus } from './skuRules';
import { checkVms } from './vmRules';
import type { PlanError, PlanValidationResult, ResolvedPlan } from './types';

/** More errors than this are summarised: a caller fixes the first ones and runs again. */
export const MAX_REPORTED_ERRORS = 50;

export function validatePlan(input: unknown): PlanValidationResult {
  const schema = checkSchema(input);
  if (!schema.ok) return { ok: false, errors: capped(schema.errors), warnings: [] };

  const plan = resolvePlan(schema.plan);
  // Errors name the field as the caller wrote it: `azureStack.x` for one site, `azureStack[2].x` in an array.
  const sites = sitesAt(plan, Array.isArray(schema.plan.azureStack));
  const sides = sidesAt(plan, sites);
  const findings = new Findings();
  checkName(plan, findings);
  checkSites(plan, sites, findings);
  checkAddresses(sides, findings);
  checkGatewaySkus(plan, sides, findings);
  checkIpsecPolicy(plan, sites, findings);
  checkArmEndpoints(sites, findings);
  checkSharedKeySecretName(plan, findings);
  checkVms(sides, findings);

  if (findings.errors.length > 0) return { ok: false, errors: capped(findings.errors), warnings: findings.warnings };
  return { ok: true, plan, warnings: findings.warnings };
}

/** validatePlan for callers that want the plan or an exception. */
export function assertValidPlan(input: unknown): ResolvedPlan {
  const result = validatePlan(input);
  if (!result.ok) throw new PlanValidationError(result.errors);
  return result.plan;
}

function capped(errors: PlanError[]): PlanError[] {
  if (errors.length <= MAX_REPORTED_ERRORS) return errors;
  const rest = errors.length - MAX_REPORTED_ERRORS;
  return [
    ...errors.slice(0, MAX_REPORTED_ERRORS),
    { path: '', message: `${rest} more error(s) not shown: fix the ones above and validate again` },
  ];
}
