// `hybrid-connection up PLAN.json`: validates the plan locally (the API's own rules), starts the connection with
// POST /api/connections and, with --wait (the default on a terminal), follows it to the end. Exit 0 connected,
// 1 failed (or already running: 409), 2 bad plan or usage. A 409 is never followed: the running instance may be
// building a different plan, so `up` says so and points at `watch` instead of reporting another run's outcome.
import type { Command } from 'commander';
import { ApiStatusError } from './client/apiStatusError';
import { apiErrorOf } from './client/apiTypes';
import { isRecord } from '../lib/json';
import { confirm } from './client/confirm';
import { parsePreview, previewPasses } from './client/previewTypes';
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
import { previewLines } from './render/previewView';
import { EXIT_FAILED, EXIT_OK } from './exitCodes';
import { planToSend, reportRefusedPlan } from './validate';
import { finishFollowed, followToEnd } from './watch';

interface UpOptions extends ConnectionCommandOptions {
  wait?: boolean;
  yes?: boolean;
}

/**
 * On a terminal: the preview of both clouds, then the question. Returns the exit code when nothing is to be started
 * (declined, or a pre-flight that would stop the run), undefined to go ahead.
 */
async function previewAndConfirm(context: CommandContext, name: string, body: string): Promise<number | undefined> {
  const response = await context.client.preview(body);
  if (response.status === 400) return reportRefusedPlan(context.json, response.body);
  if (response.status !== 200) throw new ApiStatusError(response, `previewing ${name}`);
  const preview = parsePreview(response.body);
  process.stdout.write(`${previewLines(preview).join('\n')}\n\n`);
  if (!previewPasses(preview)) {
    process.stderr.write(`nothing was started\n`);
    return EXIT_FAILED;
  }
  if (await confirm(`Start ${name}? Gateways are billed from the minute they exist.`)) return undefined;
  process.stderr.write(`nothing was started\n`);
  return EXIT_FAILED;
}

export function registerUpCommand(program: Command): void {
  const command = program
    .command('up')
    .description('Validate a plan, start the connection and (with --wait) follow it to the end')
    .argument('<plan>', 'path of the plan JSON file (see examples/plan.json)')
    .addHelpText(
      'after',
      '\nExit codes: 0 connected (or started, with --no-wait); 1 the run failed, the app failed or is unreachable, or\n' +
        'the connection is already being provisioned (409: follow that run with `hybrid-connection watch NAME`);\n' +
        '2 invalid plan (path: message lines), bad usage, or a key the app refused (401/403).\n' +
        'On a terminal, `up` first shows the preview (as `hybrid-connection plan`) and asks; declining, or a failed\n' +
        'pre-flight check, exits 1 with nothing started. --yes skips the question; scripts (no terminal) are never asked.',
    );
  addYesOption(addIntervalOption(addConnectionOptions(addWaitOptions(command, 'run'))), 'the run').action(
    async (file: string, options: UpOptions) => {
      // Local validation first: a bad plan exits 2 without needing a server at all.
      const plan = await planToSend(file, options.json === true);
      if (!plan) return;
      const { name, text: body } = plan;
      await runConnectionCommand(options, async (context) => {
        if (askFirst(options)) {
          const declined = await previewAndConfirm(context, name, body);
          if (declined !== undefined) return declined;
        }
        const response = await context.client.start(body);
        if (response.status === 400) return reportRefusedPlan(context.json, response.body);
        if (response.status === 409) {
          if (context.json) {
            writeJson(response.body);
          } else {
            const reason = apiErrorOf(response.body)?.message ?? `connection ${name} is busy`;
            process.stderr.write(
              `${reason}\n  status: ${context.target.url}${context.client.connectionPath(name)}\n` +
                `  page:   ${context.client.viewUrl(name)}\n` +
                `  follow it with: hybrid-connection watch ${name}\n`,
            );
          }
          return EXIT_FAILED;
        }
        if (response.status !== 202) throw new ApiStatusError(response, `starting ${name}`);

        const started = isRecord(response.body) ? response.body : {};
        const wait = shouldWait(options.wait);
        if (!context.json) {
          process.stdout.write(
            `started ${name} (instance ${typeof started.instanceId === 'string' ? started.instanceId : `hc-${name}`})\n` +
              `  status page: ${context.client.viewUrl(name)}?code=<function key>\n` +
              (wait ? '' : `  follow it with: hybrid-connection watch ${name}\n`),
          );
        }
        if (!wait) {
          if (context.json) writeJson({ ...started, viewUrl: context.client.viewUrl(name) });
          return EXIT_OK;
        }
        const followed = await followToEnd(context, name, { kind: 'provision', intervalMs: intervalMsOf(options) });
        return finishFollowed(context, followed, 'provision');
      });
    },
  );
}
