// `hybrid-connection serve --simulate [--port N] [--data DIR] [--time-scale X] [--seed S] [--app DIR]`: the app on
// the local runtime wired to the simulator in one process. Prints exactly one JSON ready line on stdout
// ({"ready","url","keys","simulator"}), logs on stderr, writes <data>/server.json while it runs, and stops cleanly on
// SIGINT/SIGTERM (exit 0). Without --simulate it is `host` for this app against the clouds in local.settings.json.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import { AppLoadError, DEFAULT_DATA_FOLDER, HostConfigError } from '../runtime';
import { stderrLog } from '../runtime/host/log';
import { SimulatorOptionsError } from '../simulator';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';
import { parsePort, parseTimeScale } from './host';
import { packageRoot } from './packageRoot';
import { removeServerFile, writeServerFile } from './serverFile';
import { startServer, type RunningServer } from './startServer';

interface ServeCommandOptions {
  simulate?: boolean;
  app?: string;
  port?: number;
  data?: string;
  timeScale?: number;
  seed?: number | string;
}

/** A shutdown that takes longer than this is abandoned (exit 1) rather than leaving a process behind. */
const STOP_TIMEOUT_MS = 15_000;

export function parseSeed(text: string): number | string {
  if (text.trim() === '') throw new InvalidArgumentError('must not be empty.');
  // A number when the text is one, so `--seed 7` here and in `sim` give the same simulator.
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run this app on the local runtime; with --simulate, wired to the simulator (one JSON ready line)')
    .option('--simulate', 'start the local Azure + Azure Stack Hub simulator and point the app at it')
    .option('--app <dir>', 'the app folder (default: this package, built to dist/)')
    .option('--port <n>', 'HTTP port of the app on 127.0.0.1 (0 = any free port; default 7071)', parsePort)
    .option('--data <dir>', `data folder: keys, task hub, clock, CA, server.json (default ./${DEFAULT_DATA_FOLDER})`)
    .option(
      '--time-scale <x>',
      'virtual seconds per wall second, shared by timers and simulator (default 1)',
      parseTimeScale,
    )
    .option('--seed <s>', 'seed of the simulator (ids, latencies, faults); --simulate only (default 1)', parseSeed)
    .action(async (options: ServeCommandOptions) => {
      if (options.seed !== undefined && !options.simulate) {
        process.stderr.write('error: --seed only applies with --simulate\n');
        throw new CommanderError(EXIT_USAGE, 'hybrid-connection.seedWithoutSimulate', '');
      }
      const appDir = options.app === undefined ? packageRoot() : resolve(options.app);
      if (!(await isDirectory(appDir))) {
        process.stderr.write(`error: the app folder does not exist: ${appDir}\n`);
        throw new CommanderError(EXIT_USAGE, 'hybrid-connection.noAppFolder', '');
      }
      const log = stderrLog();
      let server: RunningServer;
      try {
        server = await startServer({
          simulate: options.simulate === true,
          appDir,
          dataDir: resolve(options.data ?? DEFAULT_DATA_FOLDER),
          ...(options.port !== undefined ? { port: options.port } : {}),
          ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          log,
        });
      } catch (error) {
        process.stderr.write(`error: ${startFailure(error)}\n`);
        process.exit(error instanceof SimulatorOptionsError ? EXIT_USAGE : EXIT_FAILED);
      }
      writeServerFile(server.dataDir, server.url);
      // Handlers first: a caller may signal the moment it reads the ready line, before another statement runs here.
      stopOnSignals(server);
      process.stdout.write(`${JSON.stringify(server.readyInfo())}\n`);
    });
}

function startFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AppLoadError && /dist[\\/]/.test(message)) {
    return `${message}\nBuild the app first: npm run build`;
  }
  if (error instanceof AppLoadError || error instanceof HostConfigError) return message;
  return error instanceof Error ? (error.stack ?? message) : message;
}

function stopOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping the app${server.sim ? ' and the simulator' : ''}\n`);
    setTimeout(() => {
      process.stderr.write('serve did not stop in time; exiting\n');
      process.exit(EXIT_FAILED);
    }, STOP_TIMEOUT_MS).unref();
    removeServerFile(server.dataDir);
    server.stop().then(
      // Exit explicitly: keep-alive sockets of the app's SDK clients must not keep a stopped server around.
      () => process.exit(EXIT_OK),
      (error: unknown) => {
        process.stderr.write(`serve failed to stop: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(EXIT_FAILED);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
