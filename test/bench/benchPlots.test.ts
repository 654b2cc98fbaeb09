// The SVG plots of docs/benchmarks.md: scales and ticks, the load curve (a line per series, a tick per N, larger
// values drawn higher) and the Gantt chart (the critical path's steps, and only they, in red), all well-formed XML.
import { ganttBars, ganttSvg, type GanttInput } from '../../bench/report/ganttSvg';
import { loadCurveSvg } from '../../bench/report/loadCurveSvg';
import { escapeXml, linearScale, logScale, niceTicks } from '../../bench/report/svg';
import type { LoadRow } from '../../bench/load/loadMetrics';
import { criticalPath } from '../../bench/workflow/criticalPath';
import { run, span } from './provisioningSpans';
import { xmlProblems } from './xmlWellFormed';

const MIN = 60_000;

function row(n: number, cpuPerRunS: number, wallS: number): LoadRow {
  return {
    n,
    timeScale: 1000,
    wallS,
    finished: true,
    completed: n,
    failed: 0,
    unfinished: 0,
    completedPerMinute: n / (wallS / 60),
    cpuPerRunS,
    simCpuPerRunS: cpuPerRunS / 5,
    peakRssMb: 200,
    rssAtEndMb: 180,
    instancesPerRun: 3,
    historyEventsPerInstance: 50,
    historyEventsMax: 100,
    episodesPerInstance: 11,
    episodesMax: 25,
    virtualMinPerRun: 50,
  };
}

function gantt(): GanttInput {
  const subnet = span('azure', 'Microsoft.Network/virtualNetworks/x/subnets', 0.3 * MIN, 0.1);
  const spans = [...run(), subnet].map((s) => ({ ...s, start: s.start + 1_000_000, end: s.end + 1_000_000 }));
  const path = criticalPath({ spans, staticPublicIp: { azure: true, azureStack: false }, establishMs: 15_000 });
  return { title: 'run <1> & co', spans, path, runStart: 1_000_000, runMs: 42 * MIN, establishMs: 15_000 };
}

describe('svg primitives', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('maps domains onto ranges, linearly and on a log axis', () => {
    const y = linearScale([0, 10], [200, 0]);
    expect([y(0), y(5), y(10)]).toEqual([200, 100, 0]);
    const x = logScale([1, 100], [0, 200]);
    expect([x(1), x(10), x(100)]).toEqual([0, 100, 200]);
  });

  it('picks round ticks covering the data', () => {
    expect(niceTicks(0, 0.93)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 430)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });
});

describe('loadCurveSvg', () => {
  const rows = [row(1, 1.4, 4), row(10, 0.6, 16), row(100, 0.4, 128), row(500, 0.45, 420)];
  const svg = loadCurveSvg(rows);

  it('is well-formed XML with one line per series and a tick per N', () => {
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg.match(/<polyline /g)).toHaveLength(3);
    const xTicks = [...svg.matchAll(/class="x-tick">([^<]*)</g)].map((m) => m[1]);
    expect(xTicks).toEqual(['1', '10', '100', '500', '1', '10', '100', '500']);
  });

  it('draws a larger value higher, and the y axis reaches past the largest value', () => {
    const host = /<polyline points="([^"]*)"/.exec(svg)?.[1] ?? '';
    const ys = host.split(' ').map((point) => Number(point.split(',')[1]));
    expect(ys).toHaveLength(4);
    // CPU per run 1.4 (N=1) is the largest: the smallest y in SVG coordinates.
    expect(Math.min(...ys)).toBe(ys[0]);
    // 0.6 (N=10) above 0.4 (N=100) means a smaller y.
    expect(ys[1]).toBeLessThan(ys[2] ?? 0);
    const yTicks = [...svg.matchAll(/class="y-tick">([^<]*)</g)].map((m) => Number(m[1]));
    expect(Math.max(...yTicks)).toBeGreaterThanOrEqual(420);
    expect(Math.max(...yTicks.filter((t) => t <= 2))).toBeGreaterThanOrEqual(1.4);
  });

  it('leaves out what could not be measured instead of drawing NaN', () => {
    const broken = loadCurveSvg([row(1, 1, 4), { ...row(10, Number.NaN, 10), simCpuPerRunS: Number.NaN }]);
    expect(broken).not.toContain('NaN');
    expect(xmlProblems(broken)).toEqual([]);
  });
});

describe('ganttSvg', () => {
  it('marks the critical path steps, the tunnel included, and nothing else', () => {
    const input = gantt();
    const bars = ganttBars(input);
    const critical = bars.filter((bar) => bar.critical).map((bar) => bar.label);
    expect(input.path.chain).toEqual(['azure:vnet', 'azure:gateway', 'azure:connection', 'tunnel', 'ping']);
    expect(critical).toEqual([
      'azure put virtualNetworks/x',
      'azure put virtualNetworkGateways/x',
      'azure put connections/x',
      'tunnel: IKE establishment',
      'azure action virtualMachines/x',
    ]);
    const tunnel = bars.find((bar) => bar.label.startsWith('tunnel'));
    expect(tunnel).toEqual(expect.objectContaining({ start: 39 * MIN, end: 39 * MIN + 15_000 }));
    // Times are from the run's start, not absolute virtual time.
    expect(bars[0]?.start).toBe(0);
  });

  it('is well-formed XML (the title escaped) with a bar per operation and the red ones on the path', () => {
    const input = gantt();
    const svg = ganttSvg(input);
    expect(xmlProblems(svg)).toEqual([]);
    expect(svg).toContain('run &lt;1&gt; &amp; co');
    expect(svg.match(/class="critical"/g)).toHaveLength(5);
    expect(svg.match(/class="operation"/g)).toHaveLength(input.spans.length + 1 - 5);
    expect(svg).toContain('azure:vnet → azure:gateway → azure:connection → tunnel → ping');
  });

  it('draws the longest bar across most of the axis (the scale covers the run)', () => {
    const svg = ganttSvg(gantt());
    const widths = [...svg.matchAll(/<rect x="[^"]*" y="[^"]*" width="([^"]*)" height="12"/g)].map((m) => Number(m[1]));
    const plotWidth = 1000 - 20 - 360;
    expect(Math.max(...widths)).toBeGreaterThan(plotWidth * 0.6);
    expect(Math.max(...widths)).toBeLessThanOrEqual(plotWidth);
  });
});

describe('the well-formedness check itself', () => {
  it('finds misnested and unclosed tags, unquoted attributes and bare ampersands', () => {
    expect(xmlProblems('<svg><g></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><g>')).not.toEqual([]);
    expect(xmlProblems('<svg width=1/>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a & b</text></svg>')).not.toEqual([]);
    expect(xmlProblems('<svg><text>a &amp; b</text><g/></svg>')).toEqual([]);
  });
});
