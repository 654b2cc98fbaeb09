// Connection names the HTTP API cannot address: `GET /api/connections/view` is the list page, so a connection named
// `view` could never be read back. The schema checks the name's shape; this checks what the routes reserve.
import type { Findings } from './findings';
import type { ResolvedPlan } from './types';

export const RESERVED_CONNECTION_NAMES: ReadonlySet<string> = new Set(['view']);

export function checkName(plan: ResolvedPlan, findings: Findings): void {
  if (RESERVED_CONNECTION_NAMES.has(plan.name)) {
    findings.error('name', `"${plan.name}" is reserved by the API (/api/connections/${plan.name}): pick another name`);
  }
}
