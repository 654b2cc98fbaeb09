// `hybrid-connection demo [--plan FILE] [--time-scale X] [--seed S] [--timeout SECONDS] [--keep-data]` (`npm start`):
// provisions the example plan end to end against the simulator, with live progress and a summary. Exit 0 when the
// connection is built, 1 when the run failed or timed out, 2 on bad usage. Never prints a key or a secret.
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { parseSeed, parseTimeScale } from './optionParsers';
import { runDemo } from './demo/runDemo';

interface DemoCommandOptions {
  plan?: string;
  timeScale: number;
  seed?: number | string;
  timeout: number;
  keepData?: boolean;
}

/** 45 virtual minutes of gateway in about 2.7 s of wall time. */
export const DEMO_TIME_SCALE = 1000;
const DEMO_TIMEOUT_SECONDS = 90;

function parseSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InvalidArgumentError('must be a positive number.');
  return seconds;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Provision the example plan end to end against the simulator, with live progress and a summary')
    .option('--plan <file>', 'the plan to provision (default examples/plan.json)')
    .option('--time-scale <x>', `virtual seconds per wall second (default ${DEMO_TIME_SCALE})`, parseTimeScale)
    .option('--seed <s>', 'seed of the simulator (default 1)', parseSeed)
    .option('--timeout <seconds>', `give up after this much wall time (default ${DEMO_TIMEOUT_SECONDS})`, parseSeconds)
    .option('--keep-data', 'keep the data folder (task hub, host log) after a successful run')
    .action(async (options: Partial<DemoCommandOptions>) => {
      const code = await runDemo({
        ...(options.plan !== undefined ? { planFile: resolve(options.plan) } : {}),
        timeScale: options.timeScale ?? DEMO_TIME_SCALE,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        timeoutMs: (options.timeout ?? DEMO_TIMEOUT_SECONDS) * 1000,
        keepData: options.keepData === true,
        out: (line) => process.stdout.write(`${line}\n`),
      });
      // Exit explicitly: keep-alive sockets of the app's SDK clients must not hold the finished demo open.
      process.exit(code);
    });
}
