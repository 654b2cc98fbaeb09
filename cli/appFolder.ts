// The --app folder of `host` and `serve` must exist: a usage error (exit 2) says which path was wrong. It only
// checks; loading the app is runtime/'s job.
import { stat } from 'node:fs/promises';
import { CommanderError } from 'commander';
import { EXIT_USAGE } from './exitCodes';

/** Resolves when `appDir` is a folder; otherwise writes the error to stderr and throws a usage error (exit 2). */
export async function requireAppFolder(appDir: string): Promise<void> {
  if (await isDirectory(appDir)) return;
  process.stderr.write(`error: the app folder does not exist: ${appDir}\n`);
  throw new CommanderError(EXIT_USAGE, 'hybrid-connection.noAppFolder', '');
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
