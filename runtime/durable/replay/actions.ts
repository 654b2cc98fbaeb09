// Parses the action list an orchestrator returns (OrchestratorState.actions, schema V3) into typed actions.
// It only validates shapes; it never decides ids or schedules anything (that is the replay shim's job).
import { isRecord } from '../../contracts';
import { MalformedActionError } from '../errors/malformedActionError';

/** JS/extension `ActionType` numbers. */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  ScheduledSignalEntity: 10,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** RetryOptions with the extension's defaults filled in. */
export interface RetryPolicy {
  firstRetryIntervalMs: number;
  maxNumberOfAttempts: number;
  backoffCoefficient: number;
  maxRetryIntervalMs: number;
  retryTimeoutMs: number;
}

export type Action =
  | { type: 'callActivity'; name: string; input: unknown; retry?: RetryPolicy }
  | { type: 'callSubOrchestrator'; name: string; input: unknown; instanceId?: string; retry?: RetryPolicy }
  | { type: 'continueAsNew'; input: unknown }
  | { type: 'createTimer'; fireAt: number; isCanceled: boolean }
  | { type: 'waitForExternalEvent'; name: string }
  | { type: 'whenAll'; children: Action[] }
  | { type: 'whenAny'; children: Action[] }
  | { type: 'unsupported'; actionType: number; feature: string };

/** Flattens the outer array (V2/V3 send exactly one inner list) and parses every action. */
export function parseActionList(actions: unknown): Action[] {
  if (actions === undefined || actions === null) return [];
  if (!Array.isArray(actions)) throw new MalformedActionError('OrchestratorState.actions is not an array');
  if (actions.length > 1) {
    // The extension rejects this for schema V2/V3 too: one inner list carries the cumulative actions.
    throw new MalformedActionError(`Expected exactly one list of actions for replay schema V3, got ${actions.length}`);
  }
  const inner: unknown = actions[0] ?? [];
  if (!Array.isArray(inner)) throw new MalformedActionError('OrchestratorState.actions[0] is not an array');
  return inner.map(parseAction);
}

export function parseAction(raw: unknown): Action {
  if (!isRecord(raw)) throw new MalformedActionError('An action is not an object');
  const actionType = raw.actionType;
  switch (actionType) {
    case ActionType.CallActivity:
      return { type: 'callActivity', name: stringField(raw, 'functionName'), input: raw.input };
    case ActionType.CallActivityWithRetry:
      return {
        type: 'callActivity',
        name: stringField(raw, 'functionName'),
        input: raw.input,
        retry: parseRetry(raw.retryOptions),
      };
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry: {
      const action: Action = { type: 'callSubOrchestrator', name: stringField(raw, 'functionName'), input: raw.input };
      if (typeof raw.instanceId === 'string' && raw.instanceId !== '') action.instanceId = raw.instanceId;
      if (actionType === ActionType.CallSubOrchestratorWithRetry) action.retry = parseRetry(raw.retryOptions);
      return action;
    }
    case ActionType.ContinueAsNew:
      return { type: 'continueAsNew', input: raw.input };
    case ActionType.CreateTimer: {
      const fireAt = Date.parse(stringField(raw, 'fireAt'));
      if (Number.isNaN(fireAt))
        throw new MalformedActionError(`CreateTimer has an invalid fireAt: ${String(raw.fireAt)}`);
      return { type: 'createTimer', fireAt, isCanceled: raw.isCanceled === true };
    }
    case ActionType.WaitForExternalEvent:
      return { type: 'waitForExternalEvent', name: stringField(raw, 'externalEventName') };
    case ActionType.WhenAll:
    case ActionType.WhenAny: {
      const children = raw.compoundActions;
      if (!Array.isArray(children)) throw new MalformedActionError('A compound action has no compoundActions list');
      return {
        type: actionType === ActionType.WhenAll ? 'whenAll' : 'whenAny',
        children: children.map(parseAction),
      };
    }
    case ActionType.CallEntity:
    case ActionType.SignalEntity:
    case ActionType.ScheduledSignalEntity:
    case ActionType.LockEntities:
    case ActionType.ReleaseEntities:
      return { type: 'unsupported', actionType, feature: 'Durable entities' };
    case ActionType.CallHttp:
      return { type: 'unsupported', actionType, feature: 'callHttp (durable HTTP)' };
    default:
      return { type: 'unsupported', actionType: typeof actionType === 'number' ? actionType : -1, feature: '' };
  }
}

function parseRetry(raw: unknown): RetryPolicy {
  if (!isRecord(raw)) throw new MalformedActionError('A retry action has no retryOptions');
  const first = numberField(raw, 'firstRetryIntervalInMilliseconds');
  const attempts = numberField(raw, 'maxNumberOfAttempts');
  return {
    firstRetryIntervalMs: first,
    maxNumberOfAttempts: attempts,
    backoffCoefficient: optionalNumber(raw, 'backoffCoefficient') ?? 1,
    // DTFx RetryOptions defaults: MaxRetryInterval = 6 days (TimeSpan.FromDays(6)), RetryTimeout = infinite.
    maxRetryIntervalMs: optionalNumber(raw, 'maxRetryIntervalInMilliseconds') ?? 6 * DAY_MS,
    retryTimeoutMs: optionalNumber(raw, 'retryTimeoutInMilliseconds') ?? Number.POSITIVE_INFINITY,
  };
}

function stringField(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string') throw new MalformedActionError(`Action field '${key}' must be a string`);
  return value;
}

function numberField(raw: Record<string, unknown>, key: string): number {
  const value = raw[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MalformedActionError(`retryOptions.${key} must be a number`);
  }
  return value;
}

function optionalNumber(raw: Record<string, unknown>, key: string): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MalformedActionError(`retryOptions.${key} must be a number`);
  }
  return value;
}
