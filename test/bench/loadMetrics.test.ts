// The load bench's arithmetic: a row from one step's raw numbers (runs counted from top-level instances, per-run
// and per-instance averages), the growth of CPU per run between N, and /proc parsing.
import { cpuPerRunGrowth, loadRow, type LoadRow, type LoadSample } from '../../bench/load/loadMetrics';
import { cpuSecondsFromStat, statusMb } from '../../bench/load/processUsage';
import type { InstanceCounts } from '../../bench/load/taskHubCounts';
import { loadResult } from '../../bench/loadBench';
import { REQUIRED_METRICS } from '../../bench/report/benchSections';
import { loadedWhileStarting, startupMetrics, startupTable } from '../../bench/startup/startupTable';
import { workflowMetrics } from '../../bench/workflowBench';

const MIN = 60_000;

function instance(
  id: string,
  parent: string | null,
  status: string,
  minutes: number,
  history: number,
  episodes: number,
): InstanceCounts {
  return {
    instanceId: id,
    name: parent === null ? 'provision' : 'site',
    runtimeStatus: status,
    parentInstanceId: parent,
    createdTime: 1000,
    lastUpdatedTime: 1000 + minutes * MIN,
    historyEvents: history,
    episodes,
  };
}

function sample(): LoadSample {
  return {
    n: 2,
    timeScale: 1000,
    finished: true,
    wallMs: 30_000,
    hostCpuS: 1.5,
    simCpuS: 0.5,
    peakRssMb: 300,
    rssAtEndMb: 250,
    instances: [
      instance('a', null, 'Completed', 50, 90, 20),
      instance('a:azure', 'a', 'Completed', 40, 30, 6),
      instance('b', null, 'Failed', 70, 60, 14),
      instance('b:azure', 'b', 'Completed', 40, 20, 4),
    ],
  };
}

describe('loadRow', () => {
  it('counts runs from top-level instances and averages per run and per instance', () => {
    const row = loadRow(sample());
    expect(row).toEqual(
      expect.objectContaining({
        n: 2,
        wallS: 30,
        completed: 1,
        failed: 1,
        unfinished: 0,
        completedPerMinute: 2,
        cpuPerRunS: 0.75,
        simCpuPerRunS: 0.25,
        peakRssMb: 300,
        instancesPerRun: 2,
        historyEventsPerInstance: 50,
        historyEventsMax: 90,
        episodesPerInstance: 11,
        episodesMax: 20,
        // Of the completed runs only.
        virtualMinPerRun: 50,
      }),
    );
  });

  it('leaves CPU per run unmeasured when the budget ran out, and counts the runs still going', () => {
    const cut = { ...sample(), finished: false };
    cut.instances = cut.instances.map((i) => (i.instanceId === 'b' ? { ...i, runtimeStatus: 'Running' } : i));
    const row = loadRow(cut);
    expect(row).toEqual(expect.objectContaining({ completed: 1, failed: 0, unfinished: 1, completedPerMinute: 2 }));
    expect(row.cpuPerRunS).toBeNaN();
    expect(row.simCpuPerRunS).toBeNaN();
  });
});

describe('cpuPerRunGrowth', () => {
  const at = (n: number, cpuPerRunS: number): LoadRow => ({ ...loadRow({ ...sample(), n }), cpuPerRunS });

  it('compares the largest N with N=10', () => {
    expect(cpuPerRunGrowth([at(1, 2), at(10, 0.5), at(100, 0.4), at(500, 0.6)])).toEqual({
      ratio: 1.2,
      fromN: 10,
      toN: 500,
    });
  });

  it('compares 10 with the smallest N when 10 is the largest (a quick run)', () => {
    expect(cpuPerRunGrowth([at(1, 2), at(10, 0.5)])).toEqual({ ratio: 0.25, fromN: 1, toN: 10 });
  });

  it('leaves out a step that ran out of budget', () => {
    expect(cpuPerRunGrowth([at(1, 2), at(10, 0.5), at(100, 0.4), at(500, Number.NaN)])).toEqual({
      ratio: 0.8,
      fromN: 10,
      toN: 100,
    });
  });

  it('is NaN when N=10 was not measured or nothing was', () => {
    expect(cpuPerRunGrowth([at(1, 2), at(100, 0.5)]).ratio).toBeNaN();
    expect(cpuPerRunGrowth([]).ratio).toBeNaN();
  });
});

describe('/proc parsing', () => {
  it('reads utime + stime in clock ticks, whatever the command name holds', () => {
    const stat = '4242 (node ) x (y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 100 0 0';
    expect(cpuSecondsFromStat(stat)).toBe(3);
  });

  it('reads VmHWM and VmRSS in MB', () => {
    const status = 'Name:\tnode\nVmPeak:\t 9000 kB\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\n';
    expect(statusMb(status, 'VmHWM')).toBe(512);
    expect(statusMb(status, 'VmRSS')).toBe(256);
    expect(statusMb('Name:\tnode\n', 'VmHWM')).toBeNaN();
  });
});

describe('the --json metrics', () => {
  it('carry every metric issue #11 names, from the workflow, load and start-up sections', () => {
    const watch = { buildMs: 30 * MIN, reads: 9, detectLagMs: 20_000 };
    const workflow = workflowMetrics(
      {
        virtualMs: 46 * MIN,
        criticalPath: { lengthMs: 36 * MIN, chain: [], durations: {} },
        gatewayWatch: { azure: watch, azureStack: watch },
        armByMethod: { azure: { GET: 50 }, azureStack: { GET: 60 } },
      },
      { virtualMs: 72 * MIN },
    );
    const load = loadResult([loadRow({ ...sample(), n: 1 }), loadRow({ ...sample(), n: 10 })]).metrics;
    const startup = startupMetrics({
      coldStartMs: { median: 900, min: 850, max: 1000, samples: 3 },
      coldStartCpuMs: { median: 600, min: 580, max: 640, samples: 3 },
      loadAverage: { before: 1.5, after: 1.2 },
      firstRun: { firstMs: 4200, secondMs: 3100, timeScale: 1000 },
      demoWallS: 7,
    });
    const metrics: Record<string, unknown> = { ...workflow, ...load, ...startup };
    for (const key of REQUIRED_METRICS) expect(metrics).toHaveProperty(key);
    expect(metrics.cold_start_ms).toBe(900);
    expect(metrics.cold_start_cpu_ms).toBe(600);
    expect(metrics.cold_start_load).toEqual([1.5, 1.2]);
    expect(metrics.first_run_extra_s).toBeCloseTo(1.1);
    expect(metrics.peak_rss_mb).toBe(300);
    expect(metrics.speedup_vs_sequential).toBeCloseTo(72 / 46);
  });
});

describe('the start-up table', () => {
  const result = {
    coldStartMs: { median: 2900, min: 2100, max: 3600, samples: 3 },
    coldStartCpuMs: { median: 610, min: 580, max: 640, samples: 3 },
    loadAverage: { before: 8.2, after: 9.1 },
    firstRun: { firstMs: 4200, secondMs: 3100, timeScale: 1000 },
    demoWallS: 7,
  };

  it('states the load average beside the cold start, and the start’s own CPU beside it', () => {
    const table = startupTable(result, 2);
    expect(table.rows[0]).toEqual([
      'cold start: spawn to ready line (serve --simulate, 3 starts)',
      '2,900 ms (2,100-3,600, ±26%)',
      '8.2 -> 9.1 on 2 CPUs',
      '< 1,500 ms',
    ]);
    expect(table.rows[1]?.[1]).toBe('610 ms (580-640, ±5%)');
    expect(table.rows[2]?.[1]).toBe('+1.10 s (4.20 s vs 3.10 s)');
  });

  it('says when other work competed with the starts, and only then', () => {
    expect(loadedWhileStarting(result, 2)).toBe(true);
    expect(startupTable(result, 2).notes?.join(' ')).toMatch(/load average was above the CPU count/);
    const idle = { ...result, loadAverage: { before: 0.4, after: 1.1 } };
    expect(loadedWhileStarting(idle, 2)).toBe(false);
    expect(startupTable(idle, 2).notes?.join(' ')).not.toMatch(/load average was above/);
  });
});
