// The --azure-subscription / --azurestack-subscription options of `sim` and `serve --simulate`: which subscription id
// each simulated cloud serves, so a plan that already names its subscriptions (examples/plan.json) runs unchanged.
import type { Command } from 'commander';
import type { SimulatorOptions } from '../simulator';
import { parseSubscriptionId } from './optionParsers';

export interface SubscriptionCommandOptions {
  azureSubscription?: string;
  azurestackSubscription?: string;
}

/** Adds both options; `defaultsTo` names the default in the help text. */
export function addSubscriptionOptions(command: Command, defaultsTo: string): Command {
  return command
    .option(
      '--azure-subscription <id>',
      `the subscription id the simulated Azure serves (default ${defaultsTo})`,
      parseSubscriptionId,
    )
    .option(
      '--azurestack-subscription <id>',
      `the subscription id the simulated Azure Stack Hub serves (default ${defaultsTo})`,
      parseSubscriptionId,
    );
}

/** The simulator's `subscriptions` from the options; a cloud left out keeps the simulator's own default. */
export function subscriptionsOf(options: SubscriptionCommandOptions): NonNullable<SimulatorOptions['subscriptions']> {
  return {
    ...(options.azureSubscription !== undefined ? { azure: options.azureSubscription } : {}),
    ...(options.azurestackSubscription !== undefined ? { azureStack: options.azurestackSubscription } : {}),
  };
}
