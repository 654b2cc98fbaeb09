// `hybrid-connection plan PLAN.json`: what a run of the plan would find and change on both clouds, before anything
// billable starts (POST /api/connections?preview=true): the pre-flight's checks, each resource's action with the
// fields that change, and the estimated duration. It writes nothing. Exit 0 a run would pass its pre-flight, 1 a
// check failed (or the app failed or is unreachable), 2 invalid plan, bad usage or a refused key.
import type { Command } from 'commander';
import { ApiStatusError } from './client/apiStatusError';
import {
  addConnectionOptions,
  runConnectionCommand,
  writeJson,
  type ConnectionCommandOptions,
} from './client/commandKit';
import { parsePreview, previewPasses } from './client/previewTypes';
import { EXIT_FAILED, EXIT_OK } from './exitCodes';
import { previewLines } from './render/previewView';
import { planToSend, reportRefusedPlan } from './validate';

export function registerPlanCommand(program: Command): void {
  const command = program
    .command('plan')
    .description('Preview a plan: the pre-flight checks and what a run would change on both clouds (writes nothing)')
    .argument('<plan>', 'path of the plan JSON file (see examples/plan.json)')
    .addHelpText(
      'after',
      '\nExit codes: 0 a run would pass its pre-flight; 1 a check failed (a run would stop before any write), or the\n' +
        'app failed or is unreachable; 2 invalid plan (path: message lines), bad usage, or a key the app refused.\n' +
        '--json prints the API\'s preview document: {"name","preflight":[...],"changes":{...},"estimatedMinutes"}.',
    );
  addConnectionOptions(command).action(async (file: string, options: ConnectionCommandOptions) => {
    const plan = await planToSend(file, options.json === true);
    if (!plan) return;
    await runConnectionCommand(options, async (context) => {
      const response = await context.client.preview(plan.text);
      if (response.status === 400) return reportRefusedPlan(context.json, response.body);
      if (response.status !== 200) throw new ApiStatusError(response, `previewing ${plan.name}`);
      const preview = parsePreview(response.body);
      if (context.json) writeJson(response.body);
      else process.stdout.write(`${previewLines(preview).join('\n')}\n`);
      return previewPasses(preview) ? EXIT_OK : EXIT_FAILED;
    });
  });
}
