// How an invocation is summarised (function, id, outcome, duration, a bounded reason; never an orchestrator's state)
// and the invocation log file it goes to: JSON lines, owner-only, `code=` keys redacted, one old generation kept.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INVOCATION_LOG_FILE, openInvocationLog } from '../../../runtime/host/invocationLog';
import { failureReason, outcomeLine } from '../../../runtime/host/invocationOutcome';

const ID = '3a2201ea-2e2b-469d-8ac6-89d2b49ed27a';

describe('the summary line of an invocation', () => {
  it('names the function, the invocation id, the outcome and the duration', () => {
    expect(outcomeLine({ functionName: 'getConnection', invocationId: ID, durationMs: 12.4 })).toBe(
      `Executed 'getConnection' (Succeeded, Id=${ID}, Duration=12ms)`,
    );
    expect(
      outcomeLine({ functionName: 'f', invocationId: ID, durationMs: 3, error: new Error('kaboom\n  at x') }),
    ).toBe(`Executed 'f' (Failed, Id=${ID}, Duration=3ms): kaboom`);
  });

  it("keeps an orchestrator's error text and drops its serialized state", () => {
    // What durable-functions throws when an orchestrator fails: the whole state after a marker.
    const state = {
      isDone: false,
      actions: [[{ input: { plan: 'x'.repeat(5000) } }]],
      error: 'GatewayQuotaExceeded at azureStack/gateway',
    };
    const thrown = new Error(`false\n\n$OutOfProcData$:${JSON.stringify(state)}`);
    expect(failureReason(thrown)).toBe('GatewayQuotaExceeded at azureStack/gateway');
    expect(failureReason(new Error('before\n\n$OutOfProcData$:not json'))).toBe('before');
  });

  it('cuts a long reason at 300 characters', () => {
    expect(failureReason(new Error('y'.repeat(1000)))).toBe(`${'y'.repeat(300)}…`);
    expect(failureReason('')).toBe('no message');
  });
});

describe('the invocation log file', () => {
  let dir: string;
  const warnings: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hc-invocation-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lines = (file = INVOCATION_LOG_FILE): Record<string, unknown>[] =>
    readFileSync(join(dir, file), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);

  it('appends one JSON line per entry, owner-only, with keys in URLs redacted', () => {
    const recorder = openInvocationLog(dir, (_level, message) => warnings.push(message));
    recorder.record({
      level: 'info',
      functionName: 'provisionSite',
      invocationId: ID,
      instanceId: 'hc-a:azure',
      message: 'ok',
    });
    recorder.record({
      level: 'warn',
      functionName: 'startConnection',
      invocationId: ID,
      message: 'GET /x?code=secret&a=1',
    });
    recorder.close();
    expect(lines()).toEqual([
      {
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        level: 'info',
        functionName: 'provisionSite',
        invocationId: ID,
        instanceId: 'hc-a:azure',
        message: 'ok',
      },
      {
        time: expect.any(String) as unknown,
        level: 'warn',
        functionName: 'startConnection',
        invocationId: ID,
        message: 'GET /x?code=***&a=1',
      },
    ]);
    expect(statSync(join(dir, INVOCATION_LOG_FILE)).mode & 0o777).toBe(0o600);
    expect(warnings).toEqual([]);
  });

  it('moves a full file to host.log.1 and starts a new one, and appends across reopenings', () => {
    // About 230 bytes a line: two fit in 600, a third does not.
    const entry = { level: 'info' as const, functionName: 'f', invocationId: ID, message: 'm'.repeat(100) };
    const first = openInvocationLog(dir, () => undefined, 600);
    for (let i = 0; i < 3; i++) first.record(entry);
    first.close();
    const second = openInvocationLog(dir, () => undefined, 600);
    second.record(entry);
    second.close();
    expect(lines(`${INVOCATION_LOG_FILE}.1`)).toHaveLength(2);
    expect(lines()).toHaveLength(2);
  });
});
