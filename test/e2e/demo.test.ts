// `npm start` = `hybrid-connection demo`: the example plan provisioned end to end against the simulator, with live
// progress per cloud and stage and a summary (resources, tunnel, ping, events, virtual vs wall time); exit 0.
// A plan the API refuses ends the demo with exit 1 and the field errors.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../support/cliProcess';
import { assertBuilt, EXAMPLE_PLAN_FILE } from './harness';

function runDemo(args: string[]): Promise<CliRun> {
  // As long as the longest test here may take: the demo gives up by itself after 90 s.
  return runCli(['demo', ...args], { timeoutMs: 90_000 });
}

describe('hybrid-connection demo (npm start)', () => {
  beforeAll(() => assertBuilt());

  it('provisions the example plan with live progress and prints the summary; exit 0', async () => {
    const { code, stdout, stderr } = await runDemo(['--seed', 'demo']);
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      /^hybrid-connection demo: app http:\/\/127\.0\.0\.1:\d+, simulator https:\/\/127\.0\.0\.1:\d+/,
    );
    expect(stdout).toContain('POST /api/connections -> 202: provisioning contoso');
    // Live progress: per cloud and stage, with the virtual time offset.
    for (const cloud of ['azure', 'azureStack']) {
      expect(stdout).toMatch(new RegExp(`\\+\\S+\\s+${cloud}\\s+gateway\\s+succeeded\\s+vgw-contoso`));
      expect(stdout).toMatch(new RegExp(`\\+\\S+\\s+${cloud}\\s+tunnel\\s+succeeded`));
    }
    expect(stdout).toMatch(
      /contoso: connected \(Completed\) in (\d+h)?\d\dm\d\ds of virtual time, [\d.]+ s of wall time/,
    );
    expect(stdout).toContain('Microsoft.Network/virtualNetworkGateways/vgw-contoso');
    expect(stdout).toContain('Microsoft.Network/connections/cn-contoso-to-azurestack');
    expect(stdout).toContain('Microsoft.Network/connections/cn-contoso-to-azure');
    expect(stdout).toContain('Tunnel: connected (azure: Connected, azureStack: Connected)');
    expect(stdout).toMatch(/Ping across the tunnel: succeeded, reachable, (\d+)\/\1 packets back/);
    expect(stdout).toContain('Events published (8, as the Event Grid topic received them)');
    expect(stdout).toMatch(/HybridConnection\.Provisioning\.Succeeded\s+hc-contoso\/succeeded\/all/);
    expect(stdout).not.toMatch(/code=|x-functions-key/i);
  }, 90_000);

  it('ends with exit 1 and the field errors when the API refuses the plan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hc-e2e-demo-'));
    try {
      const plan = JSON.parse(await readFile(EXAMPLE_PLAN_FILE, 'utf8')) as Record<string, unknown>;
      const file = join(dir, 'plan.json');
      await writeFile(file, JSON.stringify({ ...plan, colour: 'blue' }));
      const { code, stdout } = await runDemo(['--plan', file]);
      expect(code).toBe(1);
      expect(stdout).toContain('POST /api/connections answered 400');
      expect(stdout).toMatch(/^\s+colour: /m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
