// Binds a validated plan to the Azure Stack Hub stamp the operator configured: the plan names it by id or by its
// exact ARM endpoint, and the bound plan carries both as configured. Pure: the stamps come in as data.
import { findStamp, type StampSettings } from '../settings/stamps';
import type { PlanError, ResolvedPlan } from './types';

export type BoundPlan = { ok: true; plan: ResolvedPlan } | { ok: false; errors: PlanError[] };

export function bindStamp(plan: ResolvedPlan, stamps: readonly StampSettings[]): BoundPlan {
  const { stamp: id, armEndpoint } = plan.azureStack;
  const found = findStamp(stamps, {
    ...(id !== undefined ? { stamp: id } : {}),
    ...(armEndpoint !== undefined ? { armEndpoint } : {}),
  });
  if (!found.ok) return { ok: false, errors: [{ path: `azureStack.${found.field}`, message: found.message }] };
  return {
    ok: true,
    plan: { ...plan, azureStack: { ...plan.azureStack, stamp: found.stamp.id, armEndpoint: found.stamp.armEndpoint } },
  };
}
