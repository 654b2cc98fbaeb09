// The user commands (up, status, list, watch, down) run as child processes against `serve --simulate` at a high
// time scale: exit codes, plain appended progress, --json documents, and where the URL and key come from.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planFor, startServe, waitFor, type Serve } from '../e2e/harness';
import { spawnCliProcess } from '../support/cliProcess';
import { runCli, type CliRun } from './cliRunner';
import { startScriptedServer, type ScriptedAnswer, type ScriptedServer } from './scriptedServer';

let serve: Serve;
let work: string;
const PLAN_ARGS = (serveData: string): string[] => ['--data', serveData, '--interval', '0.2'];

function writePlan(name: string, edit?: Parameters<typeof planFor>[2]): string {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(planFor(serve.ready, name, edit)));
  return file;
}

function parseJson(run: CliRun): Record<string, unknown> {
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]) as Record<string, unknown>;
}

/** The JSON log line of a connection's provisioning instance ending well. */
const END_OF_RUN = (name: string): string =>
  `"instanceId":"hc-${name}","message":"Executed 'provisionHybridConnection' (Succeeded`;

/** Neither key of the app may ever be printed. */
function expectNoKeys(run: CliRun): void {
  for (const key of [serve.ready.keys.function, serve.ready.keys.master]) {
    expect(run.stdout).not.toContain(key);
    expect(run.stderr).not.toContain(key);
  }
}

beforeAll(async () => {
  serve = await startServe();
  work = mkdtempSync(join(tmpdir(), 'hc-cli-'));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('up, status, list, watch, down', () => {
  jest.setTimeout(90_000);

  it('up --wait follows the run to Connected in appended lines and exits 0', async () => {
    const run = await runCli(['up', writePlan('contoso'), '--wait', ...PLAN_ARGS(serve.dataDir)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('started contoso (instance hc-contoso)');
    expect(lines[1]).toBe(`  status page: ${serve.ready.url}/api/connections/contoso/view?code=<function key>`);
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[\s*[\dhms ]+\] Azure \/ VPN gateway: started \(usually 30–45m\)/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^\[.+\] Azure Stack Hub \/ VPN gateway: done in \d+m \d\ds$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[.+\] Tunnel: Connected \(Azure Connected, Azure Stack Hub Connected\)$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^\[.+\] Event: Provisioning\.Succeeded$/));
    expect(lines.slice(-4)).toEqual([
      expect.stringMatching(/^✔ contoso is connected \(took /),
      expect.stringMatching(/^ {2}Azure {12}gateway \d+\.\d+\.\d+\.\d+ +VM 10\.100\.1\.\d+$/),
      expect.stringMatching(/^ {2}Azure Stack Hub {2}gateway \d+\.\d+\.\d+\.\d+ +VM 10\.200\.1\.\d+$/),
      '  tunnel Connected · ping VM to VM ok (4/4 replies)',
    ]);
    // Plain output: no colours, no cursor movement, and a line only when something changed.
    expect(run.stdout).not.toContain('\u001b');
    const messages = lines.map((line) => line.replace(/^\[[^\]]*\] /, ''));
    expect(new Set(messages).size).toBe(messages.length);
    expectNoKeys(run);
  });

  it('status shows every stage with the tunnel, and --json is the API document', async () => {
    const text = await runCli(['status', 'contoso', '--data', serve.dataDir]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^contoso {2}✔ Completed {2}took /);
    expect(lines.filter((line) => /^ {4}✔ .+#{20} {2}\d/.test(line))).toHaveLength(19);
    expect(lines).toContain('  Tunnel  Connected (Azure Connected, Azure Stack Hub Connected)');
    const json = parseJson(await runCli(['status', 'contoso', '--json', '--data', serve.dataDir]));
    expect(json).toMatchObject({ name: 'contoso', runtimeStatus: 'Completed', connection: { state: 'connected' } });
    expect(json).not.toHaveProperty('live');
  });

  it('status --live adds what ARM reads now: each side Connected, with its bytes, gateway and resources', async () => {
    const text = await runCli(['status', 'contoso', '--live', '--data', serve.dataDir]);
    expect(text.code).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}Live {4}read \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(\d+s ago\)$/),
    );
    for (const cloud of ['Azure          ', 'Azure Stack Hub']) {
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^ {4}${cloud}  tunnel Connected · in [\\d.]+ \\w?B, out [\\d.]+ \\w?B · gateway \\d+\\.\\d+\\.\\d+\\.\\d+ · 9 resources Succeeded$`,
          ),
        ),
      );
    }
    const json = parseJson(await runCli(['status', 'contoso', '--live', '--json', '--data', serve.dataDir]));
    expect(json).toMatchObject({
      live: {
        azure: { connection: { connectionStatus: 'Connected' } },
        azureStack: { connection: { connectionStatus: 'Connected' } },
      },
    });
    expectNoKeys(text);
  });

  it('list shows the connection, as a table and as JSON', async () => {
    const table = await runCli(['list', '--data', serve.dataDir]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^NAME +STATUS +PHASE +CREATED +UPDATED$/);
    expect(table.stdout).toMatch(/^contoso +Completed +succeeded /m);
    const json = parseJson(await runCli(['list', '--json', '--data', serve.dataDir]));
    expect(json.items).toContainEqual(expect.objectContaining({ name: 'contoso', runtimeStatus: 'Completed' }));
  });

  it('logs shows the lines of one connection and its children, as text and as one JSON document', async () => {
    const text = await runCli(['logs', 'contoso', '--data', serve.dataDir]);
    expect(text.code).toBe(0);
    expect(text.stderr).toBe('');
    const lines = text.stdout.trimEnd().split('\n');
    // `up --wait` saw the run end, and the runtime writes an invocation's line before the run is recorded.
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\S+Z info {2}hc-contoso provisionHybridConnection: Executed 'provisionHybridConnection' \(Succeeded, Id=[0-9a-f-]{36}, Duration=\d+ms\)$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^\S+Z info {2}hc-contoso:azureStack provisionSite: /));
    expect(lines.filter((line) => !/^\S+Z \w+ +hc-contoso(:\S+)? \w+: /.test(line))).toEqual([]);
    expectNoKeys(text);
    const json = parseJson(await runCli(['logs', 'contoso', '--json', '--data', serve.dataDir]));
    const entries = json.entries as { instanceId: string; functionName: string }[];
    expect(json.name).toBe('contoso');
    expect(entries.length).toBe(lines.length);
    expect(entries.filter((e) => e.instanceId !== 'hc-contoso' && !e.instanceId.startsWith('hc-contoso:'))).toEqual([]);
  });

  it('logs --follow prints a run as it goes and ends on SIGTERM with exit 0', async () => {
    const follower = spawnCliProcess(['logs', 'tailspin', '--follow', '--json', '--data', serve.dataDir]);
    try {
      const run = await runCli(['up', writePlan('tailspin'), '--wait', ...PLAN_ARGS(serve.dataDir)]);
      expect(run.code).toBe(0);
      // Its last line was in the file before `up` saw the run end: the follower prints it at one of its next polls.
      await waitFor('the follower to print the end of the run', () =>
        Promise.resolve(follower.stdout().includes(END_OF_RUN('tailspin')) ? true : undefined),
      );
      expect(await follower.stop('SIGTERM')).toBe(0);
      const entries = follower
        .stdout()
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as { instanceId: string });
      expect(entries.filter((e) => e.instanceId !== 'hc-tailspin' && !e.instanceId.startsWith('hc-tailspin:'))).toEqual(
        [],
      );
      expect(entries.map((e) => e.instanceId)).toContain('hc-tailspin:azure');
    } finally {
      await follower.stop('SIGKILL');
    }
  });

  it('logs of a name without lines exits 1, and of a folder without a log 2', async () => {
    const none = await runCli(['logs', 'nobody', '--data', serve.dataDir]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(`no log lines for nobody (instance hc-nobody) in ${join(serve.dataDir, 'host.log')}\n`);
    const empty = join(work, 'no-server');
    mkdirSync(empty, { recursive: true });
    const noLog = await runCli(['logs', 'contoso', '--data', empty]);
    expect(noLog.code).toBe(2);
    expect(noLog.stderr).toMatch(/^error: no invocation log at .+\/no-server\/host\.log: run hybrid-connection serve/);
  });

  it('finds the URL and key in ./.hybrid-connection, or in HYBRID_CONNECTION_URL/_KEY', async () => {
    const project = join(work, 'project');
    const elsewhere = join(work, 'elsewhere');
    for (const dir of [project, elsewhere]) rmSync(dir, { recursive: true, force: true });
    mkdirSync(project);
    mkdirSync(elsewhere);
    symlinkSync(serve.dataDir, join(project, '.hybrid-connection'));
    const fromFolder = await runCli(['status', 'contoso', '--json'], { cwd: project });
    expect(fromFolder.code).toBe(0);
    expect(parseJson(fromFolder).runtimeStatus).toBe('Completed');
    const fromEnv = await runCli(['list', '--json'], {
      cwd: elsewhere,
      env: { HYBRID_CONNECTION_URL: serve.ready.url, HYBRID_CONNECTION_KEY: serve.ready.keys.function },
    });
    expect(fromEnv.code).toBe(0);
    expect(parseJson(fromEnv).items).toContainEqual(expect.objectContaining({ name: 'contoso' }));
    const nothing = await runCli(['status', 'contoso'], { cwd: elsewhere });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^error: no app URL: pass --url, set HYBRID_CONNECTION_URL/);
    const wrongKey = await runCli(['status', 'contoso', '--url', serve.ready.url, '--key', 'x'.repeat(40)], {
      cwd: elsewhere,
    });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(
      /^error: refused \(HTTP 401\): http:\/\/127\.0\.0\.1:\d+ did not accept the function key from --key/,
    );
    expect(wrongKey.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('up refuses a second start while one runs (409, exit 1, with its links); watch follows it to the end', async () => {
    // Slow the shared clock while the second `up` arrives: at 10, a gateway (30 virtual minutes or more) takes longer
    // than this test may run (90 s), so the first run is still going whenever the second start is sent, however slow
    // the machine.
    await serve.sim('POST', 'clock', { scale: 10 });
    const plan = writePlan('fabrikam');
    let started: CliRun;
    try {
      started = await runCli(['up', plan, '--no-wait', '--json', '--data', serve.dataDir]);
      const again = await runCli(['up', plan, '--no-wait', '--data', serve.dataDir]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('connection fabrikam is already being provisioned');
      expect(again.stderr).toContain(`page:   ${serve.ready.url}/api/connections/fabrikam/view`);
      expect(again.stderr).toContain('follow it with: hybrid-connection watch fabrikam');
      const againJson = await runCli(['up', plan, '--json', '--data', serve.dataDir]);
      expect(againJson.code).toBe(1);
      expect(parseJson(againJson)).toMatchObject({ error: { code: 'ConnectionInProgress' }, name: 'fabrikam' });
    } finally {
      await serve.sim('POST', 'clock', { scale: 1000 });
    }
    expect(started.code).toBe(0);
    expect(parseJson(started)).toMatchObject({
      name: 'fabrikam',
      instanceId: 'hc-fabrikam',
      statusUrl: '/api/connections/fabrikam',
      viewUrl: `${serve.ready.url}/api/connections/fabrikam/view`,
    });
    const watched = await runCli(['watch', 'fabrikam', '--json', ...PLAN_ARGS(serve.dataDir)]);
    expect(watched.code).toBe(0);
    expect(parseJson(watched)).toMatchObject({ name: 'fabrikam', runtimeStatus: 'Completed' });
    // With --json, progress goes to stderr so stdout stays one document.
    expect(watched.stderr).toMatch(/Tunnel: Connected/);
    // On a run that already ended, watch reports at once.
    const again = await runCli(['watch', 'fabrikam', '--data', serve.dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/✔ fabrikam is connected/);
  });

  it('a failed run exits 1 with the cloud, stage, ARM code and hint', async () => {
    await serve.sim('PUT', 'faults', {
      rules: [
        {
          kind: 'provisioningFailed',
          cloud: 'azureStack',
          method: 'PUT',
          resourceType: 'Microsoft.Network/virtualNetworkGateways',
          error: { code: 'GatewayQuotaExceeded', message: 'no gateway capacity left on the stamp' },
        },
      ],
    });
    try {
      const run = await runCli(['up', writePlan('northwind'), '--wait', ...PLAN_ARGS(serve.dataDir)]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^✖ Failed at Azure Stack Hub \/ VPN gateway: GatewayQuotaExceeded/m);
      expect(run.stderr).toMatch(/^ {2}hint: .+/m);
      expect(run.stderr).toContain('hybrid-connection down northwind');
      const status = await runCli(['status', 'northwind', '--data', serve.dataDir]);
      expect(status.code).toBe(1);
      expect(status.stdout).toMatch(/✖ VPN gateway .+failed after/);
    } finally {
      await serve.sim('PUT', 'faults', { rules: [] });
    }
  });

  it('down --wait tears the connection down and exits 0; down of an unknown name exits 1', async () => {
    const run = await runCli(['down', 'contoso', '--wait', ...PLAN_ARGS(serve.dataDir)]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('teardown of contoso started');
    expect(lines).toContainEqual(expect.stringMatching(/^\[.+\] Azure: deleted vgw-contoso \(\d+ of ~\d+\)$/));
    expect(lines.at(-1)).toMatch(/^✔ contoso torn down: \d+ resource\(s\) deleted$/);
    const json = parseJson(await runCli(['down', 'fabrikam', '--wait', '--json', ...PLAN_ARGS(serve.dataDir)]));
    expect(json).toMatchObject({ name: 'fabrikam', teardown: { runtimeStatus: 'Completed' } });
    const after = await runCli(['status', 'contoso', '--live', '--data', serve.dataDir]);
    expect(after.stdout.split('\n')[0]).toMatch(/^contoso {2}✔ Completed {2}○ deleted {2}took /);
    expect(after.stdout).toContain('  Tunnel  torn down\n');
    expect(after.stdout).toMatch(/^ {4}Azure {12}nothing there/m);
    // watch on a deleted connection reports its teardown, not the run that built it.
    const watched = await runCli(['watch', 'contoso', '--data', serve.dataDir]);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/^✔ contoso torn down: \d+ resource\(s\) deleted$/m);
    expect(watched.stdout).not.toContain('is connected');
    const list = await runCli(['list', '--data', serve.dataDir]);
    expect(list.stdout).toMatch(/^contoso +Completed +deleted +\S+ \S+ +\S+ \S+ \([^)]+ ago\)$/m);
    const unknown = await runCli(['down', 'nobody', '--data', serve.dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no connection named nobody');
  });
});

describe('bad usage and bad input exit 2', () => {
  it('refuses missing arguments and unknown options', async () => {
    expect((await runCli(['up'])).code).toBe(2);
    expect((await runCli(['status', 'contoso', '--bogus'])).code).toBe(2);
    expect((await runCli(['watch', 'contoso', '--interval', '-1'])).code).toBe(2);
  });

  it('sim refuses a blank --seed like serve and demo do, before starting anything', async () => {
    // Without the shared parser the simulator would start with the seed ' ' and never exit (killed: code null).
    const run = await runCli(['sim', '--port', '0', '--seed', ' '], { timeoutMs: 15_000 });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
  });

  it('serve refuses the simulator options without --simulate, before starting anything', async () => {
    const run = await runCli(
      [
        'serve',
        '--port',
        '0',
        '--azure-subscription',
        '8f2b7c1e-4a6d-4c3b-9e1f-2a5d7b9c0e14',
        '--seed',
        '3',
        '--no-strict',
      ],
      { cwd: work, timeoutMs: 15_000 },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: --seed, --no-strict, --azure-subscription only applies with --simulate\n');
  });

  it('checks the plan before talking to any server: path: message lines, nothing started', async () => {
    const file = join(work, 'bad.json');
    const plan = planFor(serve.ready, 'badplan', (p) => {
      p.azureStack.addressSpace = ['10.100.0.0/16'];
    });
    writeFileSync(file, JSON.stringify(plan));
    const run = await runCli(['up', file, '--url', 'http://127.0.0.1:9', '--key', 'k']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^azureStack\.addressSpace\[0\]: 10\.100\.0\.0\/16 overlaps azure\.addressSpace\[0\]/m);
    expect(run.stderr).toContain('nothing was started');
    const json = await runCli(['up', file, '--json', '--url', 'http://127.0.0.1:9', '--key', 'k']);
    expect(json.code).toBe(2);
    expect(parseJson(json).errors).toContainEqual(expect.objectContaining({ path: 'azureStack.addressSpace[0]' }));
  });
});

describe('answers a real app rarely gives', () => {
  let fake: ScriptedServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  const upAgainst = async (answer: ScriptedAnswer, ...extra: string[]): Promise<CliRun> => {
    fake = await startScriptedServer(() => answer);
    return runCli(['up', writePlan('scripted'), '--no-wait', '--url', fake.url, '--key', 'fake-key', ...extra]);
  };

  it('prints a 400 as path: message lines and exits 2', async () => {
    const run = await upAgainst({
      status: 400,
      body: { errors: [{ path: 'azure.gatewaySku', message: 'VpnGw9 is not an Azure gateway SKU' }] },
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('azure.gatewaySku: VpnGw9 is not an Azure gateway SKU');
    expect(fake?.requests[0]).toMatchObject({
      method: 'POST',
      url: '/api/connections',
      key: 'fake-key',
      contentType: 'application/json',
    });
    expect(JSON.parse(fake?.requests[0].body ?? '{}')).toMatchObject({ name: 'scripted' });
  });

  it('exits 2 when the key is refused, 1 on a server error or an unreachable app', async () => {
    const refused = await upAgainst({ status: 401, body: { error: { code: 'Unauthorized', message: 'bad key' } } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: refused (HTTP 401): ${fake?.url} did not accept the function key from --key (bad key): pass one of ` +
        'its keys with --key or HYBRID_CONNECTION_KEY, or --data of its local server\n',
    );
    await fake?.close();
    const broken = await upAgainst(
      { status: 500, body: { error: { code: 'InternalError', message: 'boom' } } },
      '--json',
    );
    expect(broken.code).toBe(1);
    expect(parseJson(broken)).toEqual({
      error: { code: 'InternalError', message: 'starting scripted: boom', httpStatus: 500 },
    });
    const url = fake?.url ?? '';
    await fake?.close();
    fake = undefined;
    const gone = await runCli(['status', 'x', '--url', url, '--key', 'k']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(
      `error: cannot reach ${url}: nothing is listening there (ECONNREFUSED): is hybrid-connection serve (or host) ` +
        'running? (the URL came from --url)\n',
    );
  });
});
