// docs/benchmarks.md from one bench run: what each section measures, that run's tables (unedited), the headline
// metrics against the goals of issue #11, the machine, the command and the date, and the two plots beside it. Text
// only; it measures nothing.
import { formatNumber } from '../format';
import type { RunInfo } from '../machine';
import { renderTable, type Table } from '../table';

export interface ReportSection {
  title: string;
  about: string[];
  tables: Table[];
}

export interface Headline {
  key: string;
  value: number;
  goal: string;
  /** What the value was taken at (e.g. which N), shown beside it. */
  note?: string;
}

export interface BenchReportInput extends RunInfo {
  headlines: Headline[];
  sections: ReportSection[];
  /** SVG files beside the report, with what they show. */
  figures: { file: string; caption: string }[];
}

export function renderBenchReport(input: BenchReportInput): string {
  const m = input.machine;
  const lines = [
    '# Benchmarks: `npm run bench`',
    '',
    'What the workflow, the local runtime and the simulator cost and how they scale, measured. Written by',
    '`bench/run.ts` from a real run (the tables below are its output, unedited): `npm run bench -- --report',
    'docs/benchmarks.md` runs the full bench and rewrites this file and the SVG plots beside it. Benchmarks never',
    'assert on timings; the exit code is 1 only when a scenario broke. On a shared machine the absolute numbers move',
    'between runs: **read the ratios**, which compare measurements of the same run. How each number is taken:',
    // Relative to docs/, where the report is written (not to this file).
    `[bench/README.md](${['..', 'bench', 'README.md'].join('/')}).`,
    '',
    '## The run',
    '',
    `- command: \`${input.command}\`${input.quick ? ' (quick)' : ''}`,
    `- date: ${input.date}`,
    `- machine: Node ${m.node}, ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}; load average ${m.load} at the start, ${input.loadAtEnd} at the end (a load average above the CPU count means other work competed with the bench)`,
    `- wall time: ${input.wallSeconds.toFixed(1)} s`,
    '',
    '## Headline numbers (`--json` keys)',
    '',
    '| metric | this run | goal |',
    '|---|---|---|',
    ...input.headlines.map(
      (h) => `| \`${h.key}\` | ${formatNumber(h.value)}${h.note !== undefined ? ` (${h.note})` : ''} | ${h.goal} |`,
    ),
    '',
  ];
  for (const figure of input.figures) lines.push(`![${figure.caption}](${figure.file})`, '', `*${figure.caption}*`, '');
  for (const section of input.sections) {
    lines.push(`## ${section.title}`, '', ...section.about, '');
    lines.push('```text', section.tables.map((table) => renderTable(table)).join('\n\n'), '```', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
