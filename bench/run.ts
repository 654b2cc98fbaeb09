// `npm run bench`: the runtime and simulator benchmarks in one process, their tables printed to stdout. Exit code 1
// if a scenario broke; never because a number looks slow (benchmarks are not tests).
import './quietSqliteWarning';
import { cpus, loadavg } from 'node:os';
import { runRuntimeBench } from './runtime';
import { runSimulatorBench } from './simulator';
import { renderTable, type Table } from './table';
import { wallNow } from './wallClock';

function print(tables: Table[]): void {
  for (const table of tables) process.stdout.write(`\n${renderTable(table)}\n`);
}

async function main(): Promise<void> {
  const started = wallNow();
  // The load average says how much the other tenants of a shared machine were competing with these numbers.
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  process.stdout.write(
    `hybrid-connection benchmarks: Node ${process.version}, ${cpus().length} CPUs, load average ${load}\n`,
  );
  print((await runRuntimeBench()).tables);
  print((await runSimulatorBench()).tables);
  process.stdout.write(`\nbench finished in ${((wallNow() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
