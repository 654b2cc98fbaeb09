// The pieces of `hybrid-connection logs`: which lines belong to a connection (its instance and `hc-<name>:` children,
// never a connection whose name merely starts the same), their text form, and reading the file as it grows and turns
// over (complete lines only, none lost to a rotation).
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { belongsTo, formatLogEntry, parseLogLine, type LogEntry } from '../../cli/logs/logEntries';
import { LogFileReader } from '../../cli/logs/logFile';

const ENTRY: LogEntry = {
  time: '2026-12-03T15:13:47.139Z',
  level: 'error',
  functionName: 'provisionHybridConnection',
  invocationId: '3a2201ea-2e2b-469d-8ac6-89d2b49ed27a',
  instanceId: 'hc-contoso',
  message: 'provisioning contoso failed',
};

describe("a connection's lines", () => {
  it('are those of hc-<name> and hc-<name>:<suffix>, not of another name or of no instance', () => {
    const mine = belongsTo('contoso');
    const of = (instanceId?: string): LogEntry => {
      const { instanceId: _own, ...rest } = ENTRY;
      return instanceId === undefined ? rest : { ...rest, instanceId };
    };
    expect(['hc-contoso', 'hc-contoso:azure', 'hc-contoso:teardown:azureStack'].map((id) => mine(of(id)))).toEqual([
      true,
      true,
      true,
    ]);
    expect([of('hc-contoso-2'), of('hc-contoso2:azure'), of('xhc-contoso'), of()].map(mine)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('read from JSON lines, skipping what is not an entry', () => {
    expect(parseLogLine(JSON.stringify(ENTRY))).toEqual(ENTRY);
    for (const bad of [
      '',
      'not json',
      '[]',
      JSON.stringify({ ...ENTRY, level: 'loud' }),
      JSON.stringify({ ...ENTRY, message: 1 }),
    ]) {
      expect(parseLogLine(bad)).toBeUndefined();
    }
  });

  it('print as one line each, with control characters replaced', () => {
    expect(formatLogEntry(ENTRY)).toBe(
      '2026-12-03T15:13:47.139Z error hc-contoso provisionHybridConnection: provisioning contoso failed',
    );
    expect(formatLogEntry({ ...ENTRY, level: 'info', message: 'a\u001b[2Jb\nc' })).toBe(
      '2026-12-03T15:13:47.139Z info  hc-contoso provisionHybridConnection: a?[2Jb?c',
    );
  });
});

describe('reading the log file as it grows', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hc-logs-'));
    path = join(dir, 'host.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the older generation first, then only complete new lines', async () => {
    writeFileSync(`${path}.1`, 'old 1\nold 2\n');
    writeFileSync(path, 'new 1\nnew 2 is being wri');
    const reader = new LogFileReader(path);
    expect(await reader.readAll()).toEqual(['old 1', 'old 2', 'new 1']);
    expect(await reader.readNew()).toEqual([]);
    appendFileSync(path, 'tten\nnew 3\n');
    expect(await reader.readNew()).toEqual(['new 2 is being written', 'new 3']);
  });

  it('keeps the last lines of a file that rotated away, then reads the new one', async () => {
    writeFileSync(path, 'a\n');
    const reader = new LogFileReader(path);
    expect(await reader.readAll()).toEqual(['a']);
    appendFileSync(path, 'b\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'c\n');
    expect(await reader.readNew()).toEqual(['b', 'c']);
  });

  it('reads nothing, without failing, while there is no file yet', async () => {
    const reader = new LogFileReader(path);
    expect(await reader.readAll()).toEqual([]);
    writeFileSync(path, 'first\n');
    expect(await reader.readNew()).toEqual(['first']);
  });
});
