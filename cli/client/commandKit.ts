// What the connection commands (up, status, list, watch, down) share: the --url/--key/--data/--json options, turning
// them into a client, one JSON document for --json, and errors into messages and exit codes. Keys are never printed.
import { InvalidArgumentError, type Command } from 'commander';
import { ConnectionsClient } from './apiClient';
import { isInteractive } from './confirm';
import { exitCodeFor, jsonFor, messageFor } from './commandErrors';
import { DurationHistory } from './durationHistory';
import { DEFAULT_DATA_DIR, KEY_ENV, resolveTarget, URL_ENV, type Target } from './resolveTarget';
import { trustConfiguredCa } from './trustedCa';

export interface ConnectionCommandOptions {
  url?: string;
  key?: string;
  data?: string;
  json?: boolean;
  /** Poll interval in seconds (commands that follow a run). */
  interval?: number;
}

export interface CommandContext {
  target: Target;
  client: ConnectionsClient;
  json: boolean;
  openHistory(): Promise<DurationHistory>;
}

export const DEFAULT_POLL_SECONDS = 2;

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--url <url>', `base URL of the app (default: $${URL_ENV}, else the local server in --data)`)
    .option('--key <key>', `function key (default: $${KEY_ENV}, else keys.json in --data)`)
    .option('--data <dir>', `data folder of a local serve/host (default ./${DEFAULT_DATA_DIR})`)
    .option('--json', 'print one JSON document on stdout instead of text');
}

export function addIntervalOption(command: Command): Command {
  return command.option(
    '--interval <seconds>',
    `seconds between status polls (default ${DEFAULT_POLL_SECONDS})`,
    parseInterval,
  );
}

/**
 * `--wait` / `--no-wait` of the commands that start something (up, down). Both follow to the end by default only when
 * a person is watching (stdout is a terminal); scripts and CI get the quick 202 unless they ask.
 */
export function addWaitOptions(command: Command, what: string): Command {
  return command
    .option('--wait', `follow the ${what} until it ends (default when stdout is a terminal)`)
    .option('--no-wait', `return as soon as the ${what} has started (default when stdout is not a terminal)`);
}

/** `--yes` of the commands that ask first on a terminal (up, down). */
export function addYesOption(command: Command, what: string): Command {
  return command.option('-y, --yes', `start ${what} without showing the preview and asking (terminals only ask)`);
}

/** Ask only a person: on a terminal, without --yes, and never for --json (a script reads that). */
export function askFirst(options: { yes?: boolean; json?: boolean }): boolean {
  return options.yes !== true && options.json !== true && isInteractive();
}

export function shouldWait(option: boolean | undefined, stdoutIsTTY: boolean = process.stdout.isTTY === true): boolean {
  return option ?? stdoutIsTTY;
}

export function parseInterval(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new InvalidArgumentError('must be a number of seconds between 0 and 3600.');
  }
  return value;
}

export function intervalMsOf(options: ConnectionCommandOptions): number {
  return Math.round((options.interval ?? DEFAULT_POLL_SECONDS) * 1000);
}

/**
 * Runs a command body and sets process.exitCode from what it returns or throws. Exit codes travel this way rather
 * than as CommanderError, which main() maps to 2 whatever its code.
 */
export async function runConnectionCommand(
  options: ConnectionCommandOptions,
  body: (context: CommandContext) => Promise<number>,
): Promise<void> {
  const json = options.json === true;
  exitQuietlyOnClosedPipe();
  let target: Target | undefined;
  try {
    trustConfiguredCa();
    const resolved = await resolveTarget(options);
    target = resolved;
    const context: CommandContext = {
      target: resolved,
      client: new ConnectionsClient(resolved),
      json,
      openHistory: () => DurationHistory.open(resolved.dataDir, resolved.url),
    };
    process.exitCode = await body(context);
  } catch (error) {
    if (json) writeJson(jsonFor(error, target));
    else process.stderr.write(`error: ${messageFor(error, target)}\n`);
    process.exitCode = exitCodeFor(error);
  }
}

/** `hybrid-connection watch x | head`: a reader that goes away ends the command quietly, not with a stack trace. */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
}

export function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/**
 * Ctrl-C while following: the run goes on in the app, so say how to pick it up again, restore the terminal and
 * exit 130 (the shell's code for SIGINT). Returns a function that removes the handler.
 */
export function onInterrupt(name: string, cleanup: () => void): () => void {
  const handler = (): void => {
    cleanup();
    process.stderr.write(
      `\nstopped following ${name}; it keeps running in the app. Follow it again with: hybrid-connection watch ${name}\n`,
    );
    process.exit(130);
  };
  process.once('SIGINT', handler);
  return () => process.removeListener('SIGINT', handler);
}
