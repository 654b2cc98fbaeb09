// `hybrid-connection host [--app DIR] [--port N] [--data DIR] [--time-scale X]`: runs a Functions v4 app like
// `func start`, prints one JSON ready line on stdout ({"ready":true,"url","keys":{"master","function"}}), logs to
// stderr, and stops cleanly on SIGINT/SIGTERM. The ready line is the only thing this command writes to stdout.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import { startHost, type RunningHost } from '../runtime';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';
import { removeServerFile, writeServerFile } from './serverFile';

interface HostCommandOptions {
  app: string;
  port?: number;
  data?: string;
  timeScale?: number;
}

/** A shutdown that takes longer than this is abandoned (exit 1) rather than leaving a process behind. */
const STOP_TIMEOUT_MS = 15_000;

export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}

export function parseTimeScale(text: string): number {
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale <= 0) throw new InvalidArgumentError('must be a positive number.');
  return scale;
}

export function readyLine(host: Pick<RunningHost, 'url' | 'keys'>): string {
  return JSON.stringify({
    ready: true,
    url: host.url,
    keys: { master: host.keys.master, function: host.keys.function },
  });
}

export function registerHostCommand(program: Command): void {
  program
    .command('host')
    .description('Run a Functions v4 + Durable Functions 3 app locally, like func start (prints one JSON ready line)')
    .option('--app <dir>', 'the app folder (package.json main, host.json, local.settings.json)', process.cwd())
    .option('--port <n>', 'HTTP port on 127.0.0.1 (0 = any free port; default 7071)', parsePort)
    .option('--data <dir>', 'data folder for keys, clock and the Durable store (default <app>/.hybrid-connection)')
    .option('--time-scale <x>', 'virtual seconds per wall second for durable timers (default 1)', parseTimeScale)
    .action(async (options: HostCommandOptions) => {
      const appDir = resolve(options.app);
      if (!(await isDirectory(appDir))) {
        process.stderr.write(`error: the app folder does not exist: ${appDir}\n`);
        throw new CommanderError(EXIT_USAGE, 'hybrid-connection.noAppFolder', '');
      }
      const host = await startHost({
        appDir,
        port: options.port,
        dataDir: options.data === undefined ? undefined : resolve(options.data),
        timeScale: options.timeScale,
      });
      // <data>/server.json tells the user CLI where this host listens (its keys are in keys.json beside it).
      if (host.dataDir !== undefined) writeServerFile(host.dataDir, host.url);
      // Handlers first: a caller may signal the moment it reads the ready line, before another statement runs here.
      stopOnSignals(host);
      process.stdout.write(`${readyLine(host)}\n`);
    });
}

function stopOnSignals(host: RunningHost): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping the host\n`);
    setTimeout(() => {
      process.stderr.write('The host did not stop in time; exiting\n');
      process.exit(EXIT_FAILED);
    }, STOP_TIMEOUT_MS).unref();
    if (host.dataDir !== undefined) removeServerFile(host.dataDir);
    host.stop().then(
      // Exit explicitly: sockets kept alive by app code (e.g. HTTP agents) must not keep a stopped host around.
      () => process.exit(EXIT_OK),
      (error: unknown) => {
        process.stderr.write(`The host failed to stop: ${error instanceof Error ? error.message : String(error)}\n`);
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
