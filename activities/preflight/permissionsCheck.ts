// The `permissions` check: the identity's permissions where the run writes (the resource group, or the
// subscription while the group does not exist yet), evaluated as ARM does. A missing write fails, naming the
// action; a missing delete only warns (teardown and rollback need it, the run does not).
import { armCall, type ErrorSite, type ReadClients } from '../../lib/clouds';
import {
  failed,
  missingActions,
  ok,
  provisionActions,
  TEARDOWN_ACTIONS,
  warning,
  type CheckResult,
  type PlannedAction,
} from '../../lib/preflight';
import { describe } from './access';

export async function checkPermissions(
  site: ErrorSite,
  read: ReadClients,
  resourceGroup: string,
  groupExists: boolean,
  verifyConnectivity: boolean,
): Promise<CheckResult> {
  const { cloud } = site;
  const scope = groupExists ? `resource group ${resourceGroup}` : `subscription ${read.subscriptionId}`;
  const listed = await armCall(site, () => read.permissions(groupExists ? resourceGroup : undefined));
  if (!listed.ok) {
    return warning(
      cloud,
      'permissions',
      `the permissions at ${scope} could not be read: ${describe(listed.error)}`,
      'not verifiable: the run will fail with AuthorizationFailed if a role is missing',
    );
  }
  const lacking = (wanted: readonly PlannedAction[]): PlannedAction[] => {
    const missing = new Set(
      missingActions(
        listed.value,
        wanted.map((a) => a.action),
      ),
    );
    return wanted.filter((a) => missing.has(a.action));
  };
  const text = (actions: PlannedAction[]): string => actions.map((a) => `${a.action} (${a.for})`).join(', ');
  const writes = lacking(provisionActions(cloud, verifyConnectivity));
  if (writes.length > 0) {
    return failed(
      cloud,
      'permissions',
      `the identity lacks at ${scope}: ${text(writes)}`,
      `grant Contributor (or a role with these actions) on ${scope}`,
    );
  }
  const deletes = lacking(TEARDOWN_ACTIONS);
  if (deletes.length > 0) {
    return warning(
      cloud,
      'permissions',
      `the run can write everything, but teardown and rollback lack at ${scope}: ${text(deletes)}`,
      `grant these before DELETE /api/connections/{name} or onFailure: rollback is needed`,
    );
  }
  return ok(cloud, 'permissions', `the identity may write and delete everything the run needs at ${scope}`);
}
