// Builds the orchestrationTrigger input (DurableOrchestrationBindingInfo, docs/durable-protocol.md §2.1) exactly as
// the extension serialises it. Pure: it never reads the clock or the store.
import {
  DEFAULT_HTTP_ASYNC_SLEEP_MS,
  LONG_TIMER_INTERVAL_TIMESPAN,
  MAXIMUM_SHORT_TIMER_TIMESPAN,
  UPPER_SCHEMA_VERSION,
  UPPER_SCHEMA_VERSION_NEW,
} from '../extensionSettings';
import type { HistoryEvent } from '../history/historyEvent';

export interface OrchestrationBindingInfo {
  history: HistoryEvent[];
  input: unknown;
  instanceId: string;
  isReplaying: boolean;
  parentInstanceId: string | null;
  upperSchemaVersion: number;
  upperSchemaVersionNew: number;
  longRunningTimerIntervalDuration: string;
  maximumShortTimerDuration: string;
  defaultHttpAsyncRequestSleepTimeMillseconds: number;
}

export function orchestrationBindingInfo(init: {
  history: HistoryEvent[];
  input: unknown;
  instanceId: string;
  /** True unless this is the execution's first episode (DTFx IsReplaying while processing ExecutionStarted). */
  isReplaying: boolean;
  parentInstanceId: string | null;
}): OrchestrationBindingInfo {
  return {
    history: init.history,
    input: init.input,
    instanceId: init.instanceId,
    isReplaying: init.isReplaying,
    parentInstanceId: init.parentInstanceId,
    upperSchemaVersion: UPPER_SCHEMA_VERSION,
    upperSchemaVersionNew: UPPER_SCHEMA_VERSION_NEW,
    longRunningTimerIntervalDuration: LONG_TIMER_INTERVAL_TIMESPAN,
    maximumShortTimerDuration: MAXIMUM_SHORT_TIMER_TIMESPAN,
    // (sic) the extension's property name is misspelled; durable-functions reads it that way.
    defaultHttpAsyncRequestSleepTimeMillseconds: DEFAULT_HTTP_ASYNC_SLEEP_MS,
  };
}
