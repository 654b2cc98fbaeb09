// ARM's evaluation of a principal's permissions, for pre-flight: an action is allowed when some permission entry
// lists it in `actions` and that same entry does not list it in `notActions`
// (https://learn.microsoft.com/azure/role-based-access-control/role-definitions#notactions). Wildcards: `*` matches
// any run of characters, `/` included (`Microsoft.Network/*`, `*/read`); comparisons ignore case. Pure.

/** One entry of `GET …/providers/Microsoft.Authorization/permissions` (2015-07-01 has no data actions). */
export interface PermissionEntry {
  actions?: readonly string[];
  notActions?: readonly string[];
}

/** True when `pattern` (possibly with `*`) matches `action`, case-insensitively, as a whole. */
export function actionMatches(pattern: string, action: string): boolean {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i').test(action);
}

export function isActionAllowed(permissions: readonly PermissionEntry[], action: string): boolean {
  return permissions.some(
    (p) =>
      (p.actions ?? []).some((pattern) => actionMatches(pattern, action)) &&
      !(p.notActions ?? []).some((pattern) => actionMatches(pattern, action)),
  );
}

/** The actions of `wanted` the permissions do not allow, in the order given. */
export function missingActions(permissions: readonly PermissionEntry[], wanted: readonly string[]): string[] {
  return wanted.filter((action) => !isActionAllowed(permissions, action));
}
