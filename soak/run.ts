// `npm run soak [-- --quick] [-- --json FILE] [-- --report FILE] [-- --only a,b] [-- --keep]`: the reliability soak.
// Starts the simulator and the host as separate processes and attacks the workflow section by section; prints a
// table per section and writes the report (docs/reliability.md for a full run). Exit code 1 when an invariant broke;
// never because of a timing.
import '../bench/quietSqliteWarning';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../cli/packageRoot';
import { describeMachine } from '../bench/machine';
import { renderTable, type Table } from '../bench/table';
import { wallNow } from '../bench/wallClock';
import { crashTables, FULL_CRASH_OPTIONS, QUICK_CRASH_OPTIONS, runCrashSection } from './crash';
import { faultTables, FULL_FAULT_OPTIONS, QUICK_FAULT_OPTIONS, runFaultSection } from './faults';
import { hostileTables, FULL_HOSTILE_OPTIONS, QUICK_HOSTILE_OPTIONS, runHostileSection } from './hostile';
import { FULL_ROLLBACK_OPTIONS, QUICK_ROLLBACK_OPTIONS, rollbackTables, runRollbackSection } from './rollback';
import { scanForSecrets, secretsTables } from './secrets';
import {
  FULL_THROTTLING_OPTIONS,
  QUICK_THROTTLING_OPTIONS,
  runThrottlingSection,
  throttlingMetrics,
  throttlingTables,
} from './throttling';
import { renderReport, type ReportSection } from './report';
import { Workspace } from './workspace';

interface SoakArgs {
  quick: boolean;
  jsonFile?: string;
  reportFile?: string;
  only?: string[];
  keep: boolean;
}

interface SectionOutcome {
  tables: Table[];
  violations: string[];
  metrics: Record<string, unknown>;
}

interface Section {
  name: string;
  run(workspace: Workspace, quick: boolean): Promise<SectionOutcome>;
}

/** A section from its parts: its options (quick or full), how it runs, its tables and the metrics --json writes. */
function section<Options, Result extends { violations: string[] }>(
  name: string,
  options: { quick: Options; full: Options },
  run: (workspace: Workspace, options: Options) => Promise<Result>,
  tables: (result: Result) => Table[],
  metrics: (result: Result) => Record<string, unknown>,
): Section {
  return {
    name,
    async run(workspace, quick) {
      const result = await run(workspace, quick ? options.quick : options.full);
      return { tables: tables(result), violations: result.violations, metrics: metrics(result) };
    },
  };
}

const SECTIONS: Section[] = [
  section(
    'crash',
    { quick: QUICK_CRASH_OPTIONS, full: FULL_CRASH_OPTIONS },
    runCrashSection,
    crashTables,
    (result) => ({
      crash_runs: result.runs.length,
      crash_kills: result.kills.length,
      crash_runs_completed: result.runs.filter((run) => run.runtimeStatus === 'Completed').length,
      crash_event_duplicates: result.events.duplicates,
      crash_wall_s: result.wallMs / 1000,
    }),
  ),
  section(
    'faults',
    { quick: QUICK_FAULT_OPTIONS, full: FULL_FAULT_OPTIONS },
    runFaultSection,
    faultTables,
    (result) => ({
      faults_runs: result.runs.length,
      faults_injected: result.injected.length,
      faults_inside_retry_after: result.insideRetryAfter.count,
      faults_wall_s: result.wallMs / 1000,
    }),
  ),
  section(
    'hostile',
    { quick: QUICK_HOSTILE_OPTIONS, full: FULL_HOSTILE_OPTIONS },
    runHostileSection,
    hostileTables,
    (result) => ({
      hostile_requests: result.classes.reduce((n, c) => n + c.requests, 0),
      hostile_instances: result.instances.length,
      hostile_rss_before_mb: result.rssMiB.before,
      hostile_rss_after_mb: result.rssMiB.after,
      hostile_wall_s: result.wallMs / 1000,
    }),
  ),
  section(
    'throttling',
    { quick: QUICK_THROTTLING_OPTIONS, full: FULL_THROTTLING_OPTIONS },
    runThrottlingSection,
    throttlingTables,
    throttlingMetrics,
  ),
  section(
    'rollback',
    { quick: QUICK_ROLLBACK_OPTIONS, full: FULL_ROLLBACK_OPTIONS },
    runRollbackSection,
    rollbackTables,
    (result) => ({
      rollback_runs: result.runs.length,
      rollback_kills: result.kills.length,
      rollback_faults_injected: result.injected.length,
      rollback_ours_left: result.left.length,
      rollback_foreign_touched:
        result.foreign.missing.length + result.foreign.changed.length + result.foreign.writes.length,
      rollback_wall_s: result.wallMs / 1000,
    }),
  ),
  // Last: it scans what the sections before it left in the workspace.
  section(
    'secrets',
    { quick: undefined, full: undefined },
    (workspace) => Promise.resolve(scanForSecrets(workspace)),
    secretsTables,
    (result) => ({
      secrets_looked_for: result.secrets.reduce((n, secret) => n + secret.count, 0),
      secrets_found: result.places.reduce((n, place) => n + place.found.length, 0),
      secrets_scanned_mb: result.places.reduce((n, place) => n + place.bytes, 0) / 1e6,
    }),
  ),
];

function parseArgs(argv: string[]): SoakArgs {
  const args: SoakArgs = { quick: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--keep') args.keep = true;
    else if (arg === '--json' && argv[i + 1] !== undefined) args.jsonFile = argv[++i];
    else if (arg === '--report' && argv[i + 1] !== undefined) args.reportFile = argv[++i];
    else if (arg === '--only' && argv[i + 1] !== undefined) args.only = (argv[++i] ?? '').split(',');
    else
      throw new Error(`unknown argument ${String(arg)}: use --quick, --json FILE, --report FILE, --only a,b, --keep`);
  }
  const unknown = (args.only ?? []).filter((name) => !SECTIONS.some((section) => section.name === name));
  if (unknown.length > 0)
    throw new Error(`unknown section ${unknown.join(', ')}: ${SECTIONS.map((s) => s.name).join(', ')}`);
  return args;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const args = parseArgs(argv);
  const started = wallNow();
  const machine = describeMachine();
  process.stdout.write(
    `hybrid-connection soak: Node ${machine.node}, ${machine.cpus} CPUs, load average ${machine.load}${args.quick ? ' (quick)' : ''}\n`,
  );
  const workspace = new Workspace();
  const sections: ReportSection[] = [];
  const metrics: Record<string, unknown> = {};
  try {
    for (const section of SECTIONS.filter((s) => args.only === undefined || args.only.includes(s.name))) {
      const outcome = await section.run(workspace, args.quick);
      for (const table of outcome.tables) process.stdout.write(`\n${renderTable(table)}\n`);
      sections.push({ name: section.name, tables: outcome.tables, violations: outcome.violations });
      Object.assign(metrics, outcome.metrics);
    }
  } finally {
    if (!args.keep) workspace.remove();
    else process.stdout.write(`kept ${workspace.root}\n`);
  }
  const violations = sections.flatMap((section) => section.violations.map((v) => `${section.name}: ${v}`));
  for (const violation of violations) process.stdout.write(`violation: ${violation}\n`);
  const seconds = (wallNow() - started) / 1000;
  process.stdout.write(`\nsoak finished in ${seconds.toFixed(1)} s\n`);
  if (violations.length > 0) process.exitCode = 1;
  const date = new Date().toISOString();
  if (args.jsonFile !== undefined) {
    const document = { metrics, violations, machine, date, quick: args.quick };
    await writeFile(args.jsonFile, `${JSON.stringify(document, null, 2)}\n`);
  }
  // A full run of every section rewrites docs/reliability.md; a quick or partial one only where --report says.
  const reportFile =
    args.reportFile ??
    (args.quick || args.only !== undefined ? undefined : join(packageRoot(), 'docs', 'reliability.md'));
  if (reportFile !== undefined) {
    const report = renderReport({
      command: ['npm run soak', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
      date,
      quick: args.quick,
      machine,
      loadAtEnd: describeMachine().load,
      wallSeconds: seconds,
      sections,
    });
    await writeFile(reportFile, report);
    process.stdout.write(`report written to ${reportFile}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
