// The Durable extension settings this runtime advertises to durable-functions (Azure Storage provider values).
// Constants only; changing them changes the wire protocol the JS library speaks.

const DAY_MS = 24 * 60 * 60 * 1000;

/** C# SchemaVersion.V2 / V3: JS then works in replay schema V3 (compound actions, long timers, no entity locks). */
export const UPPER_SCHEMA_VERSION = 1;
export const UPPER_SCHEMA_VERSION_NEW = 2;

/** Azure Storage MaximumDelayTime: longer timers are split into sub-timers. */
export const MAXIMUM_SHORT_TIMER_MS = 6 * DAY_MS;
export const MAXIMUM_SHORT_TIMER_TIMESPAN = '6.00:00:00';
/** Azure Storage LongRunningTimerIntervalLength: the step between sub-timers of a long timer. */
export const LONG_TIMER_INTERVAL_MS = 3 * DAY_MS;
export const LONG_TIMER_INTERVAL_TIMESPAN = '3.00:00:00';
/** HttpSettings.DefaultAsyncRequestSleepTimeMilliseconds. */
export const DEFAULT_HTTP_ASYNC_SLEEP_MS = 30000;
