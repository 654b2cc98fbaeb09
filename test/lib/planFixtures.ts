// Plans for tests: a minimal valid plan (required fields only) and helpers to derive variants from it.
import { bindStamp, validatePlan, type PlanError, type PlanInput, type ResolvedPlan } from '../../lib/plan';
import { configuredStamps, type StampSettings } from '../../lib/settings';
import { versionedPlan, type VersionedPlan } from '../../orchestrations/planInput';

/** HC_AZURESTACK_STAMPS as an operator would set it for minimalPlan()'s stamp (its armEndpoint; id `local`). */
export const TEST_STAMPS_SETTING = JSON.stringify([
  {
    id: 'local',
    armEndpoint: 'https://management.local.azurestack.external',
    authority: 'https://adfs.local.azurestack.external/adfs',
    audience: 'https://management.adfs.azurestack.local/5c3f0b56-4ba5-4d36-bd07-b1d1d0d1c1b0',
  },
]);

/** The stamps the triggers bind minimalPlan() to. */
export const TEST_STAMPS: readonly StampSettings[] = configuredStamps({ HC_AZURESTACK_STAMPS: TEST_STAMPS_SETTING });

/** A placeholder ssh-ed25519 public key with a well-formed blob (the same one examples/plan.json uses). */
export const ED25519_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEpgcRXNlArot8h4qq/tNSe0v5ajexFb1dV0t421GPvc test@example';

export function minimalPlan(): PlanInput {
  return {
    name: 'contoso',
    azure: {
      subscriptionId: '8f2b7c1e-4a6d-4c3b-9e1f-2a5d7b9c0e14',
      location: 'westeurope',
      addressSpace: ['10.100.0.0/16'],
      workloadSubnet: '10.100.1.0/24',
      gatewaySubnet: '10.100.255.0/27',
      vm: { adminUsername: 'azureuser', sshPublicKey: ED25519_KEY },
    },
    azureStack: {
      armEndpoint: 'https://management.local.azurestack.external',
      subscriptionId: '3c9d1e7a-5b2f-4e8c-a1d6-7f0b2c4e6a93',
      location: 'local',
      addressSpace: ['10.200.0.0/16'],
      workloadSubnet: '10.200.1.0/24',
      gatewaySubnet: '10.200.255.0/27',
      vm: { adminUsername: 'azureuser', sshPublicKey: ED25519_KEY },
    },
  };
}

/** Marks a field for removal in `planWith`. */
/** minimalPlan() with `changes` as the triggers pass it on: validated, bound to TEST_STAMPS, resolved. */
export function boundPlan(changes: Record<string, unknown> = {}): ResolvedPlan {
  const validation = validatePlan(planWith(changes));
  const bound = validation.ok ? bindStamp(validation.plan, TEST_STAMPS) : undefined;
  if (!bound?.ok) throw new Error(`fixture plan invalid: ${JSON.stringify(changes)}`);
  return bound.plan;
}

/** What a run started by the triggers stores as its input: the bound plan, versioned. */
export function startedRunInput(changes: Record<string, unknown> = {}): VersionedPlan {
  return versionedPlan(boundPlan(changes));
}

/**
 * A single-site plan as versions 0 and 1 stored it (before fleets): `azureStack` one object, without a name. Runs,
 * teardowns and schedules started before version 2 hold plans of this shape.
 */
export function oneSitePlan(plan: ResolvedPlan): Record<string, unknown> {
  const [site] = plan.azureStack;
  if (site === undefined || plan.azureStack.length !== 1) throw new Error('not a single-site plan');
  const { name: _name, ...stack } = site;
  return { ...plan, azureStack: stack };
}

export const REMOVE = Symbol('remove');

/**
 * A copy of the minimal plan with fields set (or removed with REMOVE) by dotted path, e.g.
 * `planWith({ 'azure.gatewaySku': 'Standard', 'azureStack.vm.size': REMOVE })`. Returns loose JSON on purpose:
 * tests feed validatePlan values its types would not allow.
 */
export function planWith(changes: Record<string, unknown>, base: unknown = minimalPlan()): Record<string, unknown> {
  const plan = structuredClone(base) as Record<string, unknown>;
  for (const [path, value] of Object.entries(changes)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let node: Record<string, unknown> = plan;
    for (const key of keys) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    if (value === REMOVE) delete node[last];
    else node[last] = value;
  }
  return plan;
}

/** An SSH public key line for `type` with the given blob strings (uint32 length + bytes each). */
export function sshKeyLine(type: string, ...parts: Buffer[]): string {
  const strings = [Buffer.from(type), ...parts].map((part) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(part.length);
    return Buffer.concat([length, part]);
  });
  return `${type} ${Buffer.concat(strings).toString('base64')} test@example`;
}

/** An ssh-rsa key line whose modulus has exactly `bits` bits (not a real key: validation reads only its shape). */
export function rsaKeyLine(bits: number): string {
  const modulus = Buffer.alloc(Math.ceil(bits / 8) + 1, 0xab);
  modulus[0] = 0; // mpint sign byte
  modulus[1] = 0xff >> (8 - (bits % 8 || 8)); // top byte holds the remaining bits, its highest one set
  return sshKeyLine('ssh-rsa', Buffer.from([1, 0, 1]), modulus);
}

/** The errors validatePlan reports for `input` (empty when the plan is valid). */
export function errorsOf(input: unknown): PlanError[] {
  const result = validatePlan(input);
  return result.ok ? [] : result.errors;
}

/** The warnings validatePlan reports for `input`. */
export function warningsOf(input: unknown): PlanError[] {
  return validatePlan(input).warnings;
}

/** The messages reported for exactly `path`. */
export function messagesAt(input: unknown, path: string): string[] {
  return errorsOf(input)
    .filter((e) => e.path === path)
    .map((e) => e.message);
}
