// The `hybrid-connection` command: one program, one sub-command per job. Exit codes: 0 ok, 1 failed, 2 bad usage/input.
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands';
import { EXIT_OK, EXIT_USAGE } from './exitCodes';
import { packageVersion } from './packageRoot';

export { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';

export function buildProgram(): Command {
  const program = new Command('hybrid-connection')
    .description('Site-to-site VPN between Azure and Azure Stack Hub, with a local runtime and simulator')
    .version(packageVersion(), '-V, --version', 'print the version of hybrid-connection')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Runs the command line; resolves with the exit code for commands that finish (servers keep running). */
export async function main(argv: string[]): Promise<number | undefined> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0; usage errors get 2.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    throw error;
  }
}
