// `hybrid-connection sim [--port N] [--data DIR] [--time-scale X] [--seed S]`: runs the local Azure + Azure Stack Hub
// simulator, prints exactly one JSON ready line on stdout (endpoints, the built-in service principal, CA path), logs
// to stderr, and stops cleanly on SIGINT/SIGTERM (exit 0). The ready line is the only thing written to stdout.
import { resolve } from 'node:path';
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import { startSimulator, SimulatorOptionsError, type Simulator } from '../simulator';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';

interface SimCommandOptions {
  port?: number;
  data?: string;
  timeScale?: number;
  seed?: string;
}

/** A shutdown that takes longer than this is abandoned (exit 1) rather than leaving a process behind. */
const STOP_TIMEOUT_MS = 15_000;

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535.');
  return port;
}

function parseTimeScale(text: string): number {
  const scale = Number(text);
  if (text.trim() === '' || !Number.isFinite(scale) || scale <= 0)
    throw new InvalidArgumentError('must be a positive number.');
  return scale;
}

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('Run the local Azure and Azure Stack Hub simulator (prints one JSON ready line)')
    .option('--port <n>', 'HTTPS port on 127.0.0.1 (0 = any free port; default 0)', parsePort)
    .option('--data <dir>', 'folder for the CA and server certificate (default: a temporary folder)')
    .option(
      '--time-scale <x>',
      'virtual seconds per wall second (default 1; 1000 turns 40 minutes into 2.4 s)',
      parseTimeScale,
    )
    .option('--seed <s>', 'seed of every random choice: ids, latencies, faults (default 1)')
    .action(async (options: SimCommandOptions) => {
      let sim: Simulator;
      try {
        sim = await startSimulator({
          port: options.port,
          dataDir: options.data === undefined ? undefined : resolve(options.data),
          timeScale: options.timeScale,
          seed: options.seed === undefined ? undefined : seedOf(options.seed),
          log: (line) => process.stderr.write(`${line}\n`),
        });
      } catch (error) {
        if (error instanceof SimulatorOptionsError) {
          process.stderr.write(`error: ${error.message}\n`);
          throw new CommanderError(EXIT_USAGE, 'hybrid-connection.badSimOptions', error.message);
        }
        throw error;
      }
      // Handlers first: a script may send SIGTERM the moment it reads the ready line.
      stopOnSignals(sim);
      process.stdout.write(`${JSON.stringify(sim.readyInfo())}\n`);
    });
}

/** A number when the text is one (so `--seed 7` and `seed: 7` give the same run), else the text. */
function seedOf(text: string): number | string {
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

function stopOnSignals(sim: Simulator): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping the simulator\n`);
    setTimeout(() => {
      process.stderr.write('The simulator did not stop in time; exiting\n');
      process.exit(EXIT_FAILED);
    }, STOP_TIMEOUT_MS).unref();
    sim.stop().then(
      // Exit explicitly: a stopped simulator must not linger because of a timer some service forgot.
      () => process.exit(EXIT_OK),
      (error: unknown) => {
        process.stderr.write(
          `The simulator failed to stop: ${error instanceof Error ? error.message : String(error)}\n`,
        );
        process.exit(EXIT_FAILED);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
