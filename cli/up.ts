// `hybrid-connection up PLAN.json`: validates the plan locally (the API's own rules), starts the connection with
// POST /api/connections and, with --wait (the default on a terminal), follows it to the end. Exit 0 connected,
// 1 failed (or already running: 409), 2 bad plan or usage. A 409 is never followed: the running instance may be
// building a different plan, so `up` says so and points at `watch` instead of reporting another run's outcome.
import type { Command } from 'commander';
import { ApiStatusError } from './client/apiStatusError';
import { apiErrorOf, validationErrorsOf } from './client/apiTypes';
import { isRecord } from '../lib/json';
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
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './exitCodes';
import { formatPlanError, validatePlanFile } from './validate';
import { finishFollowed, followToEnd } from './watch';

interface UpOptions extends ConnectionCommandOptions {
  wait?: boolean;
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
        '2 invalid plan (path: message lines), bad usage, or a key the app refused (401/403).',
    );
  addIntervalOption(addConnectionOptions(addWaitOptions(command, 'run'))).action(
    async (file: string, options: UpOptions) => {
      // Local validation first: a bad plan exits 2 without needing a server at all.
      const report = await validatePlanFile(file);
      if (!report.valid) {
        if (options.json) writeJson({ errors: report.errors });
        else for (const error of report.errors) process.stderr.write(`${formatPlanError(error)}\n`);
        if (!options.json) process.stderr.write(`${file}: ${report.errors.length} error(s); nothing was started\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      if (!options.json) {
        for (const warning of report.warnings) process.stderr.write(`warning: ${formatPlanError(warning)}\n`);
      }
      const body = report.text ?? '';
      await runConnectionCommand(options, async (context) => {
        const response = await context.client.start(body);
        const name = report.name ?? '';
        if (response.status === 400) {
          const errors = validationErrorsOf(response.body);
          if (context.json) writeJson({ errors });
          else for (const error of errors) process.stderr.write(`${formatPlanError(error)}\n`);
          return EXIT_USAGE;
        }
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
