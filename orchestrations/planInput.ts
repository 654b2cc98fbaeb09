// The plan as an orchestration receives it: validated once by the trigger (validatePlan + bindStamp) and handed over
// versioned. The orchestrator only reads the version and checks the shape, never the plan rules, so a rule added
// to lib/plan later cannot change how a run already in flight replays. Pure: functions/ builds and reads it too.
import type { ResolvedPlan } from '../lib/plan/types';
import { isRecord } from '../lib/json';

/** The version of the plan envelope this app writes. Bump it (and read the old one) when ResolvedPlan changes shape. */
export const PLAN_VERSION = 1;

/** `{planVersion: 1, plan}`: the input of provisionHybridConnection and the plan part of a teardown's input. */
export interface VersionedPlan {
  planVersion: typeof PLAN_VERSION;
  plan: ResolvedPlan;
}

export type PlanInputCode = 'UnsupportedPlanVersion' | 'InvalidPlanInput';

export type PlanRead =
  | { ok: true; plan: ResolvedPlan; planVersion: 0 | typeof PLAN_VERSION }
  | { ok: false; code: PlanInputCode; path: string; message: string };

export function versionedPlan(plan: ResolvedPlan): VersionedPlan {
  return { planVersion: PLAN_VERSION, plan };
}

/**
 * provisionHybridConnection's input: `{planVersion: 1, plan}`, or a bare plan as runs started before versions
 * stored it (version 0: the same shape, without the envelope).
 */
export function readProvisionInput(input: unknown): PlanRead {
  if (isRecord(input) && 'planVersion' in input) return readPlanEnvelope(input);
  return checked(input, 0, '');
}

/** `{planVersion?, plan}` (a teardown's input): without planVersion it is version 0, stored before versions. */
export function readPlanEnvelope(envelope: { planVersion?: unknown; plan?: unknown }): PlanRead {
  const version = envelope.planVersion;
  if (version === undefined) return checked(envelope.plan, 0, 'plan');
  if (version === PLAN_VERSION) return checked(envelope.plan, PLAN_VERSION, 'plan');
  return {
    ok: false,
    code: 'UnsupportedPlanVersion',
    path: 'planVersion',
    message: `planVersion ${JSON.stringify(version) ?? 'undefined'} is not one this app reads (0 or ${PLAN_VERSION}): start the run again from the API`,
  };
}

function checked(plan: unknown, planVersion: 0 | typeof PLAN_VERSION, path: string): PlanRead {
  const mismatch = firstMismatch(plan, PLAN_SHAPE, path);
  if (mismatch === undefined) return { ok: true, plan: plan as ResolvedPlan, planVersion };
  return {
    ok: false,
    code: 'InvalidPlanInput',
    path: mismatch.path,
    message: `${mismatch.path || '(input)'} must be ${mismatch.expected}: the orchestration takes the plan the API validated`,
  };
}

/** What each field must be: a type, or the shape of a nested object. Types only: the rules are the trigger's. */
type Expected = 'string' | 'string?' | 'boolean' | 'boolean?' | 'number' | 'number?' | 'strings' | 'object' | Shape;
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
const PLAN_SHAPE: Shape = {
  name: 'string',
  ticketId: 'string?',
  azure: SITE,
  azureStack: { ...SITE, stamp: 'string?', armEndpoint: 'string?' },
  connection: { sharedKeySecretName: 'string', ipsecPolicy: 'object' },
  // adopt and rotateKeyEveryDays came later in version 1: runs stored before them have none (false; no schedule).
  options: {
    verifyConnectivity: 'boolean',
    gatewayTimeoutMinutes: 'number',
    onFailure: 'string',
    adopt: 'boolean?',
    rotateKeyEveryDays: 'number?',
  },
};

function firstMismatch(value: unknown, shape: Shape, path: string): { path: string; expected: string } | undefined {
  if (!isRecord(value)) return { path, expected: 'an object' };
  for (const [field, expected] of Object.entries(shape)) {
    const at = path ? `${path}.${field}` : field;
    const child = value[field];
    if (typeof expected === 'object') {
      const inner = firstMismatch(child, expected, at);
      if (inner) return inner;
    } else if (!matches(child, expected)) {
      return { path: at, expected: DESCRIPTIONS[expected] };
    }
  }
  return undefined;
}

const DESCRIPTIONS: Readonly<Record<Exclude<Expected, Shape>, string>> = {
  string: 'a non-empty string',
  'string?': 'a string when present',
  boolean: 'true or false',
  'boolean?': 'true or false when present',
  number: 'a number',
  'number?': 'a number when present',
  strings: 'an array of strings',
  object: 'an object',
};

function matches(value: unknown, expected: Exclude<Expected, Shape>): boolean {
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
  }
}
