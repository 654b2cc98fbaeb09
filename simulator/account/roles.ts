// Built-in role definitions the simulated ARM evaluates permissions from, and the default assignment every cloud
// starts with: Contributor for any principal at the subscription (what README's "Running it for real" asks for).
// Definitions as Azure publishes them (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).

export interface SimPermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleAssignment {
  /** The client id (appid) of the token's principal, or `*` for every principal. */
  principalId: string;
  /** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{rg}` (compared case-insensitively). */
  scope: string;
  roleName: string;
  permissions: SimPermission[];
}

export const ANY_PRINCIPAL = '*';

const permission = (actions: string[], notActions: string[] = []): SimPermission => ({
  actions,
  notActions,
  dataActions: [],
  notDataActions: [],
});

/** Contributor as Azure defines it today (updated 2024-11-21: the Purview, deployment stack and Subscription rows). */
const AZURE_CONTRIBUTOR = permission(
  ['*'],
  [
    'Microsoft.Authorization/*/Delete',
    'Microsoft.Authorization/*/Write',
    'Microsoft.Authorization/elevateAccess/Action',
    'Microsoft.Blueprint/blueprintAssignments/write',
    'Microsoft.Blueprint/blueprintAssignments/delete',
    'Microsoft.Compute/galleries/share/action',
    'Microsoft.Purview/consents/write',
    'Microsoft.Purview/consents/delete',
    'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
    'Microsoft.Subscription/cancel/action',
    'Microsoft.Subscription/enable/action',
  ],
);

/** Azure Stack Hub's Contributor: the Authorization rows only (a plausible guess: stamps lag Azure's role updates). */
const AZURE_STACK_CONTRIBUTOR = permission(
  ['*'],
  [
    'Microsoft.Authorization/*/Delete',
    'Microsoft.Authorization/*/Write',
    'Microsoft.Authorization/elevateAccess/Action',
  ],
);

export const BUILT_IN_ROLES = {
  Owner: { azure: [permission(['*'])], azureStack: [permission(['*'])] },
  Contributor: { azure: [AZURE_CONTRIBUTOR], azureStack: [AZURE_STACK_CONTRIBUTOR] },
  Reader: { azure: [permission(['*/read'])], azureStack: [permission(['*/read'])] },
} as const;

export type BuiltInRoleName = keyof typeof BUILT_IN_ROLES;

export function builtInRole(name: BuiltInRoleName, cloud: 'azure' | 'azureStack'): SimPermission[] {
  return BUILT_IN_ROLES[name][cloud].map((p) => ({
    actions: [...p.actions],
    notActions: [...p.notActions],
    dataActions: [...p.dataActions],
    notDataActions: [...p.notDataActions],
  }));
}

export function defaultRoleAssignments(cloud: 'azure' | 'azureStack', subscriptionId: string): RoleAssignment[] {
  return [
    {
      principalId: ANY_PRINCIPAL,
      scope: `/subscriptions/${subscriptionId}`,
      roleName: 'Contributor',
      permissions: builtInRole('Contributor', cloud),
    },
  ];
}

/** True when `scope` is `assigned` or lies below it (ARM inherits assignments downwards). */
export function scopeCovers(assigned: string, scope: string): boolean {
  const a = normalScope(assigned);
  const s = normalScope(scope);
  return s === a || s.startsWith(`${a}/`);
}

function normalScope(scope: string): string {
  return scope.toLowerCase().replace(/\/+$/, '');
}
