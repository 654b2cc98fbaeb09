// `npm run bench [-- --quick] [-- --json FILE] [-- --report FILE] [-- --only a,b]`: the workflow, fleet, load,
// start-up, runtime and simulator benchmarks, their tables printed to stdout; `--json FILE` also writes {"metrics", "machine",
// "date"}, `--report FILE` the markdown report with its SVG plots beside it (docs/benchmarks.md). Exit code 1 if a
// scenario broke; never because a number looks slow (benchmarks are not tests).
import './quietSqliteWarning';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { DEFAULT_LOAD_OPTIONS, QUICK_LOAD_OPTIONS, runLoadBench, type LoadBenchResult } from './loadBench';
import { COLD_STARTS, parseArgs, sectionsToRun, type SectionName } from './args';
import { DEFAULT_FLEET_OPTIONS, fleetFailures, QUICK_FLEET_OPTIONS, runFleetBench } from './fleetBench';
import { describeMachine } from './machine';
import { headlines, SECTION_ABOUT } from './report/benchSections';
import { writeReport } from './report/writeReport';
import { runRuntimeBench } from './runtime';
import { runSimulatorBench } from './simulator';
import { measureStartup } from './startup/measureStartup';
import { startupMetrics, startupTable } from './startup/startupTable';
import { renderTable, type Table } from './table';
import { wallNow } from './wallClock';
import { DEFAULT_WORKFLOW_OPTIONS, QUICK_WORKFLOW_OPTIONS, runWorkflowBench } from './workflowBench';
import type { WorkflowSample } from './workflow/measureWorkflow';

function print(tables: Table[]): void {
  for (const table of tables) process.stdout.write(`\n${renderTable(table)}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sections = sectionsToRun(args);
  const started = wallNow();
  const machine = describeMachine();
  process.stdout.write(
    `hybrid-connection benchmarks: Node ${machine.node}, ${machine.cpus} CPUs, load average ${machine.load}${args.quick ? ' (quick)' : ''}\n`,
  );
  const metrics: Record<string, unknown> = {};
  const report: { section: SectionName; tables: Table[] }[] = [];
  let workflowRun: WorkflowSample | undefined;
  let load: LoadBenchResult | undefined;
  const record = (section: SectionName, tables: Table[]): void => {
    print(tables);
    report.push({ section, tables });
  };
  for (const section of sections) {
    if (section === 'workflow') {
      const workflow = await runWorkflowBench(args.quick ? QUICK_WORKFLOW_OPTIONS : DEFAULT_WORKFLOW_OPTIONS);
      record(section, workflow.tables);
      Object.assign(metrics, workflow.metrics);
      workflowRun = workflow.samples[0];
      const statuses = workflow.samples.flatMap((sample) => [sample.runtimeStatus, sample.warmUp?.runtimeStatus]);
      if (statuses.some((status) => status !== undefined && status !== 'Completed')) process.exitCode = 1;
    } else if (section === 'fleet') {
      const fleet = await runFleetBench(args.quick ? QUICK_FLEET_OPTIONS : DEFAULT_FLEET_OPTIONS);
      record(section, fleet.tables);
      Object.assign(metrics, fleet.metrics);
      const failures = fleetFailures(fleet.outcomes);
      for (const failure of failures) process.stderr.write(`fleet broke: ${failure}\n`);
      if (failures.length > 0) process.exitCode = 1;
    } else if (section === 'load') {
      load = await runLoadBench(args.quick ? QUICK_LOAD_OPTIONS : DEFAULT_LOAD_OPTIONS);
      record(section, load.tables);
      Object.assign(metrics, load.metrics);
      if (load.rows.some((row) => row.failed > 0)) process.exitCode = 1;
    } else if (section === 'startup') {
      const startup = await measureStartup(args.quick ? COLD_STARTS.quick : COLD_STARTS.full);
      record(section, [startupTable(startup)]);
      Object.assign(metrics, startupMetrics(startup));
    } else if (section === 'runtime') {
      record(section, (await runRuntimeBench()).tables);
    } else {
      record(section, (await runSimulatorBench()).tables);
    }
  }
  const seconds = (wallNow() - started) / 1000;
  process.stdout.write(`\nbench finished in ${seconds.toFixed(1)} s\n`);
  const date = new Date().toISOString();
  if (args.jsonFile !== undefined) {
    const document = { metrics, machine, date, quick: args.quick };
    await writeFile(args.jsonFile, `${JSON.stringify(document, null, 2)}\n`);
  }
  if (args.reportFile !== undefined) {
    await writeReport(
      args.reportFile,
      {
        command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
        date,
        quick: args.quick,
        machine,
        loadAtEnd: loadavg()
          .map((l) => l.toFixed(1))
          .join(' '),
        wallSeconds: seconds,
        headlines: headlines(metrics),
        sections: report.map(({ section, tables }) => ({ ...SECTION_ABOUT[section], tables })),
      },
      { ...(load ? { loadRows: load.rows } : {}), ...(workflowRun ? { workflowRun } : {}) },
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
