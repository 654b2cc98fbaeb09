// `hybrid-connection plan`, and the questions `up` and `down` ask a person at a terminal, against `serve
// --simulate`: the preview as a table and as the API's JSON document, its exit codes, and that only a terminal is
// asked (a declined `up` starts nothing, a declined `down` deletes nothing; scripts are never asked).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PreviewBody } from '../../lib/api/preview';
import { planFor, simRequests, startServe, waitForRun, type Serve } from '../e2e/harness';
import { runOnTerminal } from '../support/terminalRun';
import { runCli } from './cliRunner';

let serve: Serve;
let work: string;

beforeAll(async () => {
  serve = await startServe();
  work = mkdtempSync(join(tmpdir(), 'hc-plan-'));
}, 60_000);

afterAll(async () => {
  await serve?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

jest.setTimeout(90_000);

function writePlan(name: string, edit?: Parameters<typeof planFor>[2]): string {
  const file = join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(planFor(serve.ready, name, edit)));
  return file;
}

const DATA = (): string[] => ['--data', serve.dataDir];

async function armWrites(): Promise<number> {
  const requests = await simRequests(serve);
  return requests.filter((r) => (r.service === 'azure' || r.service === 'azureStack') && r.method !== 'GET').length;
}

describe('hybrid-connection plan', () => {
  it('prints both clouds as a table, writes nothing, and exits 0 when the pre-flight passes', async () => {
    const writes = await armWrites();
    const run = await runCli(['plan', writePlan('plan-table'), ...DATA()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^pre-flight of plan-table: \d+ ok, \d+ warning\(s\), 0 failed/);
    expect(run.stdout).toContain('Azure:');
    expect(run.stdout).toContain('Azure Stack Hub:');
    expect(run.stdout).toContain('+ create    virtualNetworkGateways');
    expect(run.stdout).toMatch(/16 create, 0 update, 0 no-change, 0 conflict; estimated \d+ min/);
    expect(await armWrites()).toBe(writes);
  });

  it('prints the API preview document with --json', async () => {
    const run = await runCli(['plan', writePlan('plan-json'), '--json', ...DATA()]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const body = JSON.parse(lines[0]) as PreviewBody;
    expect(Object.keys(body).sort()).toEqual(['changes', 'estimatedMinutes', 'name', 'preflight']);
    expect(body.changes.azure).toHaveLength(8);
    expect(body.changes.azureStack).toHaveLength(8);
  });

  it('exits 1 with the failed check and its hint when a run would stop at its pre-flight', async () => {
    await serve.sim('PATCH', 'account?cloud=azureStack', { subscriptionState: 'Disabled' });
    try {
      const run = await runCli(['plan', writePlan('plan-fails'), ...DATA()]);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/FAILED {2}Azure Stack Hub subscription: /);
      expect(run.stdout).toContain('hint: ');
      expect(run.stdout).toContain('a run would stop at its pre-flight, before any write');
    } finally {
      await serve.sim('PATCH', 'account?cloud=azureStack', { subscriptionState: 'Enabled' });
    }
  });

  it('exits 2 on an invalid plan without asking the server', async () => {
    const run = await runCli([
      'plan',
      writePlan('plan-bad', (p) => (p.azure.addressSpace = ['10.0.0.0/33'])),
      ...DATA(),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('azure.addressSpace[0]');
  });
});

describe('up and down on a terminal', () => {
  it('up shows the preview and, declined, starts nothing', async () => {
    const run = await runOnTerminal(['up', writePlan('ask-no'), ...DATA()], 'n');
    expect(run.screen).toContain('+ create');
    expect(run.screen).toContain('Start ask-no? Gateways are billed from the minute they exist. [y/N]');
    expect(run.screen).toContain('nothing was started');
    expect(run.code).toBe(1);
    expect((await serve.api('GET', '/api/connections/ask-no')).status).toBe(404);
  });

  it('up, accepted, starts the run; down lists what it would delete and, declined, deletes nothing', async () => {
    const up = await runOnTerminal(['up', writePlan('ask-yes'), '--no-wait', ...DATA()], 'y');
    expect(up.screen).toContain('started ask-yes');
    expect(up.code).toBe(0);
    expect((await waitForRun(serve, 'ask-yes')).runtimeStatus).toBe('Completed');

    const down = await runOnTerminal(['down', 'ask-yes', ...DATA()], 'no');
    expect(down.screen).toContain('teardown of ask-yes would delete, in this order:');
    expect(down.screen).toContain('- delete connections');
    expect(down.screen).toContain('Delete these resources of ask-yes? [y/N]');
    expect(down.screen).toContain('nothing was deleted');
    expect(down.code).toBe(1);
    const status = (await serve.api('GET', '/api/connections/ask-yes')).body as { teardown: unknown };
    expect(status.teardown).toBeNull();
  });

  it('never asks a script (no terminal), and --yes never asks a terminal', async () => {
    const scripted = await runCli(['up', writePlan('no-ask'), '--no-wait', ...DATA()]);
    expect(scripted.code).toBe(0);
    expect(scripted.stdout + scripted.stderr).not.toContain('[y/N]');
    const yes = await runOnTerminal(['up', writePlan('yes-flag'), '--no-wait', '--yes', ...DATA()], 'n');
    expect(yes.screen).not.toContain('[y/N]');
    expect(yes.screen).toContain('started yes-flag');
    expect(yes.code).toBe(0);
  });
});
