// The Azure Storage provider's published per-instance throughput targets (Durable Functions "Performance and scale"
// docs: https://learn.microsoft.com/azure/azure-functions/durable/durable-functions-perf-and-scale). Constants only:
// the yardstick the runtime bench prints beside.

export const PUBLISHED_TARGETS = {
  sequentialActivitiesPerSecond: 5,
  fanOutActivitiesPerSecond: 100,
  fanInResponsesPerSecond: 150,
  externalEventsPerSecond: 50,
} as const;
