// The N-concurrency curve of the load bench as SVG: host CPU seconds per provisioning against N (the simulator's
// beside it), and wall seconds against N, both on a log N axis with a tick at each N measured. Pure.
import type { LoadRow } from '../load/loadMetrics';
import { line, linearScale, logScale, niceTicks, px, svgDocument, text } from './svg';

export interface Series {
  name: string;
  color: string;
  values: number[];
}

export interface PanelOptions {
  left: number;
  top: number;
  width: number;
  height: number;
  title: string;
  yLabel: string;
  xs: number[];
  series: Series[];
}

const MARGIN = { left: 56, right: 12, top: 28, bottom: 40 };

/** One line chart (log x, linear y from 0) with axes, ticks, a legend and a dot per point. */
export function linePanel(options: PanelOptions): string[] {
  const plotLeft = options.left + MARGIN.left;
  const plotRight = options.left + options.width - MARGIN.right;
  const plotTop = options.top + MARGIN.top;
  const plotBottom = options.top + options.height - MARGIN.bottom;
  const xs = options.xs;
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const x = logScale(minX === maxX ? [minX, minX * 10] : [minX, maxX], [plotLeft + 10, plotRight - 10]);
  const finite = options.series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
  const ticks = niceTicks(0, Math.max(...finite, 0) || 1);
  const y = linearScale([0, ticks[ticks.length - 1] ?? 1], [plotBottom, plotTop]);
  const out: string[] = [
    text(options.left + options.width / 2, options.top + 16, options.title, {
      'text-anchor': 'middle',
      'font-weight': 'bold',
    }),
    line(plotLeft, plotBottom, plotRight, plotBottom, { stroke: '#333333' }),
    line(plotLeft, plotTop, plotLeft, plotBottom, { stroke: '#333333' }),
  ];
  for (const tick of ticks) {
    out.push(line(plotLeft, y(tick), plotRight, y(tick), { stroke: '#e5e5e5' }));
    out.push(text(plotLeft - 6, y(tick) + 4, String(tick), { 'text-anchor': 'end', class: 'y-tick' }));
  }
  for (const value of xs) {
    out.push(line(x(value), plotBottom, x(value), plotBottom + 4, { stroke: '#333333' }));
    out.push(text(x(value), plotBottom + 16, String(value), { 'text-anchor': 'middle', class: 'x-tick' }));
  }
  out.push(
    text((plotLeft + plotRight) / 2, plotBottom + 32, 'N (provisionings at once, log scale)', {
      'text-anchor': 'middle',
    }),
  );
  out.push(
    text(options.left + 14, (plotTop + plotBottom) / 2, options.yLabel, {
      'text-anchor': 'middle',
      transform: `rotate(-90 ${px(options.left + 14)} ${px((plotTop + plotBottom) / 2)})`,
    }),
  );
  options.series.forEach((series, index) => {
    const points = xs
      .map((value, i) => ({ x: value, y: series.values[i] ?? Number.NaN }))
      .filter((point) => Number.isFinite(point.y));
    const path = points.map((point) => `${px(x(point.x))},${px(y(point.y))}`).join(' ');
    out.push(`<polyline points="${path}" fill="none" stroke="${series.color}" stroke-width="2" class="series"/>`);
    for (const point of points) {
      out.push(`<circle cx="${px(x(point.x))}" cy="${px(y(point.y))}" r="3" fill="${series.color}"/>`);
    }
    const legendY = plotTop + 4 + index * 16;
    out.push(line(plotLeft + 10, legendY, plotLeft + 30, legendY, { stroke: series.color, 'stroke-width': 2 }));
    out.push(text(plotLeft + 34, legendY + 4, series.name));
  });
  return out;
}

export function loadCurveSvg(rows: readonly LoadRow[]): string {
  const xs = rows.map((row) => row.n);
  const width = 840;
  const height = 300;
  return svgDocument(width, height, 'Load: CPU per provisioning and wall time against N', [
    ...linePanel({
      left: 0,
      top: 0,
      width: width / 2,
      height,
      title: 'CPU seconds per provisioning',
      yLabel: 'CPU s / provisioning',
      xs,
      series: [
        { name: 'host', color: '#1f77b4', values: rows.map((row) => row.cpuPerRunS) },
        { name: 'simulator', color: '#ff7f0e', values: rows.map((row) => row.simCpuPerRunS) },
      ],
    }),
    ...linePanel({
      left: width / 2,
      top: 0,
      width: width / 2,
      height,
      title: 'Wall seconds for all N',
      yLabel: 'wall s',
      xs,
      series: [{ name: 'wall', color: '#2ca02c', values: rows.map((row) => row.wallS) }],
    }),
  ]);
}
