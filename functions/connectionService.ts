// What the connection endpoints do, written against InstanceStore so it runs without a host: start (validate,
// refuse while running, start `hc-<name>`), status, list, and teardown. Answers are ApiResults with our own links
// only; request bodies, plans and keys never reach a log line or an answer.
import type { ConnectionListBody } from '../lib/api/connectionStatus';
import { isRecord } from '../lib/json';
import { instanceIdFor } from '../lib/naming';
import {
  bindStamp,
  parsePlanBody,
  validatePlan,
  MAX_PLAN_BODY_BYTES,
  type PlanError,
  type PlanValidationResult,
  type ResolvedAzureStackSite,
  type ResolvedPlan,
} from '../lib/plan';
import type { StampSettings } from '../lib/settings';
import {
  ORCHESTRATION,
  STOP_MONITOR_EVENT,
  connectionNameOf,
  isConnectionInstanceId,
  monitorInstanceId,
  siteInstanceId,
  teardownInstanceId,
} from '../orchestrations/names';
import type { TeardownInput } from '../orchestrations/orchestrationTypes';
import { readPlanChange, readProvisionInput, versionedPlan, type ProvisionInput } from '../orchestrations/planInput';
import { apiError, statusUrlFor, validationFailed, type ApiResult } from './apiResult';
import { buildDomainStatus, connectionInstancesIn, listItemOf, runChildIds, siteNamesOfRun } from './domainStatus';
import { InstanceAlreadyActiveError, isActive, type InstanceSnapshot, type InstanceStore } from './instanceStore';
import { stopKeySchedule } from './keyScheduleStop';
import { rotationConflict, rotationsIn } from './rotationConflict';
import type { LiveStateSource } from './live/liveState';
import { isPlanContentType } from './planContentType';
import { nowNotBefore } from './taskHubClock';

/** The plan schema's rule for names; anything else cannot be one of ours. */
const CONNECTION_NAME = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
const MAX_NAME_LENGTH = 64;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * Connections (by provisioning instance id) with a start or a teardown being decided in this process. Two starts of
 * one connection are kept apart by the task hub itself (a start of an active instance id is refused, whichever
 * process tries); this set only answers such a second start early, and keeps a POST and a DELETE of the same name
 * in this process from both passing their checks (they start two different instances).
 */
const starting = new Set<string>();

export interface StartOptions {
  /** The Azure Stack Hub stamps configured in app settings: the only ones a plan may name. */
  stamps: readonly StampSettings[];
  /** Content-Length as the client declared it, to refuse a huge body before reading it. */
  declaredLength?: number;
  /** The raw Content-Type header; a plan comes as application/json only, so a missing one is refused (415). */
  contentType?: string;
}

/** `POST /api/connections`: the body as bytes (checked to be UTF-8) or text. */
export async function startConnection(
  store: InstanceStore,
  body: string | Uint8Array,
  options: StartOptions,
): Promise<ApiResult> {
  const accepted = acceptPlan(body, options);
  if (!accepted.ok) return accepted.refusal;
  const { validation } = accepted;
  const plan = validation.plan;
  const refused = await startProvisioning(store, plan, () => startConflict(store, plan.name));
  if (refused) return refused;
  return {
    status: 202,
    headers: { Location: statusUrlFor(plan.name) },
    body: {
      name: plan.name,
      instanceId: instanceIdFor(plan.name),
      statusUrl: statusUrlFor(plan.name),
      ...(validation.warnings.length > 0 ? { warnings: validation.warnings } : {}),
    },
  };
}

export type AcceptedPlan =
  | {
      ok: true;
      validation: Extract<PlanValidationResult, { ok: true }>;
      /** The body sent `azureStack` as an array (field errors then name `azureStack[i]`). */
      arrayForm: boolean;
    }
  | { ok: false; refusal: ApiResult };

/** A plan body as a start or a preview receives it: its type, size, JSON and rules, and its stamp bound. */
export function acceptPlan(body: string | Uint8Array, options: StartOptions): AcceptedPlan {
  const refuse = (refusal: ApiResult): AcceptedPlan => ({ ok: false, refusal });
  if (!isPlanContentType(options.contentType)) {
    return refuse(apiError(415, 'UnsupportedMediaType', 'send the plan as application/json'));
  }
  if (options.declaredLength !== undefined && options.declaredLength > MAX_PLAN_BODY_BYTES) {
    return refuse(
      validationFailed([{ path: '', message: 'body exceeds 64 KB: a plan is a few KB; send only the plan' }]),
    );
  }
  const parsed = parsePlanBody(body);
  if (!parsed.ok) return refuse(validationFailed(parsed.errors));
  const validation = validateBoundPlan(parsed.value, options.stamps);
  if (!validation.ok) return refuse(validationFailed(validation.errors));
  return { ok: true, validation, arrayForm: isRecord(parsed.value) && Array.isArray(parsed.value.azureStack) };
}

/**
 * validatePlan, then bindStamp: a valid plan that names no configured Azure Stack Hub stamp is refused like any
 * other field error, before anything starts or any request leaves the app.
 */
export function validateBoundPlan(input: unknown, stamps: readonly StampSettings[]): PlanValidationResult {
  const validation = validatePlan(input);
  if (!validation.ok) return validation;
  const bound = bindStamp(validation.plan, stamps, isRecord(input) && Array.isArray(input.azureStack));
  if (!bound.ok) return { ok: false, errors: bound.errors, warnings: validation.warnings };
  return { ...validation, plan: bound.plan };
}

/**
 * Starts `hc-<name>` unless `beforeStart` (run inside the in-process guard, so a concurrent request cannot pass
 * the same check) refuses; returns the refusal, or undefined once started. `inputOf` (called after beforeStart)
 * gives the run's input: the versioned plan, and a replacement's change.
 */
export async function startProvisioning(
  store: InstanceStore,
  plan: ResolvedPlan,
  beforeStart: () => Promise<ApiResult | undefined>,
  inputOf: () => ProvisionInput = () => versionedPlan(plan),
): Promise<ApiResult | undefined> {
  const instanceId = instanceIdFor(plan.name);
  if (starting.has(instanceId)) return inProgress(plan.name, instanceId, 'Pending');
  starting.add(instanceId);
  try {
    const refused = await beforeStart();
    if (refused) return refused;
    try {
      // Validated once, here: the orchestration gets the plan versioned and only checks its shape.
      await store.start(ORCHESTRATION.provisionHybridConnection, instanceId, inputOf());
    } catch (error) {
      // Started meanwhile elsewhere (another instance of the app, another delivery): the task hub said no.
      if (!(error instanceof InstanceAlreadyActiveError)) throw error;
      const current = await store.get(instanceId);
      return inProgress(plan.name, instanceId, current?.runtimeStatus ?? 'Pending');
    }
    return undefined;
  } finally {
    starting.delete(instanceId);
  }
}

/** 409 when the connection's provisioning or its teardown is still working; undefined when a start may go ahead. */
export async function startConflict(store: InstanceStore, name: string): Promise<ApiResult | undefined> {
  const instanceId = instanceIdFor(name);
  const existing = await store.get(instanceId);
  if (existing && isActive(existing)) return inProgress(name, instanceId, existing.runtimeStatus);
  const teardown = await store.get(teardownInstanceId(name));
  if (teardown && isActive(teardown)) {
    return apiError(409, 'TeardownInProgress', `connection ${name} is being torn down; start it again when that ends`, {
      ...links(name, teardown.instanceId, teardown.runtimeStatus),
    });
  }
  // A rotation starts only from a completed run (rotate-key and the key schedule both need one), so a connection with
  // no run has none: its first start skips the search, which reads every instance of the task hub (at a burst of
  // first starts, one read of all the others per start).
  if (!existing) return undefined;
  return rotationConflict(store, name);
}

export interface GetConnectionOptions {
  /** Adds `live` (`?live=true`, the status page): the connection's resources as ARM reads them now. */
  live?: LiveStateSource;
}

/** `GET /api/connections/{name}`. */
export async function getConnection(
  store: InstanceStore,
  name: string,
  options: GetConnectionOptions = {},
): Promise<ApiResult> {
  const invalid = invalidName(name);
  if (invalid) return invalid;
  const provisioning = await store.get(instanceIdFor(name));
  if (!provisioning) return notFound(name);
  // The run's children (the hub's and each site's) and its teardown and monitor, each read by its id.
  const ids = [
    ...runChildIds(name, siteNamesOfRun(provisioning)),
    siteInstanceId(name, 'azureStack'),
    teardownInstanceId(name),
    monitorInstanceId(name),
  ];
  const [all, ...found] = await Promise.all([store.list(), ...ids.map((id) => store.get(id))]);
  const byId = new Map(found.flatMap((instance) => (instance ? [[instance.instanceId, instance] as const] : [])));
  for (const rotation of rotationsIn(all, name)) byId.set(rotation.instanceId, rotation);
  const body = buildDomainStatus(name, connectionInstancesIn(byId, name, provisioning), store.now());
  return { status: 200, body: options.live ? { ...body, live: await options.live(provisioning, body) } : body };
}

export interface ListQuery {
  top?: string | null;
  continuationToken?: string | null;
  runtimeStatus?: string | null;
}

/**
 * `GET /api/connections`: the provisioning instances (`hc-<name>`, not their children or teardowns), ordered by
 * name, a page at a time. The continuation token is the last name of the page, so pages stay stable as
 * connections come and go.
 */
export async function listConnections(store: InstanceStore, query: ListQuery = {}): Promise<ApiResult> {
  const top = query.top ? Number(query.top) : DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(top) || top < 1 || top > MAX_PAGE_SIZE) {
    return validationFailed([{ path: 'top', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` }]);
  }
  const wanted = query.runtimeStatus ? new Set(query.runtimeStatus.split(',').map((s) => s.trim())) : undefined;
  const after = query.continuationToken ?? '';
  const all = await store.list();
  const connections = all
    .filter((instance) => isConnectionInstanceId(instance.instanceId))
    .filter((instance) => !wanted || wanted.has(instance.runtimeStatus))
    .map((instance) => ({ name: connectionNameOf(instance.instanceId) ?? '', instance }))
    .filter(({ name }) => name > after)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = connections.slice(0, top);
  const more = connections.length > top;
  const byId = new Map(all.map((instance) => [instance.instanceId, instance]));
  const items = page.map(({ name, instance }) => listItemOf(name, connectionInstancesIn(byId, name, instance)));
  const body: ConnectionListBody = {
    items,
    ...(more ? { continuationToken: page.at(-1)?.name } : {}),
    now: nowNotBefore(
      store.now(),
      items.map((item) => item.lastUpdatedTime),
    ),
  };
  return { status: 200, body };
}

/** `DELETE /api/connections/{name}`: tears down the tagged resources, using the plan the connection ran with. */
export async function deleteConnection(store: InstanceStore, name: string): Promise<ApiResult> {
  const invalid = invalidName(name);
  if (invalid) return invalid;
  const provisioning = await store.get(instanceIdFor(name));
  if (!provisioning) return notFound(name);
  if (isActive(provisioning)) return provisioningInProgress(name, provisioning);
  if (starting.has(provisioning.instanceId)) {
    return apiError(
      409,
      'ConnectionChanging',
      `a start or teardown of ${name} is being decided right now; retry shortly`,
      {
        ...links(name, provisioning.instanceId, provisioning.runtimeStatus),
      },
    );
  }
  starting.add(provisioning.instanceId);
  try {
    return await startTeardown(store, name);
  } finally {
    starting.delete(provisioning.instanceId);
  }
}

/** Starts `hc-<name>:teardown` with the plan the connection ran with, unless a teardown already runs. */
async function startTeardown(store: InstanceStore, name: string): Promise<ApiResult> {
  // Read again inside the guard: a start may have been decided between the caller's read and taking the guard.
  const provisioning = await store.get(instanceIdFor(name));
  if (!provisioning) return notFound(name);
  if (isActive(provisioning)) return provisioningInProgress(name, provisioning);
  const rotating = await rotationConflict(store, name);
  if (rotating) return rotating;
  const instanceId = teardownInstanceId(name);
  const teardown = await store.get(instanceId);
  if (teardown && isActive(teardown)) {
    // DELETE is idempotent: the teardown already running is the answer.
    return {
      status: 202,
      headers: { Location: statusUrlFor(name) },
      body: links(name, instanceId, teardown.runtimeStatus),
    };
  }
  // The plan this connection ran with, as its run stored it (any plan version this app reads): the rules it passed
  // then are not run again, so a rule added since never blocks tearing down what was built under the old ones.
  const stored = storedPlanOf(provisioning);
  if (!stored.ok) return stored.refusal;
  // With the sites a replacing run that did not complete was to remove: nothing of the connection is left behind.
  const pending = pendingRemovalsOf(provisioning);
  const plan = { ...stored.plan, azureStack: [...stored.plan.azureStack, ...pending] };
  const input: TeardownInput = versionedPlan(plan);
  // The health monitor goes first: it must not read (or reset) what the teardown is deleting.
  await stopMonitor(store, name);
  await store.start(ORCHESTRATION.teardownHybridConnection, instanceId, input);
  await stopKeySchedule(store, name);
  return { status: 202, headers: { Location: statusUrlFor(name) }, body: links(name, instanceId, 'Pending') };
}

/**
 * Raises StopMonitor on the connection's health monitor while it runs; it ends at once, whatever it was waiting
 * for. A monitor that ended meanwhile (the task hub answers 404 or 410) needs nothing more.
 */
async function stopMonitor(store: InstanceStore, name: string): Promise<void> {
  const instanceId = monitorInstanceId(name);
  const monitor = await store.get(instanceId);
  if (!monitor || !isActive(monitor)) return;
  try {
    await store.raiseEvent(instanceId, STOP_MONITOR_EVENT, { reason: 'teardown' });
  } catch (error) {
    if (error instanceof Error && /\b(404|410)\b/.test(error.message)) return;
    throw error;
  }
}

/**
 * The sites a replacing run was to remove, when that run did not complete: the next replacement removes them (or
 * builds them again, if its plan has them), and a teardown deletes them with the rest.
 */
export function pendingRemovalsOf(provisioning: InstanceSnapshot): ResolvedAzureStackSite[] {
  if (provisioning.runtimeStatus === 'Completed') return [];
  const read = readPlanChange(provisioning.input);
  return read.ok ? (read.change?.removed ?? []) : [];
}

/** The plan a connection's run was started with (any plan version this app reads). */
export function storedPlanOf(
  provisioning: InstanceSnapshot,
): { ok: true; plan: ResolvedPlan } | { ok: false; refusal: ApiResult } {
  const stored = readProvisionInput(provisioning.input);
  if (stored.ok) return { ok: true, plan: stored.plan };
  return {
    ok: false,
    refusal: apiError(500, 'StoredPlanInvalid', `the plan stored with ${provisioning.instanceId} cannot be read`, {
      errors: [{ path: stored.path, message: stored.message }],
    }),
  };
}

function provisioningInProgress(name: string, provisioning: InstanceSnapshot): ApiResult {
  return apiError(
    409,
    'ProvisioningInProgress',
    `connection ${name} is still provisioning; delete it when the run ends`,
    {
      ...links(name, provisioning.instanceId, provisioning.runtimeStatus),
    },
  );
}

function inProgress(name: string, instanceId: string, runtimeStatus: string): ApiResult {
  return {
    ...apiError(409, 'ConnectionInProgress', `connection ${name} is already being provisioned (${runtimeStatus})`, {
      ...links(name, instanceId, runtimeStatus),
    }),
    headers: { Location: statusUrlFor(name) },
  };
}

function links(name: string, instanceId: string, runtimeStatus: string) {
  return { name, instanceId, runtimeStatus, statusUrl: statusUrlFor(name) };
}

export function notFound(name: string): ApiResult {
  return apiError(404, 'ConnectionNotFound', `no connection named ${name}: POST a plan to /api/connections first`);
}

export function invalidName(name: string): ApiResult | undefined {
  if (name.length <= MAX_NAME_LENGTH && CONNECTION_NAME.test(name)) return undefined;
  const error: PlanError = {
    path: 'name',
    message: 'must be lowercase letters, digits and hyphens, starting with a letter',
  };
  return validationFailed([error]);
}
