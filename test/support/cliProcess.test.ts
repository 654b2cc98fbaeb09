// The shared CLI process helper fails loudly instead of hanging: a command that exits before its ready line rejects
// the start with its exit code and stderr; one that prints something other than JSON is killed and rejected.
import { assertBuilt, runCli, startCliProcess } from './cliProcess';

beforeAll(() => assertBuilt(['dist/cli/host.js']));

describe('startCliProcess', () => {
  it('rejects with the exit code and stderr when the command exits before its ready line', async () => {
    await expect(startCliProcess(['host', '--port', 'not-a-port'])).rejects.toThrow(
      /^host exited with 2 before it was ready; stderr:\n.*not-a-port/s,
    );
  });

  it('kills the command and rejects when the first stdout line is not JSON', async () => {
    // `--help` prints plain text and exits; the start must not take its first line for a ready message.
    await expect(startCliProcess(['--help'])).rejects.toThrow(/not the JSON ready message: Usage: hybrid-connection/);
  });
});

describe('runCli', () => {
  it('collects stdout and stderr and resolves with the exit code', async () => {
    const run = await runCli(['host', '--port', 'not-a-port']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('not-a-port');
  });
});
