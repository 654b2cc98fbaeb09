// `hybrid-connection down NAME`: tears a connection down (DELETE /api/connections/{name}: only resources tagged as
// its own) and, with --wait (the default on a terminal, as for `up`), follows the teardown. Exit 0 started or torn
// down, 1 refused (still provisioning, unknown name) or failed.
import type { Command } from 'commander';
import { ApiStatusError } from './client/apiStatusError';
import { apiErrorOf } from './client/apiTypes';
import {
  addConnectionOptions,
  addIntervalOption,
  addWaitOptions,
  intervalMsOf,
  runConnectionCommand,
  shouldWait,
  writeJson,
  type ConnectionCommandOptions,
} from './client/commandKit';
import { EXIT_FAILED, EXIT_OK } from './exitCodes';
import { finishFollowed, followToEnd } from './watch';

interface DownOptions extends ConnectionCommandOptions {
  wait?: boolean;
}

export function registerDownCommand(program: Command): void {
  const command = program
    .command('down')
    .description('Tear a connection down (only the resources tagged as its own); --wait follows it to the end')
    .argument('<name>', 'the connection name (plan.name)');
  addIntervalOption(addConnectionOptions(addWaitOptions(command, 'teardown'))).action(
    async (name: string, options: DownOptions) => {
      await runConnectionCommand(options, async (context) => {
        const response = await context.client.delete(name);
        if (response.status === 409 || response.status === 404) {
          if (context.json) writeJson(response.body);
          else process.stderr.write(`${apiErrorOf(response.body)?.message ?? `cannot tear down ${name}`}\n`);
          return EXIT_FAILED;
        }
        if (response.status !== 202) throw new ApiStatusError(response, `tearing down ${name}`);
        if (!shouldWait(options.wait)) {
          if (context.json) writeJson(response.body);
          else process.stdout.write(`teardown of ${name} started; follow it with: hybrid-connection watch ${name}\n`);
          return EXIT_OK;
        }
        if (!context.json) process.stdout.write(`teardown of ${name} started\n`);
        const followed = await followToEnd(context, name, { kind: 'teardown', intervalMs: intervalMsOf(options) });
        return finishFollowed(context, followed, 'teardown');
      });
    },
  );
}
