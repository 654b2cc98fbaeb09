// Shows a value taken from the input inside a message, bounded and escaped, so a 60 KB field or a string full of
// newlines cannot flood an answer or forge extra lines in a log. Every message of lib/plan that echoes input uses it.

/** At most this many characters of a value are shown, then "…". */
export const MAX_ECHO_CHARS = 64;

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '\\"'],
  ['\\', '\\\\'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
  ['\b', '\\b'],
  ['\f', '\\f'],
]);

/** Control and format characters, lone surrogates and line/paragraph separators: shown as \uXXXX. */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]$/u;

/** A string in double quotes (escaped as in JSON), any other value as its JSON text; bounded either way. */
export function echo(value: unknown): string {
  return typeof value === 'string' ? `"${echoText(value)}"` : bounded(jsonText(value), false);
}

/** The text without quotes, escaped as inside a JSON string and bounded: for values that read well bare (a CIDR). */
export function echoText(text: string): string {
  return bounded(text, true);
}

/** `text` cut at MAX_ECHO_CHARS (then "…"); JSON text already has its quotes and backslashes escaped. */
function bounded(text: string, escapeQuotes: boolean): string {
  let shown = '';
  // for…of walks code points, so a surrogate pair is never cut in half; it stops at the bound, however long the text.
  for (const char of text) {
    const piece = (escapeQuotes ? ESCAPES.get(char) : undefined) ?? (INVISIBLE.test(char) ? unicodeEscape(char) : char);
    if (shown.length + piece.length > MAX_ECHO_CHARS) return `${shown}…`;
    shown += piece;
  }
  return shown;
}

function unicodeEscape(char: string): string {
  let escaped = '';
  for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return escaped;
}

function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
