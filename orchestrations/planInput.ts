// The plan as an orchestration receives it: validated once by the trigger (validatePlan + bindStamp) and handed over
// versioned. The orchestrator only reads the version and checks the shape, never the plan rules, so a rule added
// to lib/plan later cannot change how a run already in flight replays. Pure: functions/ builds and reads it too.
import { DEFAULT_SITE_NAME, type PlanChange, type ResolvedAzureStackSite, type ResolvedPlan } from '../lib/plan/types';
import { isRecord } from '../lib/json';

/**
 * The version of the plan envelope this app writes. Bump it (and read the old one) when ResolvedPlan changes shape.
 * 2: `azureStack` is an array of named sites (a fleet). 1 and 0 (no envelope) held one site object: they are read
 * as the array of that one site, named DEFAULT_SITE_NAME, whose names are the ones those runs used.
 */
export const PLAN_VERSION = 2;

/** The plan versions this app reads. */
export type ReadablePlanVersion = 0 | 1 | typeof PLAN_VERSION;

/** `{planVersion: 2, plan}`: the input of provisionHybridConnection and the plan part of a teardown's input. */
export interface VersionedPlan {
  planVersion: typeof PLAN_VERSION;
  plan: ResolvedPlan;
}

/**
 * A replacing run's input (`PUT /api/connections/{name}`): the new plan, and the change from the plan before it that
 * the trigger worked out (sites added, removed, unchanged). A run without `change` builds its whole plan.
 */
export interface ProvisionInput extends VersionedPlan {
  change?: PlanChange;
}

export type PlanInputCode = 'UnsupportedPlanVersion' | 'InvalidPlanInput';

export type PlanRead =
  | { ok: true; plan: ResolvedPlan; planVersion: ReadablePlanVersion }
  | { ok: false; code: PlanInputCode; path: string; message: string };

export function versionedPlan(plan: ResolvedPlan): VersionedPlan {
  return { planVersion: PLAN_VERSION, plan };
}

/**
 * provisionHybridConnection's input: `{planVersion, plan}`, or a bare plan as runs started before versions stored it
 * (version 0: version 1's shape, without the envelope).
 */
export function readProvisionInput(input: unknown): PlanRead {
  if (isRecord(input) && 'planVersion' in input) return readPlanEnvelope(input);
  return checked(input, 0, '');
}

/** The `change` of a provisioning input (undefined for a run that is no replacement), its shape checked. */
export function readPlanChange(
  input: unknown,
): { ok: true; change: PlanChange | undefined } | { ok: false; code: PlanInputCode; path: string; message: string } {
  if (!isRecord(input) || input.change === undefined) return { ok: true, change: undefined };
  const mismatch = firstMismatch(input.change, CHANGE_SHAPE, 'change');
  if (mismatch === undefined) return { ok: true, change: input.change as PlanChange };
  return {
    ok: false,
    code: 'InvalidPlanInput',
    path: mismatch.path,
    message: `${mismatch.path} must be ${mismatch.expected}: the orchestration takes the change the API worked out`,
  };
}

/** provisionHybridConnection's whole input: its plan (readProvisionInput) and a replacement's change (readPlanChange). */
export function readRunInput(
  input: unknown,
):
  | { ok: true; plan: ResolvedPlan; change: PlanChange | undefined }
  | { ok: false; code: PlanInputCode; path: string; message: string } {
  const read = readProvisionInput(input);
  if (!read.ok) return read;
  const changed = readPlanChange(input);
  return changed.ok ? { ok: true, plan: read.plan, change: changed.change } : changed;
}

/** `{planVersion?, plan}` (a teardown's input): without planVersion it is version 0, stored before versions. */
export function readPlanEnvelope(envelope: { planVersion?: unknown; plan?: unknown }): PlanRead {
  const version = envelope.planVersion;
  if (version === undefined) return checked(envelope.plan, 0, 'plan');
  if (version === 1 || version === PLAN_VERSION) return checked(envelope.plan, version, 'plan');
  return {
    ok: false,
    code: 'UnsupportedPlanVersion',
    path: 'planVersion',
    message: `planVersion ${JSON.stringify(version) ?? 'undefined'} is not one this app reads (0 to ${PLAN_VERSION}): start the run again from the API`,
  };
}

function checked(plan: unknown, planVersion: ReadablePlanVersion, path: string): PlanRead {
  const shape = planVersion === PLAN_VERSION ? PLAN_SHAPE : ONE_SITE_PLAN_SHAPE;
  const mismatch = firstMismatch(plan, shape, path);
  if (mismatch === undefined) {
    const read = plan as ResolvedPlan;
    return { ok: true, plan: planVersion === PLAN_VERSION ? read : asFleet(read), planVersion };
  }
  return {
    ok: false,
    code: 'InvalidPlanInput',
    path: mismatch.path,
    message: `${mismatch.path || '(input)'} must be ${mismatch.expected}: the orchestration takes the plan the API validated`,
  };
}

/** A plan of version 0 or 1 (one site object) in today's shape: its site is the one named DEFAULT_SITE_NAME. */
function asFleet(plan: ResolvedPlan): ResolvedPlan {
  const site = plan.azureStack as unknown as Omit<ResolvedAzureStackSite, 'name'>;
  return { ...plan, azureStack: [{ name: DEFAULT_SITE_NAME, ...site }] };
}

/**
 * What each field must be: a type, the shape of a nested object, or `sites` (a non-empty array of STACK_SITE shapes).
 * Types only: the rules are the trigger's.
 */
type Expected =
  | 'sites'
  | 'sites?'
  | 'string'
  | 'string?'
  | 'boolean'
  | 'boolean?'
  | 'number'
  | 'number?'
  | 'strings'
  | 'object'
  | 'object?'
  | 'boolean|object?'
  | Shape;
interface Shape {
  readonly [field: string]: Expected;
}

const VM: Shape = {
  size: 'string',
  adminUsername: 'string',
  sshPublicKey: 'string',
  image: { publisher: 'string', offer: 'string', sku: 'string', version: 'string' },
};
const SITE: Shape = {
  subscriptionId: 'string',
  location: 'string',
  resourceGroup: 'string',
  addressSpace: 'strings',
  workloadSubnet: 'string',
  gatewaySubnet: 'string',
  gatewaySku: 'string',
  vm: VM,
};
const ONE_STACK_SITE: Shape = { ...SITE, stamp: 'string?', armEndpoint: 'string?' };
const STACK_SITE: Shape = { ...ONE_STACK_SITE, name: 'string' };
const PLAN_SHAPE: Shape = {
  name: 'string',
  ticketId: 'string?',
  azure: SITE,
  azureStack: 'sites',
  connection: { sharedKeySecretName: 'string', ipsecPolicy: 'object' },
  // adopt, rotateKeyEveryDays, monitor and repair came later in version 1: runs stored before them have none (read
  // as their defaults; no key schedule).
  options: {
    verifyConnectivity: 'boolean',
    gatewayTimeoutMinutes: 'number',
    onFailure: 'string',
    adopt: 'boolean?',
    rotateKeyEveryDays: 'number?',
    monitor: 'object?',
    repair: 'boolean|object?',
    // transit came in version 2's fleets: runs stored before it have none (read as false).
    transit: 'boolean?',
  },
};

/** A replacing run's change: the names added and unchanged, and the sites removed (possibly none). */
const CHANGE_SHAPE: Shape = { added: 'strings', removed: 'sites?', unchanged: 'strings', revision: 'number' };

/** Versions 0 and 1: `azureStack` is one site object, without a name. */
const ONE_SITE_PLAN_SHAPE: Shape = { ...PLAN_SHAPE, azureStack: ONE_STACK_SITE };

function firstMismatch(value: unknown, shape: Shape, path: string): { path: string; expected: string } | undefined {
  if (!isRecord(value)) return { path, expected: 'an object' };
  for (const [field, expected] of Object.entries(shape)) {
    const at = path ? `${path}.${field}` : field;
    const child = value[field];
    if (typeof expected === 'object') {
      const inner = firstMismatch(child, expected, at);
      if (inner) return inner;
    } else if (expected === 'sites' || expected === 'sites?') {
      const empty = expected === 'sites' && Array.isArray(child) && child.length === 0;
      if (!Array.isArray(child) || empty) {
        return { path: at, expected: expected === 'sites' ? 'a non-empty array of sites' : 'an array of sites' };
      }
      for (const [index, site] of child.entries()) {
        const inner = firstMismatch(site, STACK_SITE, `${at}[${index}]`);
        if (inner) return inner;
      }
    } else if (!matches(child, expected)) {
      return { path: at, expected: DESCRIPTIONS[expected] };
    }
  }
  return undefined;
}

const DESCRIPTIONS: Readonly<Record<Exclude<Expected, Shape | 'sites' | 'sites?'>, string>> = {
  string: 'a non-empty string',
  'string?': 'a string when present',
  boolean: 'true or false',
  'boolean?': 'true or false when present',
  number: 'a number',
  'number?': 'a number when present',
  strings: 'an array of strings',
  object: 'an object',
  'object?': 'an object when present',
  'boolean|object?': 'true, false or an object when present',
};

function matches(value: unknown, expected: Exclude<Expected, Shape | 'sites' | 'sites?'>): boolean {
  switch (expected) {
    case 'string':
      return typeof value === 'string' && value !== '';
    case 'string?':
      return value === undefined || typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'boolean?':
      return value === undefined || typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'number?':
      return value === undefined || (typeof value === 'number' && Number.isFinite(value));
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'object':
      return isRecord(value);
    case 'object?':
      return value === undefined || isRecord(value);
    case 'boolean|object?':
      return value === undefined || typeof value === 'boolean' || isRecord(value);
  }
}
