// `npm run build && node dist/bench/workflow.js`: the whole workflow end to end (examples/plan.json on the app and
// the simulator in one process) at several time scales: wall vs virtual time and the ARM traffic a run costs.
// Prints a table; exit 1 only if a run broke, never because a number looks slow (benchmarks are not tests).
import './quietSqliteWarning';
import { cpus, loadavg } from 'node:os';
import { formatNumber } from './format';
import { renderTable, type Table } from './table';
import { measureWorkflow, type WorkflowSample } from './workflow/measureWorkflow';

const TIME_SCALES = [300, 1000, 3000, 10_000];
const RUNS_PER_SCALE = 2;
const TIMEOUT_MS = 120_000;

function workflowTable(samples: WorkflowSample[]): Table {
  return {
    title: 'Workflow end to end: the example plan, both clouds, tunnel and ping (serve --simulate in process)',
    headers: [
      'time scale',
      'result',
      'wall s',
      'virtual min',
      'ARM azure (GET)',
      'ARM azureStack (GET)',
      'KV+EG',
      'events',
    ],
    rows: samples.map((s) => [
      String(s.timeScale),
      s.runtimeStatus,
      formatNumber(s.wallMs / 1000),
      formatNumber(s.virtualMs / 60_000),
      `${s.armRequests.azure.total} (${s.armRequests.azure.reads})`,
      `${s.armRequests.azureStack.total} (${s.armRequests.azureStack.reads})`,
      String(s.dataPlaneRequests),
      String(s.events),
    ]),
    notes: [
      'one row per run; wall s from POST to the final status, virtual min on the shared clock over the same span',
      'ARM: requests each simulated cloud answered (GETs in brackets: reads and long-running-operation polls)',
      'KV+EG: Key Vault and Event Grid requests; seeds fixed, so rows differ by timing only',
    ],
  };
}

async function main(): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  process.stdout.write(`workflow benchmark: Node ${process.version}, ${cpus().length} CPUs, load average ${load}\n`);
  const samples: WorkflowSample[] = [];
  for (const scale of TIME_SCALES) {
    for (let run = 0; run < RUNS_PER_SCALE; run++) samples.push(await measureWorkflow(scale, 'bench', TIMEOUT_MS));
  }
  process.stdout.write(`\n${renderTable(workflowTable(samples))}\n`);
  if (samples.some((s) => s.runtimeStatus !== 'Completed')) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
