// Conformance of the Durable engine through `hybrid-connection host` over HTTP only: the conformance app's HTTP
// starter and the management URLs it returns, for every Durable feature the runtime promises.
import {
  getStatus,
  http,
  makeDataDir,
  removeDir,
  startConformanceHost,
  startThroughApp,
  waitForFinal,
  waitForStatus,
  type ConformanceHost,
} from './helpers/conformanceHost';

const MINUTE = 60_000;
let dataDir: string;
let host: ConformanceHost;

beforeAll(async () => {
  dataDir = await makeDataDir('features');
  host = await startConformanceHost({ dataDir, timeScale: 20_000 });
}, 40_000);

afterAll(async () => {
  await host?.stop('SIGTERM');
  await removeDir(dataDir);
});

describe('Durable conformance over HTTP', () => {
  it('chains activities, answering 202 with Location from the starter and 200 once done', async () => {
    const response = await http(`${host.url}/api/orchestrators/Chaining`, { method: 'POST' });
    expect(response.status).toBe(202);
    const links = response.body as { id: string; statusQueryGetUri: string };
    expect(response.headers.get('location')).toBe(links.statusQueryGetUri);
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done).toMatchObject({
      runtimeStatus: 'Completed',
      output: ['Hello Tokyo!', 'Hello Seattle!', 'Hello London!'],
    });
    expect((await getStatus(links.statusQueryGetUri)).status).toBe(200);
  });

  it('hands out createCheckStatusResponse URLs on the host origin that carry the system key', async () => {
    const links = await startThroughApp(host, 'Chaining', { cities: ['Oslo'] });
    const urls = Object.values(links as unknown as Record<string, string>).filter((v) => v.startsWith('http'));
    for (const url of urls) {
      expect(url.startsWith(`${host.url}/runtime/webhooks/durabletask/instances/${links.id}`)).toBe(true);
      expect(url).toMatch(/[?&]code=[^&]+/);
    }
    expect((await waitForFinal(links.statusQueryGetUri)).output).toEqual(['Hello Oslo!']);
    const withHistory = await getStatus(links.statusQueryGetUri, '&showHistory=true&showHistoryOutput=true');
    expect(withHistory.body.historyEvents?.map((e) => e.EventType)).toEqual([
      'ExecutionStarted',
      'TaskCompleted',
      'ExecutionCompleted',
    ]);
  });

  it('fans out to 200 activities and fans back in', async () => {
    const links = await startThroughApp(host, 'FanOutFanIn', 200);
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done.output).toEqual({ count: 200, sum: (200 * 201 * 401) / 6 });
  });

  it('retries an activity that succeeds on the third attempt', async () => {
    const links = await startThroughApp(host, 'RetryActivity', { key: 'third-time', failTimes: 2, maxAttempts: 5 });
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done.output).toEqual({ succeededOnAttempt: 3 });
    const history = (await getStatus(links.statusQueryGetUri, '&showHistory=true')).body.historyEvents ?? [];
    expect(history.filter((e) => e.EventType === 'TaskFailed')).toHaveLength(2);
    expect(history.filter((e) => e.EventType === 'TimerFired')).toHaveLength(2);
  });

  it('lets the orchestrator catch a retry that exhausts its attempts', async () => {
    const links = await startThroughApp(host, 'RetryActivity', { key: 'never', failTimes: 99, maxAttempts: 3 });
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done).toMatchObject({
      runtimeStatus: 'Completed',
      output: { caught: "Activity function 'Flaky' failed: flaky attempt 3 failed" },
    });
  });

  it('waits out a 45-minute durable timer in virtual time', async () => {
    const links = await startThroughApp(host, 'DurableTimer', 45);
    const done = await waitForFinal(links.statusQueryGetUri);
    const out = done.output as { start: string; fireAt: string; end: string };
    expect(Date.parse(out.fireAt) - Date.parse(out.start)).toBe(45 * MINUTE);
    expect(Date.parse(out.end)).toBeGreaterThanOrEqual(Date.parse(out.fireAt));
  });

  it('lets an external event win the race against a timer', async () => {
    const links = await startThroughApp(host, 'ApprovalRace', 24 * 60);
    await waitForStatus(links.statusQueryGetUri, (s) => s.customStatus === 'waiting for approval');
    const sent = await http(links.sendEventPostUri.replace('{eventName}', 'Approval'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify('alice'),
    });
    expect(sent.status).toBe(202);
    expect((await waitForFinal(links.statusQueryGetUri)).output).toEqual({ outcome: 'approved', by: 'alice' });
  });

  it('lets the timer win the race when no event comes', async () => {
    const links = await startThroughApp(host, 'ApprovalRace', 30);
    expect((await waitForFinal(links.statusQueryGetUri)).output).toEqual({ outcome: 'timed out' });
  });

  it('retries a failing sub-orchestration until it succeeds', async () => {
    const links = await startThroughApp(host, 'SubOrchestrationRetry', { key: 'child', failTimes: 2, maxAttempts: 3 });
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done.output).toEqual({ attempt: 3, parent: links.id });
  });

  it('loops with continueAsNew and keeps only the last execution history', async () => {
    const links = await startThroughApp(host, 'ContinueAsNewLoop', { iteration: 0, until: 5, total: 0 });
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done.output).toEqual({ iteration: 5, until: 5, total: 0 + 1 + 4 + 9 + 16 });
    const history = (await getStatus(links.statusQueryGetUri, '&showHistory=true')).body.historyEvents ?? [];
    expect(history.map((e) => e.EventType)).toEqual(['ExecutionStarted', 'ExecutionCompleted']);
  });

  it('shows the custom status while the orchestration waits for an event', async () => {
    const links = await startThroughApp(host, 'WaitForGo');
    const waiting = await waitForStatus(links.statusQueryGetUri, (s) => s.customStatus !== null);
    expect(waiting.runtimeStatus).toBe('Running');
    expect(waiting.customStatus).toMatchObject({ stage: 'waiting' });
    expect((await getStatus(links.statusQueryGetUri)).status).toBe(202);
    await http(links.sendEventPostUri.replace('{eventName}', 'Go'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
    });
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done).toMatchObject({ output: { received: { ok: true } }, customStatus: { stage: 'done' } });
  });

  it('terminates a running orchestration with the given reason', async () => {
    const links = await startThroughApp(host, 'WaitForGo');
    await waitForStatus(links.statusQueryGetUri, (s) => s.runtimeStatus === 'Running');
    const terminated = await http(links.terminatePostUri.replace('{text}', 'operator%20said%20stop'), {
      method: 'POST',
    });
    expect(terminated.status).toBe(202);
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done).toMatchObject({ runtimeStatus: 'Terminated', output: 'operator said stop' });
    expect((await http(links.terminatePostUri.replace('{text}', 'again'), { method: 'POST' })).status).toBe(410);
  });

  it('suspends and resumes, holding events raised meanwhile', async () => {
    const links = await startThroughApp(host, 'WaitForGo');
    await waitForStatus(links.statusQueryGetUri, (s) => s.runtimeStatus === 'Running');
    expect((await http(links.suspendPostUri.replace('{text}', 'hold'), { method: 'POST' })).status).toBe(202);
    await waitForStatus(links.statusQueryGetUri, (s) => s.runtimeStatus === 'Suspended');
    await http(links.sendEventPostUri.replace('{eventName}', 'Go'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '"while suspended"',
    });
    const stillSuspended = await getStatus(links.statusQueryGetUri);
    expect(stillSuspended.body.runtimeStatus).toBe('Suspended');
    expect((await http(links.resumePostUri.replace('{text}', 'go'), { method: 'POST' })).status).toBe(202);
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done).toMatchObject({ runtimeStatus: 'Completed', output: { received: 'while suspended' } });
  });

  it('purges a finished instance so its status URL answers 404', async () => {
    const links = await startThroughApp(host, 'Chaining');
    await waitForFinal(links.statusQueryGetUri);
    const purged = await http(links.purgeHistoryDeleteUri, { method: 'DELETE' });
    expect(purged).toMatchObject({ status: 200, body: { instancesDeleted: 1 } });
    expect((await getStatus(links.statusQueryGetUri)).status).toBe(404);
    expect((await http(links.purgeHistoryDeleteUri, { method: 'DELETE' })).status).toBe(404);
  });

  it('fails an orchestration that throws, with its message as output', async () => {
    const links = await startThroughApp(host, 'Thrower');
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done).toMatchObject({
      runtimeStatus: 'Failed',
      output: "Orchestrator function 'Thrower' failed: conformance failure: intentional",
    });
  });

  it('fails a non-deterministic orchestration with a clear message', async () => {
    const links = await startThroughApp(host, 'NonDeterministic');
    const done = await waitForFinal(links.statusQueryGetUri);
    expect(done.runtimeStatus).toBe('Failed');
    expect(done.output).toEqual(
      expect.stringContaining(
        "Non-Deterministic workflow detected: A previous execution of this orchestration scheduled an activity task with sequence number 0 named 'SayHello', but the current orchestration replay instead scheduled an activity task named 'Square'",
      ),
    );
  });

  it('queries instances by runtime status', async () => {
    const failed = await startThroughApp(host, 'Thrower', undefined, 'query-failed');
    await waitForFinal(failed.statusQueryGetUri);
    const list = await http(
      `${host.url}/runtime/webhooks/durabletask/instances?runtimeStatus=Failed&code=${encodeURIComponent(host.masterKey)}`,
    );
    expect(list.status).toBe(200);
    const rows = list.body as Array<{ instanceId: string; runtimeStatus: string }>;
    expect(rows.map((r) => r.instanceId)).toContain('query-failed');
    expect(rows.every((r) => r.runtimeStatus === 'Failed')).toBe(true);
    const unauthorized = await http(`${host.url}/runtime/webhooks/durabletask/instances?runtimeStatus=Failed`);
    expect(unauthorized.status).toBe(401);
  });
});
