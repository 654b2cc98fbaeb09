// What a simulated cloud knows about its subscription beyond resources: its state, the role assignments the
// permissions API evaluates, quota limits, the VM sizes offered and the marketplace images. Defaults per cloud, and
// the validated patch tests apply through the inspection API (in process or PATCH /_sim/account).
import type { CloudName } from '../arm/resourceType';
import { defaultImages, type MarketplaceImage } from './images';
import { defaultQuotaLimits, type QuotaLimits } from './quotas';
import { ANY_PRINCIPAL, BUILT_IN_ROLES, builtInRole, defaultRoleAssignments, type RoleAssignment } from './roles';
import { findVmSize, vmSizeCatalog } from './vmSizes';

/** ARM's subscription states (https://learn.microsoft.com/azure/cost-management-billing/manage/subscription-states). */
export const SUBSCRIPTION_STATES = ['Enabled', 'Warned', 'PastDue', 'Disabled', 'Deleted'] as const;
export type SubscriptionState = (typeof SUBSCRIPTION_STATES)[number];

export interface AccountState {
  subscriptionState: SubscriptionState;
  roleAssignments: RoleAssignment[];
  quotaLimits: QuotaLimits;
  /** Names of the catalog sizes offered (in the Resource SKUs list and accepted by quota accounting). */
  vmSizes: string[];
  /** Sizes listed but restricted for this subscription (reasonCode NotAvailableForSubscription). */
  restrictedVmSizes: string[];
  images: MarketplaceImage[];
}

export class AccountSettingsError extends Error {
  override readonly name = 'AccountSettingsError';
}

export function defaultAccountState(cloud: CloudName, subscriptionId: string): AccountState {
  return {
    subscriptionState: 'Enabled',
    roleAssignments: defaultRoleAssignments(cloud, subscriptionId),
    quotaLimits: defaultQuotaLimits(cloud),
    vmSizes: vmSizeCatalog(cloud).map((s) => s.name),
    restrictedVmSizes: [],
    images: defaultImages(cloud),
  };
}

/**
 * Applies a patch: `quotaLimits` rows merge over the current ones; every other field given replaces the current
 * value. A role assignment may name a built-in `roleName` (Owner, Contributor, Reader) instead of `permissions`.
 * Throws AccountSettingsError naming the first bad field; the state is untouched then.
 */
export function applyAccountPatch(cloud: CloudName, current: AccountState, patch: unknown): AccountState {
  if (!isObject(patch)) throw new AccountSettingsError('the account patch must be a JSON object');
  const next: AccountState = structuredClone(current);
  for (const key of Object.keys(patch)) {
    if (!FIELDS.includes(key)) throw new AccountSettingsError(`unknown field ${key}; known: ${FIELDS.join(', ')}`);
  }
  if (patch.subscriptionState !== undefined) {
    const state = patch.subscriptionState;
    if (typeof state !== 'string' || !(SUBSCRIPTION_STATES as readonly string[]).includes(state)) {
      throw new AccountSettingsError(`subscriptionState must be one of ${SUBSCRIPTION_STATES.join(', ')}`);
    }
    next.subscriptionState = state as SubscriptionState;
  }
  if (patch.roleAssignments !== undefined) next.roleAssignments = parseAssignments(cloud, patch.roleAssignments);
  if (patch.quotaLimits !== undefined) next.quotaLimits = mergeLimits(next.quotaLimits, patch.quotaLimits);
  if (patch.vmSizes !== undefined) next.vmSizes = parseSizes(cloud, patch.vmSizes, 'vmSizes');
  if (patch.restrictedVmSizes !== undefined)
    next.restrictedVmSizes = parseSizes(cloud, patch.restrictedVmSizes, 'restrictedVmSizes');
  if (patch.images !== undefined) next.images = parseImages(patch.images);
  return next;
}

const FIELDS = ['subscriptionState', 'roleAssignments', 'quotaLimits', 'vmSizes', 'restrictedVmSizes', 'images'];

function parseAssignments(cloud: CloudName, value: unknown): RoleAssignment[] {
  if (!Array.isArray(value)) throw new AccountSettingsError('roleAssignments must be an array');
  return value.map((item: unknown, index) => {
    const at = `roleAssignments[${index}]`;
    if (!isObject(item)) throw new AccountSettingsError(`${at} must be an object`);
    const scope = item.scope;
    if (typeof scope !== 'string' || !/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/?$/i.test(scope)) {
      throw new AccountSettingsError(
        `${at}.scope must be /subscriptions/{id} or /subscriptions/{id}/resourceGroups/{rg}`,
      );
    }
    const principalId = item.principalId ?? ANY_PRINCIPAL;
    if (typeof principalId !== 'string' || principalId === '')
      throw new AccountSettingsError(`${at}.principalId must be a client id or *`);
    const roleName = typeof item.roleName === 'string' ? item.roleName : 'Custom';
    if (item.permissions === undefined) {
      if (!(roleName in BUILT_IN_ROLES))
        throw new AccountSettingsError(
          `${at} needs permissions, or a built-in roleName (${Object.keys(BUILT_IN_ROLES).join(', ')})`,
        );
      return { principalId, scope, roleName, permissions: builtInRole(roleName as keyof typeof BUILT_IN_ROLES, cloud) };
    }
    if (!Array.isArray(item.permissions)) throw new AccountSettingsError(`${at}.permissions must be an array`);
    const permissions = item.permissions.map((p: unknown, i) => {
      if (!isObject(p)) throw new AccountSettingsError(`${at}.permissions[${i}] must be an object`);
      return {
        actions: strings(p.actions, `${at}.permissions[${i}].actions`),
        notActions: strings(p.notActions, `${at}.permissions[${i}].notActions`),
        dataActions: strings(p.dataActions, `${at}.permissions[${i}].dataActions`),
        notDataActions: strings(p.notDataActions, `${at}.permissions[${i}].notDataActions`),
      };
    });
    return { principalId, scope, roleName, permissions };
  });
}

function mergeLimits(current: QuotaLimits, value: unknown): QuotaLimits {
  if (!isObject(value)) throw new AccountSettingsError('quotaLimits must be {"network": {...}, "compute": {...}}');
  const merged: QuotaLimits = { network: { ...current.network }, compute: { ...current.compute } };
  for (const [kind, rows] of Object.entries(value)) {
    if (kind !== 'network' && kind !== 'compute') throw new AccountSettingsError(`quotaLimits.${kind} is unknown`);
    if (!isObject(rows)) throw new AccountSettingsError(`quotaLimits.${kind} must be an object`);
    for (const [name, limit] of Object.entries(rows)) {
      if (!Number.isInteger(limit) || (limit as number) < 0)
        throw new AccountSettingsError(`quotaLimits.${kind}.${name} must be an integer >= 0`);
      merged[kind][name] = limit as number;
    }
  }
  return merged;
}

function parseSizes(cloud: CloudName, value: unknown, field: string): string[] {
  return strings(value, field).map((name) => {
    const known = findVmSize(cloud, name);
    if (!known) throw new AccountSettingsError(`${field}: ${name} is not a size the ${cloud} catalog knows`);
    return known.name;
  });
}

function parseImages(value: unknown): MarketplaceImage[] {
  if (!Array.isArray(value)) throw new AccountSettingsError('images must be an array');
  return value.map((item: unknown, index) => {
    const at = `images[${index}]`;
    if (!isObject(item)) throw new AccountSettingsError(`${at} must be an object`);
    const text = (field: string): string => {
      const v = item[field];
      if (typeof v !== 'string' || v === '') throw new AccountSettingsError(`${at}.${field} must be a string`);
      return v;
    };
    const versions = strings(item.versions, `${at}.versions`);
    if (versions.length === 0) throw new AccountSettingsError(`${at}.versions needs at least one version`);
    return { publisher: text('publisher'), offer: text('offer'), sku: text('sku'), versions };
  });
}

function strings(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
    throw new AccountSettingsError(`${field} must be an array of strings`);
  return [...value];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
