// Writes docs/benchmarks.md (or the file given to --report) and its two SVG plots beside it: the load curve and the
// Gantt chart of the quoted workflow run against its critical path.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEFAULT_ESTABLISH_MS } from '../../simulator/network/tunnel';
import type { LoadRow } from '../load/loadMetrics';
import type { WorkflowSample } from '../workflow/measureWorkflow';
import { renderBenchReport, type BenchReportInput } from './benchReport';
import { ganttSvg } from './ganttSvg';
import { loadCurveSvg } from './loadCurveSvg';

export const LOAD_SVG = 'bench-load.svg';
export const GANTT_SVG = 'bench-gantt.svg';

export interface ReportPlots {
  loadRows?: LoadRow[];
  workflowRun?: WorkflowSample;
}

export async function writeReport(
  file: string,
  input: Omit<BenchReportInput, 'figures'>,
  plots: ReportPlots,
): Promise<void> {
  const folder = dirname(file);
  await mkdir(folder, { recursive: true });
  const figures: BenchReportInput['figures'] = [];
  if (plots.loadRows && plots.loadRows.length > 0) {
    await writeFile(join(folder, LOAD_SVG), loadCurveSvg(plots.loadRows));
    figures.push({
      file: LOAD_SVG,
      caption: 'Load: host and simulator CPU seconds per provisioning, and wall time, against N',
    });
  }
  const run = plots.workflowRun;
  if (run) {
    await writeFile(
      join(folder, GANTT_SVG),
      ganttSvg({
        title: `The example plan at time scale ${run.timeScale}: ARM operations against the critical path`,
        spans: run.operations,
        path: run.criticalPath,
        runStart: run.virtualStart,
        runMs: run.virtualMs,
        establishMs: DEFAULT_ESTABLISH_MS,
      }),
    );
    figures.push({
      file: GANTT_SVG,
      caption: `One run's ARM operations (virtual minutes, from the simulator's operation log); the critical path in red`,
    });
  }
  await writeFile(file, renderBenchReport({ ...input, figures }));
}
