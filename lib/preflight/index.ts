// Pre-flight and preview, the pure part: check results, permission evaluation, the actions a run needs, quota
// arithmetic, address-space overlap and the per-resource diff. Import from here, not from the files behind it.
export {
  CHECK_NAMES,
  CHECK_STATUSES,
  failed,
  ok,
  warning,
  worstStatus,
  type CheckName,
  type CheckResult,
  type CheckStatus,
} from './checks';
export { actionMatches, isActionAllowed, missingActions, type PermissionEntry } from './permissions';
export {
  PROVISION_ACTIONS,
  TEARDOWN_ACTIONS,
  VERIFY_ACTIONS,
  provisionActions,
  type PlannedAction,
} from './planActions';
export {
  computeNeeds,
  describeShortfall,
  evaluateQuota,
  networkNeeds,
  type QuotaEvaluation,
  type QuotaNeed,
  type QuotaShortfall,
  type SiteCreations,
  type UsageRow,
} from './quota';
export { overlappingVnets, type ExistingVnet, type VnetOverlap } from './overlap';
export {
  diffSite,
  settlePeerAddress,
  type DiffAction,
  type FieldChange,
  type LiveSite,
  type PlannedSite,
  type ResourceDiff,
  type VirtualMachineView,
} from './diff';
export { estimatedMinutes, type EstimateOptions } from './estimate';
