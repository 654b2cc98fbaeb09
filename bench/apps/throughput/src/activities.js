// Activities of the throughput benchmark: as cheap as possible, so what is measured is the engine's dispatch and
// commit work, not the activity. BenchStamp reports wall-clock times (activities may read the clock; orchestrators may not).
'use strict';
const { performance } = require('node:perf_hooks');
const df = require('durable-functions');

/** Epoch ms with sub-ms precision, comparable with the benchmark's own reading in the same process. */
const wallNow = () => performance.timeOrigin + performance.now();

df.app.activity('BenchStep', { handler: (i) => i + 1 });

df.app.activity('BenchStamp', {
  handler: (i) => {
    const startedAt = wallNow();
    return { i, startedAt, finishedAt: wallNow() };
  },
});
