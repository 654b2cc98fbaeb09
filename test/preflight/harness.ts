// Test-only helpers for the pre-flight activity tests: a site's input from the test plan, the checks by name, and
// the writes the simulator saw since a point of its request log (token requests are not writes).
import type { PreflightSiteInput, PreflightSiteReport } from '../../activities/preflightContracts';
import { peerOf, type CloudId } from '../../lib/cloudIds';
import type { CheckName, CheckResult } from '../../lib/preflight';
import type { LoggedRequest } from '../../simulator';
import { IMAGE, SITE_PLAN, valueOf, type ActivityWorld } from '../activities/harness';
import type { ActivityResult } from '../../activities/contracts';

export function siteInput(
  w: ActivityWorld,
  cloud: CloudId,
  overrides: Partial<PreflightSiteInput> = {},
): PreflightSiteInput {
  const plan = SITE_PLAN[cloud];
  return {
    target: w.targets[cloud],
    addressSpace: [...plan.addressSpace],
    workloadSubnet: plan.workloadSubnet,
    gatewaySubnet: plan.gatewaySubnet,
    gatewaySku: plan.gatewaySku,
    vm: { size: plan.vmSize, image: { ...IMAGE } },
    peerAddressSpace: [...SITE_PLAN[peerOf(cloud)].addressSpace],
    ...overrides,
  };
}

export function reportOf(result: ActivityResult<PreflightSiteReport>): PreflightSiteReport {
  return valueOf(result);
}

export function check(checks: readonly CheckResult[], name: CheckName): CheckResult | undefined {
  return checks.find((c) => c.check === name);
}

export function lastSequence(w: ActivityWorld): number {
  return w.sim.inspect.requests().at(-1)?.sequence ?? 0;
}

/** Requests that could change something: anything but GET/HEAD, token requests to the identity provider aside. */
export function writesSince(w: ActivityWorld, since: number): LoggedRequest[] {
  return w.sim.inspect
    .requests({ since })
    .filter((r) => r.service !== 'identity' && r.method !== 'GET' && r.method !== 'HEAD');
}
