// `hybrid-connection sim [--port N] [--data DIR] [--time-scale X] [--seed S] [--stamps N] [--[no-]strict]`: runs the
// local Azure + Azure Stack Hub simulator (N stamps; with --data its state and port survive a restart), prints exactly
// one JSON ready line on stdout (endpoints, the built-in service principal, CA path), logs to stderr, and stops cleanly
// on SIGINT/SIGTERM (exit 0). The ready line is the only thing written to stdout.
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { startSimulator, SimulatorOptionsError, SimulatorStateError, type Simulator } from '../simulator';
import { EXIT_FAILED, EXIT_USAGE } from './exitCodes';
import { parsePort, parseSeed, parseStamps, parseTimeScale } from './optionParsers';
import { listenFailure } from './startFailure';
import { stopOnSignals } from './stopOnSignals';
import { addSubscriptionOptions, subscriptionsOf, type SubscriptionCommandOptions } from './subscriptionOptions';

interface SimCommandOptions extends SubscriptionCommandOptions {
  port?: number;
  data?: string;
  timeScale?: number;
  seed?: number | string;
  stamps?: number;
  strict?: boolean;
}

export function registerSimCommand(program: Command): void {
  const command = program
    .command('sim')
    .description('Run the local Azure and Azure Stack Hub simulator (prints one JSON ready line)')
    .option('--port <n>', 'HTTPS port on 127.0.0.1 (0 = any free port; default 0)', parsePort)
    .option(
      '--data <dir>',
      'folder for the CA, certificates and the state (resources, operations, secrets, port), kept across restarts ' +
        '(default: a temporary folder, state in memory)',
    )
    .option(
      '--time-scale <x>',
      'virtual seconds per wall second (default 1; 1000 turns 40 minutes into 2.4 s)',
      parseTimeScale,
    )
    .option('--seed <s>', 'seed of every random choice: ids, latencies, faults (default 1)', parseSeed)
    .option(
      '--stamps <n>',
      'Azure Stack Hub stamps to serve, 1-20: the first at /azurestack, stamp N at /azurestackN (default 1)',
      parseStamps,
    )
    .option('--strict', "check every write body against the SDK package's model of its api-version (default)")
    .option('--no-strict', 'serve bodies the resource types accept without checking them against the model');
  addSubscriptionOptions(command, 'one derived from the seed').action(async (options: SimCommandOptions) => {
    let sim: Simulator;
    try {
      sim = await startSimulator({
        port: options.port,
        dataDir: options.data === undefined ? undefined : resolve(options.data),
        persistState: options.data !== undefined,
        timeScale: options.timeScale,
        seed: options.seed,
        ...(options.stamps !== undefined ? { azureStackStamps: options.stamps } : {}),
        ...(options.strict !== undefined ? { strict: options.strict } : {}),
        subscriptions: subscriptionsOf(options),
        log: (line) => process.stderr.write(`${line}\n`),
      });
    } catch (error) {
      if (error instanceof SimulatorOptionsError) {
        process.stderr.write(`error: ${error.message}\n`);
        throw new CommanderError(EXIT_USAGE, 'hybrid-connection.badSimOptions', error.message);
      }
      if (error instanceof SimulatorStateError) {
        process.stderr.write(`error: ${error.message}\n`);
        process.exit(EXIT_FAILED);
      }
      const listen = listenFailure(error);
      if (listen === undefined) throw error;
      process.stderr.write(`error: ${listen}\n`);
      process.exit(EXIT_FAILED);
    }
    // Handlers first: a script may send SIGTERM the moment it reads the ready line.
    stopOnSignals({ what: 'the simulator', who: 'The simulator', stop: () => sim.stop() });
    process.stdout.write(`${JSON.stringify(sim.readyInfo())}\n`);
  });
}
