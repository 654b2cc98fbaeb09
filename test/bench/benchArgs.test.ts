// The command line of `npm run bench` and the report's headline table: which sections a run takes, the flags'
// values, refusals of what it does not know, and the metrics the report lists with their goals.
import { parseArgs, sectionsToRun } from '../../bench/args';
import { renderBenchReport } from '../../bench/report/benchReport';
import { headlines } from '../../bench/report/benchSections';
import { describeMachine } from '../../bench/machine';

describe('bench arguments', () => {
  it('runs every section in full, and workflow, fleet, load and start-up in a quick run', () => {
    expect(sectionsToRun(parseArgs([]))).toEqual(['workflow', 'fleet', 'load', 'startup', 'runtime', 'simulator']);
    expect(sectionsToRun(parseArgs(['--quick']))).toEqual(['workflow', 'fleet', 'load', 'startup']);
    expect(sectionsToRun(parseArgs(['--quick', '--only', 'fleet']))).toEqual(['fleet']);
    expect(sectionsToRun(parseArgs(['--only', 'startup,load']))).toEqual(['load', 'startup']);
  });

  it('reads --json and --report values, and refuses a missing value or an unknown flag or section', () => {
    expect(parseArgs(['--quick', '--json', 'b.json', '--report', 'out/report.markdown'])).toEqual({
      quick: true,
      jsonFile: 'b.json',
      reportFile: 'out/report.markdown',
    });
    expect(() => parseArgs(['--json'])).toThrow(/--json needs a value/);
    expect(() => parseArgs(['--json', '--quick'])).toThrow(/--json needs a value/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown argument --fast/);
    expect(() => parseArgs(['--only', 'load,disk'])).toThrow(/unknown section disk/);
  });
});

describe('the report', () => {
  it('lists the headline metrics a run measured, with the goals of issue #11, and links its figures', () => {
    const rows = headlines({
      cpu_per_run_growth: 0.8,
      cpu_per_run_growth_n: '10->100',
      cold_start_ms: 900,
      cold_start_cpu_ms: 612.4,
      cold_start_load: [8.21, 9.06],
      critical_path_ratio: 1.03,
      arm_requests_per_run: {},
      peak_rss_mb: 'x',
    });
    expect(rows).toEqual([
      { key: 'critical_path_ratio', value: 1.03, goal: '≤ 1.05' },
      { key: 'cpu_per_run_growth', value: 0.8, goal: '≤ 1.2', note: 'N 10->100' },
      { key: 'cold_start_ms', value: 900, goal: '< 1,500 ms', note: 'load average 8.2 -> 9.1; own CPU 612 ms' },
    ]);
    const text = renderBenchReport({
      command: 'npm run bench -- --report docs/benchmarks.md',
      date: '2026-12-03T00:00:00.000Z',
      quick: false,
      machine: describeMachine(),
      loadAtEnd: '1.0 1.0 1.0',
      wallSeconds: 512,
      headlines: rows,
      sections: [{ title: 'Load', about: ['how'], tables: [{ title: 'T', headers: ['N'], rows: [['1']] }] }],
      figures: [{ file: 'bench-load.svg', caption: 'the curve' }],
    });
    expect(text).toContain('| `cpu_per_run_growth` | 0.80 (N 10->100) | ≤ 1.2 |');
    expect(text).toContain('![the curve](bench-load.svg)');
    expect(text).toContain('## Load\n\nhow\n\n```text\nT\n=');
  });
});
