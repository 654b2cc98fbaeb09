// Activity (stage 0): every read-only check of one site before anything billable starts, and the preview of what
// the run would do there. Reads only: GETs through the site's real SDK clients (and token requests). A failed
// check is a result, never an exception; only transient failures (429, 5xx, resets) are thrown, so the durable
// retry applies. Order: settings, metadata, token, ARM, subscription, then the site's resources (the preview),
// permissions, VM size, image, quotas for what the run creates, and conflicts.
import { siteProfile } from '../lib/sites/profiles';
import type { InvocationContext } from '@azure/functions';
import { armCall, armClientsFor, type SiteLocator } from '../lib/clouds';
import {
  CHECK_NAMES,
  computeNeeds,
  diffSite,
  failed,
  networkNeeds,
  type CheckResult,
  type ExistingVnet,
  type PlannedSite,
  type ResourceDiff,
} from '../lib/preflight';
import { ARM_TYPES } from '../lib/resourceKinds';
import { PREFLIGHT_STAGE } from '../lib/stages';
import { readSettings, SettingsError, type AppSettings } from '../lib/settings';
import type { ActivityResult } from './contracts';
import { checkAccess, describe } from './preflight/access';
import { checkImage, checkQuota, checkVmSize } from './preflight/capacity';
import { conflictsCheck, creationsOf } from './preflight/conflicts';
import { listVnets, readLiveSite } from './preflight/liveSite';
import { checkPermissions } from './preflight/permissionsCheck';
import type { PreflightSiteInput, PreflightSiteReport } from './preflightContracts';
import { siteOf } from './shared/site';

export async function preflightSite(
  input: PreflightSiteInput,
  context: InvocationContext,
): Promise<ActivityResult<PreflightSiteReport>> {
  const { target } = input;
  const cloud = target.cloud;
  const site = siteOf(target, PREFLIGHT_STAGE);
  const errorSite = site.errorSite;
  const checks: CheckResult[] = [];
  const report = (diff: ResourceDiff[], gatewayIpAddress?: string): ActivityResult<PreflightSiteReport> => ({
    ok: true,
    value: { cloud, checks: inOrder(checks), diff, ...(gatewayIpAddress ? { gatewayIpAddress } : {}) },
  });

  let settings: AppSettings;
  try {
    settings = readSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    checks.push(failed(cloud, 'settings', error.message, `fix app setting ${error.setting}`));
    return report([]);
  }
  const locator: SiteLocator = {
    cloud,
    subscriptionId: target.subscriptionId,
    ...(target.stamp !== undefined ? { stamp: target.stamp } : {}),
    ...(target.armEndpoint !== undefined ? { armEndpoint: target.armEndpoint } : {}),
  };
  const access = await checkAccess(errorSite, locator, settings, checks);
  if (!access.ok) return report([]);
  const { read } = access;
  const clients = await armClientsFor(locator, settings);

  const planned: PlannedSite = {
    connectionName: target.name,
    location: target.location,
    resourceGroup: target.resourceGroup,
    names: site.names,
    addressSpace: input.addressSpace,
    workloadSubnet: input.workloadSubnet,
    gatewaySubnet: input.gatewaySubnet,
    publicIp: {
      sku: siteProfile(cloud).publicIp.sku,
      allocation: siteProfile(cloud).publicIp.allocation,
      zones: siteProfile(cloud).publicIp.zones,
    },
    gatewaySku: input.gatewaySku,
    vm: input.vm,
    peer: {
      addressSpace: input.peerAddressSpace,
      ...(input.peerGatewayIpAddress !== undefined ? { gatewayIpAddress: input.peerGatewayIpAddress } : {}),
    },
    ...(input.ipsecPolicy !== undefined ? { ipsecPolicy: input.ipsecPolicy } : {}),
    adopt: input.adopt ?? false,
  };
  const live = await armCall(errorSite, () => readLiveSite(clients, site));
  const diff = live.ok ? diffSite(planned, live.value) : [];

  // Independent reads, in parallel (stage 0 is ahead of every billable write); the quotas need the size's answer.
  const [permissions, size, image] = await Promise.all([
    checkPermissions(
      errorSite,
      read,
      target.resourceGroup,
      live.ok && live.value.resourceGroup !== undefined,
      input.verifyConnectivity ?? true,
    ),
    checkVmSize(errorSite, clients.compute, target.location, input.vm.size),
    checkImage(errorSite, clients.compute, target.location, input.vm.image),
  ]);
  checks.push(permissions, size.check, image);
  const creations = creationsOf(cloud, diff, size.offered);
  checks.push(
    ...(await Promise.all([
      checkQuota(errorSite, 'quotaNetwork', () => read.networkUsages(target.location), networkNeeds(creations)),
      checkQuota(errorSite, 'quotaCompute', () => clients.compute.usage.list(target.location), computeNeeds(creations)),
    ])),
  );

  if (!live.ok) {
    checks.push(
      failed(
        cloud,
        'conflicts',
        `the site's resources could not be read: ${describe(live.error)}`,
        live.error.hint ?? 'check the identity can read the resource group',
      ),
    );
  } else {
    const vnets = await armCall(errorSite, () => listVnets(clients));
    const others: ExistingVnet[] = vnets.ok ? vnets.value : [];
    checks.push(
      conflictsCheck(
        cloud,
        diff,
        input.addressSpace,
        others,
        site.id(ARM_TYPES.virtualNetwork, site.names.virtualNetwork),
      ),
    );
  }
  const failures = checks.filter((c) => c.status === 'failed').map((c) => c.check);
  context.log(`${cloud}: pre-flight ${failures.length > 0 ? `failed: ${failures.join(', ')}` : 'passed'}`);
  return report(diff, live.ok ? live.value.publicIp?.ipAddress : undefined);
}

function inOrder(checks: CheckResult[]): CheckResult[] {
  return [...checks].sort((a, b) => CHECK_NAMES.indexOf(a.check) - CHECK_NAMES.indexOf(b.check));
}
