// Runs the built `hybrid-connection` command as a child process, as users do, with a clean environment (no
// HYBRID_CONNECTION_* from the developer's shell) unless the test passes its own.
import { runCli as runCliProcess, type CliRun } from '../support/cliProcess';

export type { CliRun };

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  // undefined removes a name from the child's environment; colour is always off, so output compares as text.
  const env: NodeJS.ProcessEnv = {
    HYBRID_CONNECTION_URL: undefined,
    HYBRID_CONNECTION_KEY: undefined,
    NO_PROXY: '127.0.0.1,localhost',
    ...(options.env ?? {}),
    FORCE_COLOR: undefined,
  };
  return runCliProcess(args, { cwd: options.cwd, env, timeoutMs: options.timeoutMs });
}
