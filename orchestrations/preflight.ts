// Stage 0: before any write, the read-only checks of both sites (reach, token, subscription, permissions, quotas,
// sizes, images, conflicts) and of the services (Key Vault, Event Grid), in parallel. A failed check ends the run
// with nothing built; warnings are kept in the status and do not stop it.
import type * as df from 'durable-functions';
import {
  PREFLIGHT_ACTIVITY,
  type PreflightSiteInput,
  type PreflightSiteReport,
} from '../activities/preflightContracts';
import type { CloudId } from '../lib/cloudIds';
import { ipsecPoliciesFor } from '../lib/plan/connectionPolicy';
import { localNetworkPrefixesOf } from '../lib/plan/pairs';
import type { PairPlan } from '../lib/plan/types';
import type { CheckResult } from '../lib/preflight/checks';
import { PREFLIGHT_STAGE } from '../lib/stages';
import { settledValue } from './activityCalls';
import type { Orchestration } from './orchestrationTypes';
import { ARM_READ_RETRY } from './retryPolicies';
import { settleAll } from './settleAll';
import { provisionSiteInputFor, siteTargetFor } from './siteTargets';
import type { FailureInfo } from '../lib/api/connectionStatus';

export function preflightSiteInput(plan: PairPlan, cloud: CloudId): PreflightSiteInput {
  // What the site's child will build, as provisionSite gets it, plus what its link stage will need.
  const { addressSpace, workloadSubnet, gatewaySubnet, gatewaySku, vm } = provisionSiteInputFor(plan, cloud);
  // The pair's target: on the hub it names what the link stage writes there for this site.
  const target = siteTargetFor(plan, cloud);
  const [policy] = ipsecPoliciesFor(plan, cloud);
  return {
    target,
    addressSpace,
    workloadSubnet,
    gatewaySubnet,
    gatewaySku,
    vm: { size: vm.size, image: vm.image },
    // What its local network gateway will list (with transit, on a stamp: the other sites' too).
    peerAddressSpace: localNetworkPrefixesOf(plan, cloud),
    ...(policy !== undefined ? { ipsecPolicy: policy } : {}),
    verifyConnectivity: plan.options.verifyConnectivity,
    // Absent from plans stored before the option existed: those never adopt.
    adopt: plan.options.adopt === true,
  };
}

/**
 * Every check of the hub (with what it will hold of the first site), then of each site's stamp, each naming its site,
 * then the services', all read in parallel.
 */
export function* runPreflight(
  context: df.OrchestrationContext,
  pairs: readonly PairPlan[],
): Orchestration<CheckResult[]> {
  const [first] = pairs;
  if (first === undefined) return [];
  const sides: { cloud: CloudId; pair: PairPlan }[] = [
    { cloud: 'azure', pair: first },
    ...pairs.map((pair) => ({ cloud: 'azureStack' as const, pair })),
  ];
  const answers = yield* settleAll(context, [
    ...sides.map(({ cloud, pair }) => ({
      activity: PREFLIGHT_ACTIVITY.preflightSite,
      input: preflightSiteInput(pair, cloud),
      retry: ARM_READ_RETRY,
    })),
    { activity: PREFLIGHT_ACTIVITY.preflightServices, input: { name: first.name }, retry: ARM_READ_RETRY },
  ]);
  const checks: CheckResult[] = [];
  sides.forEach(({ cloud, pair }, index) => {
    const site = cloud === 'azureStack' ? pair.azureStack.name : undefined;
    const report = settledValue<PreflightSiteReport>(answers[index], {
      cloud,
      stage: PREFLIGHT_STAGE,
    });
    checks.push(...report.checks.map((check) => (site !== undefined ? { ...check, site } : check)));
  });
  checks.push(...settledValue<CheckResult[]>(answers[sides.length], { cloud: 'azure', stage: PREFLIGHT_STAGE }));
  return checks;
}

/** One failure per failed check: what stops the run, named by cloud and check, with the check's hint. */
export function preflightFailures(checks: readonly CheckResult[]): FailureInfo[] {
  return checks
    .filter((check) => check.status === 'failed')
    .map((check) => ({
      code: 'PreflightCheckFailed',
      message: `${check.check}: ${check.detail}`,
      cloud: check.cloud,
      ...(check.site !== undefined ? { site: check.site } : {}),
      stage: PREFLIGHT_STAGE,
      hint: check.hint,
    }));
}
