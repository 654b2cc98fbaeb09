// The soak's crash section in small: the simulator and the host as separate processes, the host SIGKILLed (its whole
// process group) at seeded moments of three provisionings, one key rotation and one teardown, restarted on the same
// data folder each time. The invariants of `npm run soak` must hold — every run Completed, one of each resource per connection and none
// of the torn-down one, nothing InProgress or unfinished, every event delivered — and the secrets scan of what it
// left finds nothing. Invariants only, never timings.
import { runCrashSection, type CrashOptions } from '../../soak/crash';
import { scanForSecrets } from '../../soak/secrets';
import { Workspace } from '../../soak/workspace';
import { assertBuilt } from '../support/cliProcess';

const SMALL: CrashOptions = {
  runs: 3,
  concurrency: 2,
  timeScale: 1000,
  seed: 'soak-ci',
  maxKillsPerRun: 2,
  teardownEvery: 3,
  rotateEvery: 2,
  runTimeoutMs: 60_000,
};

describe('soak: crash recovery of the workflow, small', () => {
  let workspace: Workspace;

  beforeAll(() => {
    assertBuilt(['dist/cli/index.js', 'dist/functions/index.js']);
    workspace = new Workspace();
  });

  afterAll(() => workspace?.remove());

  it('finishes every run after SIGKILLs in flight, leaving exactly what the runs built and no secret behind', async () => {
    const result = await runCrashSection(workspace, SMALL);

    expect(result.violations).toEqual([]);
    expect(result.runs.map((run) => [run.name, run.runtimeStatus])).toEqual([
      ['crash01', 'Completed'],
      ['crash02', 'Completed'],
      ['crash03', 'Completed'],
    ]);
    expect(result.runs[2]).toMatchObject({ teardown: true, teardownStatus: 'Completed' });
    // The second run's key was rotated with a kill in the rotation: it ended with both sides on the newest key.
    expect(result.runs[1]).toMatchObject({ rotate: true, rotation: { problem: undefined } });
    expect(['succeeded', 'restored']).toContain(result.runs[1]?.rotation?.state);
    // The kills really hit runs in flight, or this would prove nothing.
    expect(result.kills.length).toBeGreaterThanOrEqual(SMALL.runs);
    for (const run of result.runs) expect(run.killsHit).toBeGreaterThanOrEqual(1);
    expect(result.kills.some((kill) => kill.point === 'teardown')).toBe(true);
    // Two connections, nine resources each (subnets aside) in each cloud; nothing of the torn-down one.
    expect(result.inventory.resources).toEqual({ azure: 18, azureStack: 18 });
    expect(result.inventory.orphans).toEqual([]);
    expect(result.inventory.wrong).toEqual([]);
    expect(result.inventory.inProgressOperations).toEqual([]);
    expect(result.unfinishedInstances).toEqual([]);
    expect(result.events.missing).toEqual([]);
    expect(result.events.unstable).toEqual([]);
    expect(result.events.expected).toBe(3 * 8 + 1);

    const secrets = scanForSecrets(workspace);
    expect(secrets.violations).toEqual([]);
    // Three connections' keys, and the rotated one's earlier key.
    expect(secrets.secrets.find((s) => s.kind === 'shared key')?.count).toBe(4);
  }, 120_000);
});
