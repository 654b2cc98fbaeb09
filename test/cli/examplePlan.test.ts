// The first hour, as a newcomer lives it: in an empty folder, `serve --simulate` with no options but a free port and a
// time scale, then `up plan.json --wait` on examples/plan.json copied byte for byte. No subscription id, endpoint or
// data folder is pasted anywhere: the simulator serves the example's subscriptions and its stamp `local`.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_SUBSCRIPTIONS } from '../../cli/simulatorSettings';
import { assertBuilt, PROJECT_ROOT, startCliProcess, type CliProcess } from '../support/cliProcess';
import { runCli } from './cliRunner';

interface ServeReady {
  url: string;
  simulator: { azure: { subscriptionId: string }; azureStack: { subscriptionId: string } };
}

const EXAMPLE = join(PROJECT_ROOT, 'examples', 'plan.json');

let folder: string;
let serve: CliProcess<ServeReady> | undefined;

beforeAll(async () => {
  assertBuilt(['dist/cli/serve.js', 'dist/functions/index.js']);
  folder = mkdtempSync(join(tmpdir(), 'hc-first-hour-'));
  serve = await startCliProcess<ServeReady>(['serve', '--simulate', '--port', '0', '--time-scale', '1000'], {
    cwd: folder,
    env: { NO_PROXY: '127.0.0.1,localhost', HYBRID_CONNECTION_URL: undefined, HYBRID_CONNECTION_KEY: undefined },
  });
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('examples/plan.json against serve --simulate', () => {
  jest.setTimeout(90_000);

  it('names the subscriptions serve --simulate serves by default', () => {
    const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as {
      azure: { subscriptionId: string };
      azureStack: { subscriptionId: string; stamp?: string; armEndpoint?: string };
    };
    expect({ azure: example.azure.subscriptionId, azureStack: example.azureStack.subscriptionId }).toEqual(
      EXAMPLE_SUBSCRIPTIONS,
    );
    expect(serve?.ready.simulator.azure.subscriptionId).toBe(EXAMPLE_SUBSCRIPTIONS.azure);
    expect(serve?.ready.simulator.azureStack.subscriptionId).toBe(EXAMPLE_SUBSCRIPTIONS.azureStack);
    // The stamp by id only: `serve --simulate` configures `local` at the simulator's own endpoint.
    expect(example.azureStack.stamp).toBe('local');
    expect(example.azureStack.armEndpoint).toBeUndefined();
  });

  it('up plan.json --wait, copied unchanged, connects and exits 0', async () => {
    copyFileSync(EXAMPLE, join(folder, 'plan.json'));
    const run = await runCli(['up', 'plan.json', '--wait', '--interval', '0.2'], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^started contoso \(instance hc-contoso\)$/m);
    expect(run.stdout).toMatch(/^✔ contoso is connected \(took /m);
    expect(run.stdout).toContain('tunnel Connected · ping VM to VM ok (4/4 replies)');
  });
});
