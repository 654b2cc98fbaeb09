// `GET …/providers/Microsoft.Authorization/permissions` of a subscription or a resource group: the caller's
// permissions there, one entry per role assignment of its principal at that scope or above (ARM inherits them
// downwards). 2015-07-01 (Stack Hub's profile) has only actions/notActions; later versions add the data actions.
import type { ArmCall, ArmResult } from '../arm/armCall';
import { routeIs, type ProviderRoute, type ReadApi } from '../arm/readApi';
import { requireResourceGroup, resourceGroupId } from '../arm/resourceGroups';
import { ANY_PRINCIPAL, scopeCovers, type SimPermission } from './roles';

export const permissionsApi: ReadApi = {
  type: 'Microsoft.Authorization/permissions',
  matches: (route) => routeIs(route, 'Microsoft.Authorization', ['permissions'], route.resourceGroup !== undefined),
  get: (call, route) => listPermissions(call, route),
};

function listPermissions(call: ArmCall, route: ProviderRoute): ArmResult {
  const { ctx } = call;
  // The group must exist: ARM answers ResourceGroupNotFound for the permissions of a missing one.
  const scope =
    route.resourceGroup === undefined
      ? `/subscriptions/${ctx.subscriptionId}`
      : resourceGroupId(ctx.subscriptionId, requireResourceGroup(call, route.resourceGroup).name);
  const principal = (call.principalId ?? '').toLowerCase();
  const value = ctx.account.roleAssignments
    .filter(
      (a) =>
        (a.principalId === ANY_PRINCIPAL || a.principalId.toLowerCase() === principal) && scopeCovers(a.scope, scope),
    )
    .flatMap((a) => a.permissions.map((p) => wire(p, call.apiVersion)));
  return { status: 200, body: { value } };
}

function wire(permission: SimPermission, apiVersion: string): Record<string, string[]> {
  const base = { actions: [...permission.actions], notActions: [...permission.notActions] };
  if (apiVersion < '2018-01-01') return base;
  return { ...base, dataActions: [...permission.dataActions], notDataActions: [...permission.notDataActions] };
}
