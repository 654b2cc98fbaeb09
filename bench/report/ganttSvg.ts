// A run's ARM operations as an SVG Gantt chart against its critical path: one bar per operation of the simulator's
// log (virtual minutes from the run's start), the tunnel's IKE establishment as one more bar, the steps of the
// critical path (bench/workflow/criticalPath.ts) in red, everything else in grey-blue, and a line where the run ended.
// Pure.
import { stepOf, type CriticalPath, type OperationSpan } from '../workflow/criticalPath';
import { line, linearScale, niceTicks, rect, svgDocument, text } from './svg';

export interface GanttInput {
  title: string;
  spans: readonly OperationSpan[];
  path: CriticalPath;
  /** Virtual ms the run started at (the chart's 0) and how long it took. */
  runStart: number;
  runMs: number;
  /** IKE establishment after both connections (drawn as the "tunnel" bar). */
  establishMs: number;
}

export interface GanttBar {
  label: string;
  /** Virtual ms from the run's start. */
  start: number;
  end: number;
  /** The step key on the critical path (`azure:gateway`, `tunnel`, `ping`) when this bar is on it. */
  critical: boolean;
}

const CRITICAL = '#d62728';
const OTHER = '#9fb7cc';

function shortName(resourceId: string): string {
  const parts = resourceId.split('/');
  return parts.slice(-2).join('/');
}

/** The bars, in start order: each operation (a step's first operation is the one on the path), then the tunnel. */
export function ganttBars(input: GanttInput): GanttBar[] {
  const onPath = new Set(input.path.chain);
  const seen = new Set<string>();
  const bars: GanttBar[] = [];
  for (const span of [...input.spans].sort((a, b) => a.start - b.start)) {
    const step = stepOf(span);
    const key = step === undefined ? undefined : step === 'ping' ? 'ping' : `${span.cloud}:${step}`;
    const first = key !== undefined && !seen.has(key);
    if (key !== undefined) seen.add(key);
    bars.push({
      label: `${span.cloud} ${span.kind} ${shortName(span.resourceId)}`,
      start: span.start - input.runStart,
      end: span.end - input.runStart,
      critical: first && key !== undefined && onPath.has(key),
    });
  }
  const connectionEnds = input.spans
    .filter((span) => stepOf(span) === 'connection')
    .map((span) => span.end - input.runStart);
  if (connectionEnds.length > 0) {
    const start = Math.max(...connectionEnds);
    const ping = bars.findIndex((bar) => bar.label.includes(' action '));
    const tunnel = {
      label: 'tunnel: IKE establishment',
      start,
      end: start + input.establishMs,
      critical: onPath.has('tunnel'),
    };
    bars.splice(ping < 0 ? bars.length : ping, 0, tunnel);
  }
  return bars;
}

const ROW = 18;
const LABEL_WIDTH = 360;
const TOP = 44;

export function ganttSvg(input: GanttInput): string {
  const bars = ganttBars(input);
  const width = 1000;
  const plotLeft = LABEL_WIDTH;
  const plotRight = width - 20;
  const plotBottom = TOP + bars.length * ROW;
  const height = plotBottom + 56;
  const maxMinutes = Math.max(input.runMs, ...bars.map((bar) => bar.end)) / 60_000;
  const ticks = niceTicks(0, maxMinutes, 8);
  const x = linearScale([0, ticks[ticks.length - 1] ?? 1], [plotLeft, plotRight]);
  const out: string[] = [text(10, 20, input.title, { 'font-weight': 'bold' })];
  for (const tick of ticks) {
    out.push(line(x(tick), TOP - 4, x(tick), plotBottom, { stroke: '#e5e5e5' }));
    out.push(text(x(tick), plotBottom + 16, String(tick), { 'text-anchor': 'middle', class: 'x-tick' }));
  }
  out.push(
    text((plotLeft + plotRight) / 2, plotBottom + 32, 'virtual minutes from the start of the run', {
      'text-anchor': 'middle',
    }),
  );
  bars.forEach((bar, index) => {
    const y = TOP + index * ROW;
    out.push(text(plotLeft - 8, y + 13, bar.label, { 'text-anchor': 'end', 'font-size': 11 }));
    const left = x(bar.start / 60_000);
    // A zero-length operation still shows as a sliver.
    const barWidth = Math.max(2, x(bar.end / 60_000) - left);
    out.push(
      rect(left, y + 3, barWidth, ROW - 6, {
        fill: bar.critical ? CRITICAL : OTHER,
        class: bar.critical ? 'critical' : 'operation',
      }),
    );
  });
  const end = x(input.runMs / 60_000);
  out.push(line(end, TOP - 8, end, plotBottom, { stroke: '#333333', 'stroke-dasharray': '4 3' }));
  out.push(text(end, TOP - 12, 'run ended', { 'text-anchor': 'middle', 'font-size': 11 }));
  const legendY = plotBottom + 48;
  out.push(rect(plotLeft, legendY - 9, 14, 10, { fill: CRITICAL }));
  out.push(
    text(
      plotLeft + 20,
      legendY,
      `critical path (${(input.path.lengthMs / 60_000).toFixed(1)} min): ${input.path.chain.join(' → ')}`,
    ),
  );
  out.push(rect(10, legendY - 9, 14, 10, { fill: OTHER }));
  out.push(text(30, legendY, 'other operations'));
  return svgDocument(width, height, input.title, out);
}
