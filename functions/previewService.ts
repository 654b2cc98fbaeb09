// The previews: what a run of a plan would find and change (the pre-flight of both sites and the services, and
// the diff per resource), and what a teardown would delete. They run the read-only pre-flight and listing code of
// the activities in this request, through the same SDK clients a run uses, and write nothing: not to a cloud, not
// to the task hub. A preview is a question asked now, so there is nothing durable to resume.
import type { InvocationContext } from '@azure/functions';
import { listManagedResources } from '../activities/listManagedResources';
import { preflightServices } from '../activities/preflightServices';
import { preflightSite } from '../activities/preflightSite';
import { activityFailureOf } from '../activities/shared/activityFailure';
import type { ActivityResult } from '../activities/contracts';
import type {
  CheckResult,
  PreviewBody,
  ReplacementPreviewBody,
  TeardownPreviewBody,
  TeardownPreviewEntry,
} from '../lib/api/preview';
import { CLOUD_IDS, peerOf, type CloudId } from '../lib/cloudIds';
import { parseResourceId } from '../lib/clouds';
import { ArmOperationError } from '../lib/errors';
import { instanceIdFor } from '../lib/naming';
import {
  firstPairOf,
  pairPlanOf,
  pairPlansOf,
  type PairPlan,
  type PlanChange,
  type ResolvedAzureStackSite,
  type ResolvedPlan,
} from '../lib/plan';
import { estimatedMinutes, settlePeerAddress } from '../lib/preflight';
import { preflightSiteInput } from '../orchestrations/preflight';
import { hubTargetFor, siteTargetFor } from '../orchestrations/siteTargets';
import { apiError, type ApiResult } from './apiResult';
import { invalidName, notFound, storedPlanOf } from './connectionService';
import type { InstanceStore } from './instanceStore';

/** The pre-flight and the changes of a run of `plan`, as `POST /api/connections?preview=true` answers them. */
export async function previewPlan(fleet: ResolvedPlan, context: InvocationContext): Promise<ApiResult> {
  // The first site's pair: a fleet's preview of every site is a later step.
  const plan = firstPairOf(fleet);
  try {
    const [pair, services] = await Promise.all([
      pairPreview(plan, context),
      preflightServices({ name: plan.name }, context).then(valueOf),
    ]);
    const body: PreviewBody = {
      name: plan.name,
      preflight: [...pair.checks, ...services],
      changes: pair.changes,
      estimatedMinutes: estimatedMinutes(pair.changes, { verifyConnectivity: plan.options.verifyConnectivity }),
    };
    return { status: 200, body };
  } catch (error) {
    return unavailable(error);
  }
}

/** `PUT /api/connections/{name}?preview=true`: the replacement's change, site by site (ReplacementPreviewBody). */
export async function previewReplacement(
  plan: ResolvedPlan,
  change: PlanChange,
  context: InvocationContext,
): Promise<ApiResult> {
  try {
    const added = plan.azureStack.filter((site) => change.added.includes(site.name));
    const [services, previews, removals, staying] = await Promise.all([
      preflightServices({ name: plan.name }, context).then(valueOf),
      Promise.all(added.map((site) => pairPreview(pairPlanOf(plan, site.name), context))),
      Promise.all(change.removed.map((site) => removalListing(plan, site, context))),
      Promise.all(change.unchanged.map((site) => pairPreview(pairPlanOf(plan, site), context))),
    ]);
    // What a staying site would still have written: anything but no-change (its transit list, or drift).
    const updated = change.unchanged.flatMap((site, index) => {
      const changes = staying[index]?.changes ?? noChanges();
      const written = {
        azure: changes.azure.filter((entry) => entry.action !== 'no-change'),
        azureStack: changes.azureStack.filter((entry) => entry.action !== 'no-change'),
      };
      return written.azure.length + written.azureStack.length > 0 ? [[site, { changes: written }] as const] : [];
    });
    const body: ReplacementPreviewBody = {
      name: plan.name,
      change: { added: change.added, removed: change.removed.map((site) => site.name), unchanged: change.unchanged },
      preflight: [...previews.flatMap((preview) => preview.checks), ...services],
      added: Object.fromEntries(
        added.map((site, index) => [site.name, { changes: previews[index]?.changes ?? noChanges() }]),
      ),
      removed: Object.fromEntries(
        change.removed.map((site, index) => [site.name, { changes: removals[index] ?? noDeletions() }]),
      ),
      updated: Object.fromEntries(updated),
      estimatedMinutes: Math.max(
        0,
        ...previews.map((preview) =>
          estimatedMinutes(preview.changes, { verifyConnectivity: plan.options.verifyConnectivity }),
        ),
      ),
    };
    return { status: 200, body };
  } catch (error) {
    return unavailable(error);
  }
}

/** One pair's pre-flight (the hub with this site, and the site's stamp) and its changes per cloud. */
async function pairPreview(
  plan: PairPlan,
  context: InvocationContext,
): Promise<{ checks: CheckResult[]; changes: PreviewBody['changes'] }> {
  const [azure, azureStack] = await Promise.all([
    preflightSite(preflightSiteInput(plan, 'azure'), context).then(valueOf),
    preflightSite(preflightSiteInput(plan, 'azureStack'), context).then(valueOf),
  ]);
  const reports = { azure, azureStack };
  // Each site was read without knowing the other's gateway address: settle the local network gateways with it.
  const changes = Object.fromEntries(
    CLOUD_IDS.map((cloud) => {
      const peerIp = reports[peerOf(cloud)].gatewayIpAddress;
      const diff = reports[cloud].diff;
      return [cloud, peerIp !== undefined ? settlePeerAddress(diff, peerIp) : diff];
    }),
  ) as PreviewBody['changes'];
  return { checks: [...azure.checks, ...azureStack.checks], changes };
}

/** What removing one site would delete: on the hub only what it holds of the site, on its stamp everything of ours. */
async function removalListing(
  plan: ResolvedPlan,
  site: ResolvedAzureStackSite,
  context: InvocationContext,
): Promise<Record<CloudId, TeardownPreviewEntry[]>> {
  const [hub, stamp] = await Promise.all([
    listManagedResources({ target: hubTargetFor(plan), onlySite: site.name, readOnly: true }, context).then(valueOf),
    listManagedResources(
      { target: siteTargetFor({ ...plan, azureStack: site }, 'azureStack'), readOnly: true },
      context,
    ).then(valueOf),
  ]);
  return { azure: hub.deleteOrder.map(deletion), azureStack: stamp.deleteOrder.map(deletion) };
}

function noChanges(): PreviewBody['changes'] {
  return { azure: [], azureStack: [] };
}

function noDeletions(): Record<CloudId, TeardownPreviewEntry[]> {
  return { azure: [], azureStack: [] };
}

/** `GET /api/connections/{name}/preview`: the preview of the plan the connection's last run was started with. */
export async function previewStoredPlan(
  store: InstanceStore,
  name: string,
  context: InvocationContext,
): Promise<ApiResult> {
  const stored = await storedPlan(store, name);
  return stored.ok ? previewPlan(stored.plan, context) : stored.refusal;
}

/** `DELETE /api/connections/{name}?preview=true`: what a teardown would delete now, per cloud, in its order. */
export async function previewTeardown(
  store: InstanceStore,
  name: string,
  context: InvocationContext,
): Promise<ApiResult> {
  const stored = await storedPlan(store, name);
  if (!stored.ok) return stored.refusal;
  const plan = stored.plan;
  try {
    // The hub's listing (what it holds of every site, then its own), then each site's stamp, in plan order.
    const targets = [hubTargetFor(plan), ...pairPlansOf(plan).map((pair) => siteTargetFor(pair, 'azureStack'))];
    const listed = await Promise.all(
      targets.map((target) => listManagedResources({ target, readOnly: true }, context).then(valueOf)),
    );
    const [hub, ...stamps] = listed.map((each) => each.deleteOrder.map(deletion));
    const changes: Record<CloudId, TeardownPreviewEntry[]> = { azure: hub ?? [], azureStack: stamps.flat() };
    const body: TeardownPreviewBody = { name: plan.name, changes };
    return { status: 200, body };
  } catch (error) {
    return unavailable(error);
  }
}

async function storedPlan(
  store: InstanceStore,
  name: string,
): Promise<{ ok: true; plan: ResolvedPlan } | { ok: false; refusal: ApiResult }> {
  const invalid = invalidName(name);
  if (invalid) return { ok: false, refusal: invalid };
  const provisioning = await store.get(instanceIdFor(name));
  if (!provisioning) return { ok: false, refusal: notFound(name) };
  return storedPlanOf(provisioning);
}

function deletion(id: string): TeardownPreviewEntry {
  const { type, name } = parseResourceId(id);
  return { resourceType: type, name, id, action: 'delete' };
}

/** A failure the pre-flight could not turn into a check (the reads' own retries ran out): thrown, typed. */
function valueOf<T>(result: ActivityResult<T>): T {
  if (result.ok) return result.value;
  throw new ArmOperationError(result.error);
}

/**
 * What a cloud did not answer is no fault of the request: 503 with the cloud's code and what to do, and a
 * Retry-After, as for any dependency that is down. Bad input never gets here (it was refused before).
 */
function unavailable(error: unknown): ApiResult {
  const failure = activityFailureOf(error);
  const where = failure.cloud !== undefined ? `${failure.cloud}: ` : '';
  return {
    ...apiError(503, 'PreviewUnavailable', `${where}${failure.message ?? failure.code}`, {
      failure: {
        code: failure.code,
        ...(failure.cloud !== undefined ? { cloud: failure.cloud } : {}),
        ...(failure.hint !== undefined ? { hint: failure.hint } : {}),
      },
    }),
    headers: { 'Retry-After': '30' },
  };
}
