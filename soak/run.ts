// `npm run soak [-- --quick] [-- --json FILE] [-- --report FILE]`: the reliability soak. Starts the simulator and the
// host as separate processes and attacks the workflow section by section; prints a table per section and writes the
// report (docs/reliability.md for a full run). Exit code 1 when an invariant broke; never because of a timing.
import '../bench/quietSqliteWarning';
import { writeFile } from 'node:fs/promises';
import { describeMachine } from '../bench/machine';
import { renderTable, type Table } from '../bench/table';
import { wallNow } from '../bench/wallClock';
import { crashTables, FULL_CRASH_OPTIONS, QUICK_CRASH_OPTIONS, runCrashSection } from './crash';
import { Workspace } from './workspace';

interface SoakArgs {
  quick: boolean;
  jsonFile?: string;
  reportFile?: string;
  keep: boolean;
}

function parseArgs(argv: string[]): SoakArgs {
  const args: SoakArgs = { quick: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--json' && argv[i + 1] !== undefined) args.jsonFile = argv[++i];
    else if (arg === '--report' && argv[i + 1] !== undefined) args.reportFile = argv[++i];
    else throw new Error(`unknown argument ${String(arg)}: use --quick, --json FILE, --report FILE, --keep`);
  }
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = wallNow();
  const machine = describeMachine();
  process.stdout.write(
    `hybrid-connection soak: Node ${machine.node}, ${machine.cpus} CPUs, load average ${machine.load}${args.quick ? ' (quick)' : ''}\n`,
  );
  const workspace = new Workspace();
  const tables: Table[] = [];
  const violations: string[] = [];
  try {
    const crash = await runCrashSection(workspace, args.quick ? QUICK_CRASH_OPTIONS : FULL_CRASH_OPTIONS);
    for (const table of crashTables(crash)) {
      tables.push(table);
      process.stdout.write(`\n${renderTable(table)}\n`);
    }
    violations.push(...crash.violations);
  } finally {
    if (!args.keep) workspace.remove();
    else process.stdout.write(`kept ${workspace.root}\n`);
  }
  for (const violation of violations) process.stdout.write(`violation: ${violation}\n`);
  process.stdout.write(`\nsoak finished in ${((wallNow() - started) / 1000).toFixed(1)} s\n`);
  if (violations.length > 0) process.exitCode = 1;
  if (args.jsonFile !== undefined) await writeFile(args.jsonFile, `${JSON.stringify({ violations }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
