// The example at the end of each command's --help: what a newcomer types first. One table, so a new command without
// an example fails its test (test/cli/help.test.ts) instead of shipping a help page that shows no way to run it.
import type { Command } from 'commander';

export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  validate: ['hybrid-connection validate examples/plan.json', 'hybrid-connection validate my-plan.json --json'],
  host: ['hybrid-connection host --app . --port 7071', 'hybrid-connection host --app ./my-app --port 0 --data /tmp/hc'],
  sim: [
    'hybrid-connection sim --port 0 --time-scale 1000',
    'hybrid-connection sim --azure-subscription 8f2b7c1e-4a6d-4c3b-9e1f-2a5d7b9c0e14',
    'hybrid-connection sim --stamps 3   # Azure and three Azure Stack Hub stamps',
  ],
  serve: [
    'hybrid-connection serve --simulate --time-scale 1000   # then, in another terminal:',
    'hybrid-connection up examples/plan.json --wait',
  ],
  demo: ['hybrid-connection demo', 'hybrid-connection demo --plan my-plan.json --time-scale 500 --keep-data'],
  plan: ['hybrid-connection plan examples/plan.json', 'hybrid-connection plan plan.json --json --url URL --key KEY'],
  up: [
    'hybrid-connection up examples/plan.json --wait',
    'hybrid-connection up plan.json --no-wait --json --url URL --key KEY',
    'hybrid-connection up plan.json --yes   # on a terminal: start without the preview and question',
  ],
  status: [
    'hybrid-connection status contoso',
    'hybrid-connection status contoso --live',
    'hybrid-connection status contoso --json --data ./.hybrid-connection',
  ],
  list: ['hybrid-connection list', 'hybrid-connection list --json --url https://my-app.azurewebsites.net --key KEY'],
  watch: ['hybrid-connection watch contoso', 'hybrid-connection watch contoso --interval 10'],
  down: ['hybrid-connection down contoso --wait', 'hybrid-connection down contoso --no-wait --json'],
  'rotate-key': [
    'hybrid-connection rotate-key contoso --wait',
    'hybrid-connection rotate-key contoso --no-wait --json',
    'hybrid-connection rotate-key fleet --site north',
  ],
  logs: ['hybrid-connection logs contoso', 'hybrid-connection logs contoso --follow --data ./.hybrid-connection'],
};

/** The first hour, at the end of `hybrid-connection --help`. */
const PROGRAM_EXAMPLES = [
  'hybrid-connection serve --simulate --time-scale 1000   # a local Azure + Azure Stack Hub, and the app',
  'hybrid-connection up examples/plan.json --wait          # in another terminal',
  'hybrid-connection logs contoso',
];

/** Adds its examples to the end of each command's --help (commands without an entry get none), and the program's. */
export function addHelpExamples(program: Command): void {
  addExamples(program, PROGRAM_EXAMPLES);
  for (const command of program.commands) {
    const examples = HELP_EXAMPLES[command.name()];
    if (examples !== undefined) addExamples(command, examples);
  }
}

function addExamples(command: Command, examples: readonly string[]): void {
  const lines = examples.map((example) => `  $ ${example}`).join('\n');
  command.addHelpText('after', `\nExample${examples.length > 1 ? 's' : ''}:\n${lines}`);
}
