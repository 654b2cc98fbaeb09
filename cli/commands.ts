// Every sub-command of `hybrid-connection`, each defined in its own file under cli/.
import type { Command } from 'commander';
import { registerValidateCommand } from './validate';
import { registerHostCommand } from './host';
import { registerSimCommand } from './sim';

type CommandRegistrar = (program: Command) => void;

const registrars: CommandRegistrar[] = [registerValidateCommand, registerHostCommand, registerSimCommand];

export function registerCommands(program: Command): void {
  for (const register of registrars) register(program);
}
