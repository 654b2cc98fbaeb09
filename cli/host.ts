// `hybrid-connection host [--app DIR] [--port N] [--data DIR] [--time-scale X] [--skip-unsupported]`: runs a Functions v4 app like
// `func start`, prints one JSON ready line on stdout ({"ready":true,"url","keys":{"master","function"}}), logs to
// stderr, and stops cleanly on SIGINT/SIGTERM. The ready line is the only thing this command writes to stdout.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startHost, type RunningHost } from '../runtime';
import { requireAppFolder } from './appFolder';
import { EXIT_FAILED } from './exitCodes';
import { parsePort, parseTimeScale } from './optionParsers';
import { removeServerFile, writeServerFile } from './serverFile';
import { startFailure } from './startFailure';
import { stopOnSignals } from './stopOnSignals';

interface HostCommandOptions {
  app: string;
  port?: number;
  data?: string;
  timeScale?: number;
  skipUnsupported?: boolean;
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
    .option(
      '--data <dir>',
      'data folder for keys, clock, the Durable store and host.log (default <app>/.hybrid-connection)',
    )
    .option('--time-scale <x>', 'virtual seconds per wall second for durable timers (default 1)', parseTimeScale)
    .option(
      '--skip-unsupported',
      'serve the app without the functions this host cannot serve (unsupported triggers or bindings), instead of refusing it',
    )
    .action(async (options: HostCommandOptions) => {
      const appDir = resolve(options.app);
      await requireAppFolder(appDir);
      let host: RunningHost;
      try {
        host = await startHost({
          appDir,
          port: options.port,
          dataDir: options.data === undefined ? undefined : resolve(options.data),
          timeScale: options.timeScale,
          skipUnsupported: options.skipUnsupported === true,
        });
      } catch (error) {
        // A port in use or an app that cannot be served is its message, not a stack (exit 1 either way).
        process.stderr.write(`error: ${startFailure(error)}\n`);
        process.exit(EXIT_FAILED);
      }
      // <data>/server.json tells the user CLI where this host listens (its keys are in keys.json beside it).
      if (host.dataDir !== undefined) writeServerFile(host.dataDir, host.url);
      // Handlers first: a caller may signal the moment it reads the ready line, before another statement runs here.
      stopOnSignals({
        what: 'the host',
        who: 'The host',
        stop: () => {
          if (host.dataDir !== undefined) removeServerFile(host.dataDir);
          return host.stop();
        },
      });
      process.stdout.write(`${readyLine(host)}\n`);
    });
}
