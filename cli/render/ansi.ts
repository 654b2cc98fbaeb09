// Terminal styling: SGR colours, cursor movement and the width of text as it shows on screen. Pure strings; whether
// to colour at all is the caller's decision (TTY and NO_COLOR), never this module's.

const ESC = '\u001b[';

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'grey';

const CODES: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  grey: [90, 39],
};

export type Painter = (style: Style, text: string) => string;

export function painter(enabled: boolean): Painter {
  if (!enabled) return (_style, text) => text;
  return (style, text) => (text === '' ? text : `${ESC}${CODES[style][0]}m${text}${ESC}${CODES[style][1]}m`);
}

/** Whether to colour a stream: a TTY, and NO_COLOR unset (https://no-color.org). */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
// eslint-disable-next-line no-control-regex
const SGR_AT_START = /^\u001b\[[0-9;]*m/;

export function stripAnsi(text: string): string {
  return text.replace(SGR, '');
}

export function visibleLength(text: string): number {
  return [...stripAnsi(text)].length;
}

/** Cuts a line to `width` visible characters (colour codes kept whole), so a redraw never wraps. */
export function truncateVisible(text: string, width: number): string {
  if (width <= 0 || visibleLength(text) <= width) return text;
  let out = '';
  let shown = 0;
  let index = 0;
  while (index < text.length && shown < width - 1) {
    const code = text.startsWith(ESC, index) ? SGR_AT_START.exec(text.slice(index)) : null;
    if (code) {
      out += code[0];
      index += code[0].length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(index) ?? 32);
    out += char;
    index += char.length;
    shown++;
  }
  // Keep any reset codes that followed so a cut never leaves the terminal coloured.
  return `${out}…${out.includes(ESC) ? `${ESC}0m` : ''}`;
}

export const CURSOR = {
  /** To the start of the line `n` lines up. */
  up: (n: number): string => (n > 0 ? `${ESC}${n}F` : '\r'),
  clearLine: `${ESC}2K`,
  clearBelow: `${ESC}J`,
  hide: `${ESC}?25l`,
  show: `${ESC}?25h`,
} as const;
