// `hybrid-connection logs NAME [--data DIR] [--follow] [--json]`: one connection's log lines from the invocation log a
// local `serve` or `host` keeps in its data folder (<data>/host.log): its instance hc-<name> and that instance's
// children and teardown. Reads the file only, never the app. Exit 0 lines shown, 1 none for that name, 2 no log there.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { instanceIdFor } from '../lib/naming';
import { INVOCATION_LOG_FILE } from '../runtime/host/invocationLog';
import { exitQuietlyOnClosedPipe } from './client/commandKit';
import { DEFAULT_DATA_DIR } from './client/resolveTarget';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';
import { belongsTo, formatLogEntry, parseLogLine, type LogEntry } from './logs/logEntries';
import { LogFileReader } from './logs/logFile';
import { STOP_SIGNALS } from './stopOnSignals';

interface LogsOptions {
  data?: string;
  follow?: boolean;
  json?: boolean;
}

/** How often --follow looks for new lines: the writer appends whole lines at once, so a poll sees them soon enough. */
const FOLLOW_POLL_MS = 250;

export function registerLogsCommand(program: Command): void {
  program
    .command('logs')
    .description("Show one connection's log lines from a local serve/host (<data>/host.log); --follow keeps going")
    .argument('<name>', 'the connection name (plan.name): its instance hc-<name> and hc-<name>:... children')
    .option('--data <dir>', `data folder of the local serve/host (default ./${DEFAULT_DATA_DIR})`)
    .option('--follow', 'keep printing new lines as they come (stop with Ctrl-C)')
    .option('--json', 'one JSON document {"name","entries":[...]}; with --follow, one JSON entry per line')
    .action(async (name: string, options: LogsOptions) => {
      exitQuietlyOnClosedPipe();
      const path = resolve(options.data ?? DEFAULT_DATA_DIR, INVOCATION_LOG_FILE);
      const reader = new LogFileReader(path);
      // Following may start before the server does; a one-off read of a folder without a log is a wrong --data.
      if (!options.follow && !existsSync(path) && !existsSync(`${path}.1`)) {
        process.stderr.write(
          `error: no invocation log at ${path}: run hybrid-connection serve (or host) with this data folder, or ` +
            'point --data at its own\n',
        );
        throw new CommanderError(EXIT_USAGE, 'hybrid-connection.noLog', '');
      }
      const mine = belongsTo(name);
      const { entries, unreadable } = select(await reader.readAll(), mine);
      if (unreadable > 0) process.stderr.write(`warning: ${unreadable} unreadable line(s) in ${path} skipped\n`);
      if (!options.follow) {
        if (options.json) process.stdout.write(`${JSON.stringify({ name, entries })}\n`);
        else for (const entry of entries) process.stdout.write(`${formatLogEntry(entry)}\n`);
        if (entries.length > 0) return;
        if (!options.json)
          process.stderr.write(`no log lines for ${name} (instance ${instanceIdFor(name)}) in ${path}\n`);
        process.exitCode = EXIT_FAILED;
        return;
      }
      const print = (entry: LogEntry): void => {
        process.stdout.write(`${options.json ? JSON.stringify(entry) : formatLogEntry(entry)}\n`);
      };
      entries.forEach(print);
      await followUntilSignal(async () => select(await reader.readNew(), mine).entries.forEach(print));
    });
}

function select(lines: string[], keep: (entry: LogEntry) => boolean): { entries: LogEntry[]; unreadable: number } {
  const entries: LogEntry[] = [];
  let unreadable = 0;
  for (const line of lines) {
    const entry = parseLogLine(line);
    if (entry === undefined) unreadable += 1;
    else if (keep(entry)) entries.push(entry);
  }
  return { entries, unreadable };
}

/** Polls until SIGINT/SIGTERM/SIGHUP, which end following normally (exit 0): nothing failed. */
function followUntilSignal(poll: () => Promise<void>): Promise<never> {
  return new Promise((_resolve, reject) => {
    let polling = false;
    const timer = setInterval(() => {
      if (polling) return;
      polling = true;
      poll().then(
        () => (polling = false),
        (error: unknown) => {
          clearInterval(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    }, FOLLOW_POLL_MS);
    for (const signal of STOP_SIGNALS) process.once(signal, () => process.exit(EXIT_OK));
  });
}
