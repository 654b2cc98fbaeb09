// Connection names the HTTP API cannot address: `GET /api/connections/view` is the list page, so a connection named
// `view` could never be read back. The schema checks the name's shape; this checks what the routes reserve.
import { echo } from './echo';
import type { Findings } from './findings';
import type { ResolvedPlan } from './types';

export const RESERVED_CONNECTION_NAMES: ReadonlySet<string> = new Set(['view']);

export function checkName(plan: ResolvedPlan, findings: Findings): void {
  if (RESERVED_CONNECTION_NAMES.has(plan.name)) {
    // Only names of RESERVED_CONNECTION_NAMES get here, so the route in the message shows one of ours.
    findings.error(
      'name',
      `${echo(plan.name)} is reserved by the API (/api/connections/${plan.name}): pick another name`,
    );
  }
}
