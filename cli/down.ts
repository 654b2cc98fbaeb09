// `hybrid-connection down NAME`: tears a connection down (DELETE /api/connections/{name}: only resources tagged as
// its own) and, with --wait (the default on a terminal, as for `up`), follows the teardown. Exit 0 started or torn
// down, 1 refused (still provisioning, unknown name), failed or declined at the prompt (terminals only).
import type { Command } from 'commander';
import { ApiStatusError } from './client/apiStatusError';
import { apiErrorOf } from './client/apiTypes';
import { confirm } from './client/confirm';
import { parseTeardownPreview } from './client/previewTypes';
import {
  addConnectionOptions,
  addYesOption,
  askFirst,
  addIntervalOption,
  addWaitOptions,
  intervalMsOf,
  runConnectionCommand,
  shouldWait,
  writeJson,
  type CommandContext,
  type ConnectionCommandOptions,
} from './client/commandKit';
import { teardownPreviewLines } from './render/previewView';
import { EXIT_FAILED, EXIT_OK } from './exitCodes';
import { finishFollowed, followToEnd } from './watch';

interface DownOptions extends ConnectionCommandOptions {
  wait?: boolean;
  yes?: boolean;
}

/** On a terminal: what teardown would delete, then the question. The exit code when nothing is deleted, else undefined. */
async function listAndConfirm(context: CommandContext, name: string): Promise<number | undefined> {
  const response = await context.client.previewDelete(name);
  if (response.status === 409 || response.status === 404) return refused(context, response.body, name);
  if (response.status !== 200) throw new ApiStatusError(response, `listing what ${name} holds`);
  process.stdout.write(`${teardownPreviewLines(parseTeardownPreview(response.body)).join('\n')}\n\n`);
  if (await confirm(`Delete these resources of ${name}?`)) return undefined;
  process.stderr.write(`nothing was deleted\n`);
  return EXIT_FAILED;
}

function refused(context: CommandContext, body: unknown, name: string): number {
  if (context.json) writeJson(body);
  else process.stderr.write(`${apiErrorOf(body)?.message ?? `cannot tear down ${name}`}\n`);
  return EXIT_FAILED;
}

export function registerDownCommand(program: Command): void {
  const command = program
    .command('down')
    .description('Tear a connection down (only the resources tagged as its own); --wait follows it to the end')
    .argument('<name>', 'the connection name (plan.name)')
    .addHelpText(
      'after',
      '\nExit codes: 0 teardown started (or done, with --wait); 1 refused (still provisioning, unknown name), failed,\n' +
        'or declined. On a terminal, `down` first lists what it would delete and asks; --yes skips the question;\n' +
        'scripts (no terminal) are never asked.',
    );
  addYesOption(addIntervalOption(addConnectionOptions(addWaitOptions(command, 'teardown'))), 'the teardown').action(
    async (name: string, options: DownOptions) => {
      await runConnectionCommand(options, async (context) => {
        if (askFirst(options)) {
          const declined = await listAndConfirm(context, name);
          if (declined !== undefined) return declined;
        }
        const response = await context.client.delete(name);
        if (response.status === 409 || response.status === 404) return refused(context, response.body, name);
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
