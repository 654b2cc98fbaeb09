// `hybrid-connection serve --simulate [--port N] [--data DIR] [--time-scale X] [--seed S] [--stamps N] [--app DIR]`:
// the app on the local runtime wired to the simulator (N Azure Stack Hub stamps) in one process. Prints exactly one JSON ready line on stdout
// ({"ready","url","keys","simulator"}), logs on stderr, writes <data>/server.json while it runs, and stops cleanly on
// SIGINT/SIGTERM (exit 0). Without --simulate it is `host` for this app against the clouds in local.settings.json.
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { DEFAULT_DATA_FOLDER } from '../runtime';
import { stderrLog } from '../runtime/host/log';
import { SimulatorOptionsError } from '../simulator';
import { requireAppFolder } from './appFolder';
import { EXIT_FAILED, EXIT_USAGE } from './exitCodes';
import { parsePort, parseSeed, parseStamps, parseTimeScale } from './optionParsers';
import { packageRoot } from './packageRoot';
import { removeServerFile, writeServerFile } from './serverFile';
import { startFailure } from './startFailure';
import { startServer, type RunningServer } from './startServer';
import { stopOnSignals } from './stopOnSignals';
import { addSubscriptionOptions, subscriptionsOf, type SubscriptionCommandOptions } from './subscriptionOptions';

interface ServeCommandOptions extends SubscriptionCommandOptions {
  simulate?: boolean;
  app?: string;
  port?: number;
  data?: string;
  timeScale?: number;
  seed?: number | string;
  stamps?: number;
  strict?: boolean;
}

export function registerServeCommand(program: Command): void {
  const command = program
    .command('serve')
    .description('Run this app on the local runtime; with --simulate, wired to the simulator (one JSON ready line)')
    .option('--simulate', 'start the local Azure + Azure Stack Hub simulator and point the app at it')
    .option('--app <dir>', 'the app folder (default: this package, built to dist/)')
    .option('--port <n>', 'HTTP port of the app on 127.0.0.1 (0 = any free port; default 7071)', parsePort)
    .option(
      '--data <dir>',
      `data folder: keys, task hub, clock, CA, server.json, host.log (default ./${DEFAULT_DATA_FOLDER})`,
    )
    .option(
      '--time-scale <x>',
      'virtual seconds per wall second, shared by timers and simulator (default 1)',
      parseTimeScale,
    )
    .option('--seed <s>', 'seed of the simulator (ids, latencies, faults); --simulate only (default 1)', parseSeed)
    .option(
      '--stamps <n>',
      'Azure Stack Hub stamps the simulator serves and the app is configured with, 1-20; --simulate only (default 1)',
      parseStamps,
    )
    .option('--strict', "the simulator checks write bodies against the SDK's models; --simulate only (default)")
    .option('--no-strict', 'the simulator does not check write bodies against the models; --simulate only');
  addSubscriptionOptions(command, "examples/plan.json's; --simulate only").action(
    async (options: ServeCommandOptions) => {
      const simulatorOnly = simulatorOnlyOptionsGiven(options);
      if (simulatorOnly.length > 0 && !options.simulate) {
        process.stderr.write(`error: ${simulatorOnly.join(', ')} only applies with --simulate\n`);
        throw new CommanderError(EXIT_USAGE, 'hybrid-connection.simulatorOptionWithoutSimulate', '');
      }
      const appDir = options.app === undefined ? packageRoot() : resolve(options.app);
      await requireAppFolder(appDir);
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
          ...(options.stamps !== undefined ? { stamps: options.stamps } : {}),
          ...(options.strict !== undefined ? { strict: options.strict } : {}),
          subscriptions: subscriptionsOf(options),
          log,
        });
      } catch (error) {
        process.stderr.write(`error: ${startFailure(error)}\n`);
        process.exit(error instanceof SimulatorOptionsError ? EXIT_USAGE : EXIT_FAILED);
      }
      writeServerFile(server.dataDir, server.url);
      // Handlers first: a caller may signal the moment it reads the ready line, before another statement runs here.
      stopOnSignals({
        what: server.sim ? 'the app and the simulator' : 'the app',
        who: 'serve',
        stop: () => {
          removeServerFile(server.dataDir);
          return server.stop();
        },
      });
      process.stdout.write(`${JSON.stringify(server.readyInfo())}\n`);
    },
  );
}

/** The options that configure the simulator, by their flag, when given. */
function simulatorOnlyOptionsGiven(options: ServeCommandOptions): string[] {
  return [
    ...(options.seed !== undefined ? ['--seed'] : []),
    ...(options.stamps !== undefined ? ['--stamps'] : []),
    ...(options.strict !== undefined ? [options.strict ? '--strict' : '--no-strict'] : []),
    ...(options.azureSubscription !== undefined ? ['--azure-subscription'] : []),
    ...(options.azurestackSubscription !== undefined ? ['--azurestack-subscription'] : []),
  ];
}
