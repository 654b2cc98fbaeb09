// Every sub-command of `hybrid-connection`, each defined in its own file under cli/.
import type { Command } from 'commander';
import { registerValidateCommand } from './validate';
import { registerHostCommand } from './host';
import { registerSimCommand } from './sim';
import { registerServeCommand } from './serve';
import { registerDemoCommand } from './demo';
import { registerUpCommand } from './up';
import { registerPlanCommand } from './plan';
import { registerStatusCommand } from './status';
import { registerListCommand } from './list';
import { registerWatchCommand } from './watch';
import { registerDownCommand } from './down';
import { addHelpExamples } from './helpExamples';
import { registerLogsCommand } from './logs';
import { registerRotateKeyCommand } from './rotateKey';

type CommandRegistrar = (program: Command) => void;

const registrars: CommandRegistrar[] = [
  registerValidateCommand,
  registerHostCommand,
  registerSimCommand,
  registerServeCommand,
  registerDemoCommand,
  registerPlanCommand,
  registerUpCommand,
  registerStatusCommand,
  registerListCommand,
  registerWatchCommand,
  registerDownCommand,
  registerLogsCommand,
  registerRotateKeyCommand,
];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
  addHelpExamples(program);
}
