// A strict JSON reader (RFC 8259) for plan bodies: builds the value JSON.parse would, but refuses duplicate object
// keys (naming the object that repeats one) and nesting deeper than a limit, reported before the stack could suffer.
import { echo } from './echo';
import { childPath } from './paths';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Containers nested deeper than this are refused: a plan is about 4 levels deep. */
export const MAX_JSON_DEPTH = 32;

/** Why a text was refused; `detail` says what is wrong with the position in characters (0-based), line and column. */
export type JsonReadFailure =
  | { ok: false; kind: 'syntax' | 'tooDeep'; path: ''; detail: string }
  /** `path` names the object that repeats `key` ('' for the document itself). */
  | { ok: false; kind: 'duplicateKey'; path: string; key: string; detail: string };

export type JsonReadResult = { ok: true; value: JsonValue } | JsonReadFailure;

export function readStrictJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonReadResult {
  try {
    return { ok: true, value: new Reader(text, maxDepth).document() };
  } catch (error) {
    if (error instanceof ReadError) return error.failure;
    throw error;
  }
}

class ReadError extends Error {
  constructor(readonly failure: JsonReadFailure) {
    super(failure.detail);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const SIMPLE_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
]);

class Reader {
  private pos = 0;
  /** Keys and indexes from the document to the value being read, for the path of a duplicate key. */
  private readonly trail: (string | number)[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {}

  document(): JsonValue {
    this.space();
    const value = this.value(0);
    this.space();
    if (this.pos < this.text.length) throw this.unexpected('the end of the body');
    return value;
  }

  /** A value inside `depth` containers. */
  private value(depth: number): JsonValue {
    switch (this.text[this.pos]) {
      case '{':
        return this.object(depth + 1);
      case '[':
        return this.array(depth + 1);
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        return this.number();
    }
  }

  private object(depth: number): { [key: string]: JsonValue } {
    this.enter(depth);
    const object: { [key: string]: JsonValue } = {};
    this.space();
    if (this.eat('}')) return object;
    for (;;) {
      if (this.text[this.pos] !== '"') throw this.unexpected('a key in double quotes');
      const keyAt = this.pos;
      const key = this.string();
      if (Object.hasOwn(object, key)) {
        const path = this.trail.reduce<string>(childPath, '');
        const detail = this.detail(`duplicate key ${echo(key)}`, keyAt);
        throw new ReadError({ ok: false, kind: 'duplicateKey', path, key, detail });
      }
      this.space();
      if (!this.eat(':')) throw this.unexpected('":"');
      this.space();
      this.trail.push(key);
      const value = this.value(depth);
      this.trail.pop();
      // defineProperty, not assignment: "__proto__" becomes an own property, as JSON.parse makes it, instead of
      // replacing the object's prototype. The plan schema then refuses it as an unknown field.
      Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
      this.space();
      if (this.eat('}')) return object;
      if (!this.eat(',')) throw this.unexpected('"," or "}"');
      this.space();
    }
  }

  private array(depth: number): JsonValue[] {
    this.enter(depth);
    const array: JsonValue[] = [];
    this.space();
    if (this.eat(']')) return array;
    for (;;) {
      this.trail.push(array.length);
      array.push(this.value(depth));
      this.trail.pop();
      this.space();
      if (this.eat(']')) return array;
      if (!this.eat(',')) throw this.unexpected('"," or "]"');
      this.space();
    }
  }

  /** Steps over the opening bracket of a container at `depth`, unless that is too deep. */
  private enter(depth: number): void {
    if (depth > this.maxDepth) {
      throw this.fail('tooDeep', `nesting deeper than ${this.maxDepth} levels`, this.pos);
    }
    this.pos++;
  }

  private string(): string {
    const start = this.pos;
    let pos = start + 1;
    let value = '';
    let run = pos;
    for (;;) {
      if (pos >= this.text.length) throw this.fail('syntax', 'unterminated string', start);
      const code = this.text.charCodeAt(pos);
      if (code === 0x22) break;
      if (code < 0x20)
        throw this.fail('syntax', `unescaped control character ${echo(this.text[pos])} in a string`, pos);
      if (code !== 0x5c) {
        pos++;
        continue;
      }
      value += this.text.slice(run, pos);
      const escape = this.text[pos + 1] ?? '';
      const simple = SIMPLE_ESCAPES.get(escape);
      if (simple !== undefined) {
        value += simple;
        pos += 2;
      } else if (escape === 'u' && HEX4.test(this.text.slice(pos + 2, pos + 6))) {
        // One UTF-16 unit per escape: a pair (\ud83d\ude00) joins into one character; a lone surrogate stays one,
        // as JSON.parse keeps it.
        value += String.fromCharCode(parseInt(this.text.slice(pos + 2, pos + 6), 16));
        pos += 6;
      } else {
        throw this.fail(
          'syntax',
          'bad escape in a string (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and 4 hex digits)',
          pos,
        );
      }
      run = pos;
    }
    this.pos = pos + 1;
    return value + this.text.slice(run, pos);
  }

  private number(): number {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) throw this.unexpected('a value');
    this.pos += match[0].length;
    return Number(match[0]);
  }

  private literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) throw this.unexpected('a value');
    this.pos += word.length;
    return value;
  }

  private space(): void {
    for (;;) {
      const char = this.text[this.pos];
      if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') return;
      this.pos++;
    }
  }

  private eat(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos++;
    return true;
  }

  private unexpected(wanted: string): ReadError {
    const found = this.text.codePointAt(this.pos);
    const what = found === undefined ? 'the end of the body' : echo(String.fromCodePoint(found));
    return this.fail('syntax', `expected ${wanted} but found ${what}`, this.pos);
  }

  private fail(kind: 'syntax' | 'tooDeep', what: string, at: number): ReadError {
    return new ReadError({ ok: false, kind, path: '', detail: this.detail(what, at) });
  }

  private detail(what: string, at: number): string {
    const before = this.text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    return `${what} at position ${at} (line ${line}, column ${column})`;
  }
}
