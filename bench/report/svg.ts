// Hand-written SVG for docs/benchmarks.md: the few primitives the plots need (escaping, scales, ticks, text, lines).
// Pure string building; no DOM, no dependency. Every number written is rounded to 0.1 px to keep the files small.

export interface LinearScale {
  (value: number): number;
  domain: [number, number];
  range: [number, number];
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Maps [d0, d1] onto [r0, r1] linearly (a flat domain maps to the middle of the range). */
export function linearScale(domain: [number, number], range: [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const scale = ((value: number) =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)) as LinearScale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** Maps [d0, d1] (both > 0) onto [r0, r1] on a log10 axis. */
export function logScale(domain: [number, number], range: [number, number]): LinearScale {
  const inner = linearScale([Math.log10(domain[0]), Math.log10(domain[1])], range);
  const scale = ((value: number) => inner(Math.log10(value))) as LinearScale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** About `count` round ticks (1, 2 or 5 times a power of ten apart) from 0 or below `min` to at least `max`. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= raw) ?? 10 * power;
  const first = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick < max + step * 0.999; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

export function text(x: number, y: number, content: string, attributes: Record<string, string | number> = {}): string {
  return `<text x="${px(x)}" y="${px(y)}"${attrs(attributes)}>${escapeXml(content)}</text>`;
}

export function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  attributes: Record<string, string | number>,
): string {
  return `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}"${attrs(attributes)}/>`;
}

export function rect(
  x: number,
  y: number,
  width: number,
  height: number,
  attributes: Record<string, string | number>,
): string {
  return `<rect x="${px(x)}" y="${px(y)}" width="${px(Math.max(0, width))}" height="${px(height)}"${attrs(attributes)}/>`;
}

export function attrs(attributes: Record<string, string | number>): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeXml(typeof value === 'number' ? px(value) : value)}"`)
    .join('');
}

/** A standalone SVG document (white background, a sans-serif font) around `body`. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
