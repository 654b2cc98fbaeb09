// Orchestrations of the throughput benchmark: one shape per published Durable Functions target (a sequential chain,
// a fan-out/fan-in, a stream of external events) and a long durable timer. Deterministic: no wall clock, no I/O.
'use strict';
const df = require('durable-functions');

const MINUTE = 60 * 1000;

df.app.orchestration('BenchChain', function* (context) {
  const { steps } = context.df.getInput();
  let total = 0;
  for (let i = 0; i < steps; i++) total += yield context.df.callActivity('BenchStep', i);
  return { steps, total };
});

df.app.orchestration('BenchFanOutFanIn', function* (context) {
  const { width } = context.df.getInput();
  const tasks = [];
  for (let i = 0; i < width; i++) tasks.push(context.df.callActivity('BenchStamp', i));
  const stamps = yield context.df.Task.all(tasks);
  // Only the extremes travel back: the bench needs the window in which activities started and finished, and a
  // 1000-element output would make the measurement about JSON size instead of dispatch.
  return {
    width: stamps.length,
    firstStartedAt: Math.min(...stamps.map((s) => s.startedAt)),
    lastStartedAt: Math.max(...stamps.map((s) => s.startedAt)),
    firstFinishedAt: Math.min(...stamps.map((s) => s.finishedAt)),
    lastFinishedAt: Math.max(...stamps.map((s) => s.finishedAt)),
  };
});

df.app.orchestration('BenchExternalEvents', function* (context) {
  const { events } = context.df.getInput();
  let received = 0;
  for (let i = 0; i < events; i++) {
    yield context.df.waitForExternalEvent('Tick');
    received++;
  }
  return { received };
});

df.app.orchestration('BenchTimer', function* (context) {
  const { minutes } = context.df.getInput();
  const start = context.df.currentUtcDateTime;
  yield context.df.createTimer(new Date(start.getTime() + minutes * MINUTE));
  return { virtualStart: start.getTime(), virtualEnd: context.df.currentUtcDateTime.getTime() };
});
