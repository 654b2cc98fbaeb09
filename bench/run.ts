// `npm run bench [-- --quick] [-- --json FILE]`: the workflow, runtime and simulator benchmarks in one process, their
// tables printed to stdout; `--json FILE` also writes {"metrics", "machine", "date"}. Exit code 1 if a scenario
// broke; never because a number looks slow (benchmarks are not tests).
import './quietSqliteWarning';
import { writeFile } from 'node:fs/promises';
import { describeMachine } from './machine';
import { runRuntimeBench } from './runtime';
import { runSimulatorBench } from './simulator';
import { renderTable, type Table } from './table';
import { wallNow } from './wallClock';
import { DEFAULT_WORKFLOW_OPTIONS, QUICK_WORKFLOW_OPTIONS, runWorkflowBench } from './workflowBench';

interface BenchArgs {
  quick: boolean;
  jsonFile?: string;
}

function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--json' && argv[i + 1] !== undefined) args.jsonFile = argv[++i];
    else throw new Error(`unknown argument ${String(arg)}: use --quick and --json FILE`);
  }
  return args;
}

function print(tables: Table[]): void {
  for (const table of tables) process.stdout.write(`\n${renderTable(table)}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = wallNow();
  const machine = describeMachine();
  process.stdout.write(
    `hybrid-connection benchmarks: Node ${machine.node}, ${machine.cpus} CPUs, load average ${machine.load}${args.quick ? ' (quick)' : ''}\n`,
  );
  const workflow = await runWorkflowBench(args.quick ? QUICK_WORKFLOW_OPTIONS : DEFAULT_WORKFLOW_OPTIONS);
  print(workflow.tables);
  if (workflow.samples.some((sample) => sample.runtimeStatus !== 'Completed')) process.exitCode = 1;
  if (!args.quick) {
    print((await runRuntimeBench()).tables);
    print((await runSimulatorBench()).tables);
  }
  const seconds = (wallNow() - started) / 1000;
  process.stdout.write(`\nbench finished in ${seconds.toFixed(1)} s\n`);
  if (args.jsonFile !== undefined) {
    const document = { metrics: workflow.metrics, machine, date: new Date().toISOString(), quick: args.quick };
    await writeFile(args.jsonFile, `${JSON.stringify(document, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
