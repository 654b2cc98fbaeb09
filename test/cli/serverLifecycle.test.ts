// The long-running commands as a user runs them from a shell: started by the machine's own `node` (which may be older
// than 22, so bin/hybrid-connection.js re-runs the command on the bundled Node 22), stopped with `kill` or a closed
// terminal, started again on the same port; and a port already in use, said in one line with exit code 1.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertBuilt,
  machineNode,
  nodeMajor,
  PROJECT_ROOT,
  runCli,
  startCliProcess,
  type CliProcess,
} from '../support/cliProcess';

interface Ready {
  url: string;
}

const NODE = machineNode();
const ENV = { NO_PROXY: '127.0.0.1,localhost' };
let work: string;
const started: CliProcess<Ready>[] = [];
/** The servers' own pids (server.json): when a launcher fails to pass a signal on, they are what is left behind. */
const serverPids: number[] = [];

beforeAll(() => {
  assertBuilt(['dist/cli/serve.js', 'dist/functions/index.js']);
  work = mkdtempSync(join(tmpdir(), 'hc-lifecycle-'));
});

afterAll(async () => {
  for (const cli of started) await cli.stop('SIGKILL');
  for (const pid of serverPids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

async function start(args: string[]): Promise<CliProcess<Ready>> {
  const cli = await startCliProcess<Ready>(args, { node: NODE, env: ENV });
  started.push(cli);
  return cli;
}

function serverPid(dataDir: string): number {
  const { pid } = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { pid: number };
  serverPids.push(pid);
  return pid;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe(`serve and host started by the machine's node (${NODE})`, () => {
  jest.setTimeout(90_000);

  it('stop on SIGTERM with exit 0 (the command itself, not only the launcher), and the port serves again', async () => {
    const data = join(work, 'serve');
    const first = await start(['serve', '--simulate', '--port', '0', '--data', data]);
    const pid = serverPid(data);
    // On a Node older than 22 the server is a child of the launcher: the signal must be passed on to it.
    if (nodeMajor(NODE) < 22) expect(pid).not.toBe(first.child.pid);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.stderr()).toContain('SIGTERM: stopping the app and the simulator');
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(join(data, 'server.json'))).toBe(false);

    const port = new URL(first.ready.url).port;
    const second = await start(['serve', '--simulate', '--port', port, '--data', data]);
    expect(second.ready.url).toBe(first.ready.url);
    expect(await second.stop('SIGTERM')).toBe(0);
  });

  it('host stops cleanly on SIGHUP (a closed terminal) too', async () => {
    const data = join(work, 'host');
    const host = await start(['host', '--app', PROJECT_ROOT, '--port', '0', '--data', data]);
    const pid = serverPid(data);
    expect(await host.stop('SIGHUP')).toBe(0);
    expect(host.stderr()).toContain('SIGHUP: stopping the host');
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(join(data, 'server.json'))).toBe(false);
  });
});

describe('a port already in use', () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  const expected = (): string =>
    `error: port ${port} on 127.0.0.1 is already in use: stop what listens there (another hybrid-connection serve ` +
    'or host?) or pass --port N (--port 0 takes any free port)';

  it.each([
    ['serve --simulate', (data: string) => ['serve', '--simulate', '--port', String(port), '--data', data]],
    ['host', (data: string) => ['host', '--app', PROJECT_ROOT, '--port', String(port), '--data', data]],
    ['sim', (data: string) => ['sim', '--port', String(port), '--data', data]],
  ])('%s says so in one line and exits 1, without a stack trace', async (name, args) => {
    const run = await runCli(args(join(work, `busy-${name.split(' ')[0]}`)), {
      node: NODE,
      env: ENV,
      timeoutMs: 30_000,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter((line) => line.startsWith('error:'))).toEqual([expected()]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr).not.toContain('EADDRINUSE');
  });
});
