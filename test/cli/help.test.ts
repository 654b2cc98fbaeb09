// What a newcomer reads first: `--version` prints the package's version, and every command's --help (and the
// program's) ends with examples of how to run it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP_EXAMPLES } from '../../cli/helpExamples';
import { buildProgram } from '../../cli/index';
import { PROJECT_ROOT } from '../support/cliProcess';
import { runCli } from './cliRunner';

describe('hybrid-connection --version', () => {
  it("prints package.json's version alone and exits 0", async () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const run = await runCli([flag]);
      expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });
});

describe('--help of every command', () => {
  it('ends with an example of running that command', async () => {
    const program = buildProgram();
    const names = program.commands.map((command) => command.name());
    expect(Object.keys(HELP_EXAMPLES).sort()).toEqual([...names].sort());
    for (const name of names) {
      const run = await runCli([name, '--help']);
      expect(run.code).toBe(0);
      const tail = run.stdout.slice(run.stdout.lastIndexOf('\nExample'));
      // The first example runs the command itself (serve's second one shows what comes next: up).
      expect(tail).toMatch(new RegExp(`^\\nExamples?:\\n {2}\\$ hybrid-connection ${name}\\b.*\\n( {2}\\$ .+\\n)*$`));
    }
  });

  it('ends, for the program itself, with the first hour: serve, up, logs', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Examples:\n {2}\$ hybrid-connection serve --simulate .*\n {2}\$ hybrid-connection up examples\/plan\.json --wait/,
    );
  });
});
