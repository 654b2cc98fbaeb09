// The strict JSON reader: the same value as JSON.parse for every JSON text without duplicate keys (property tests),
// the same refusals for everything JSON.parse refuses, plus duplicate keys and deep nesting refused with where.
import fc from 'fast-check';
import { MAX_JSON_DEPTH, readStrictJson, type JsonReadResult } from '../../lib/plan/strictJson';

/** JSON.parse's answer in the reader's shape, or undefined when JSON.parse throws. */
function jsonParse(text: string): JsonReadResult | undefined {
  try {
    return { ok: true, value: JSON.parse(text) as never };
  } catch {
    return undefined;
  }
}

/** Writes every non-ASCII character and every "/" as a \u or \/ escape (both occur only inside strings). */
function escapeNonAscii(text: string): string {
  return text
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Characters JSON writes as escapes or that are easy to mis-decode, so that short strings meet them often. */
const tricky = fc.constantFrom(
  '\b',
  '\f',
  '\n',
  '\r',
  '\t',
  '"',
  '\\',
  '/',
  '\u0000',
  '\u001f',
  '\u2028',
  'é',
  '😀',
  '\ud800',
  'a',
);
const values = fc.oneof(
  fc.jsonValue({ maxDepth: 6, stringUnit: 'binary' }),
  fc.jsonValue({ maxDepth: 4, stringUnit: tricky }),
);
const indents = fc.constantFrom(undefined, 2, '\t', ' \r\n');
const RUNS = { seed: 0x150d, numRuns: 400 };

describe('readStrictJson agrees with JSON.parse', () => {
  it('reads any JSON text without duplicate keys to the value JSON.parse builds', () => {
    fc.assert(
      fc.property(values, indents, (value, indent) => {
        // JSON.stringify indents with any string it is given: ' \r\n' puts every JSON whitespace between tokens.
        const text = JSON.stringify(value, null, indent);
        expect(readStrictJson(text)).toEqual(jsonParse(text));
      }),
      RUNS,
    );
  });

  it('reads \\u escapes (surrogate pairs and lone surrogates too) and \\/ as JSON.parse does', () => {
    fc.assert(
      fc.property(values, (value) => {
        const text = escapeNonAscii(JSON.stringify(value));
        expect(readStrictJson(text)).toEqual(jsonParse(text));
      }),
      RUNS,
    );
  });

  it('refuses what JSON.parse refuses, and refuses more only for duplicate keys or depth', () => {
    const alphabet = fc.constantFrom(...'{}[]",:.-+eE0123456789 \\/untrfalsebx\u0000\u00a0'.split(''));
    const mutated = fc
      .tuple(values, fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), alphabet)
      .map(([value, at, how, char]) => {
        const text = JSON.stringify(value);
        const i = at % (text.length + 1);
        if (how === 'insert') return text.slice(0, i) + char + text.slice(i);
        return text.slice(0, i) + (how === 'replace' ? char : '') + text.slice(i + 1);
      });
    const text = fc.oneof(mutated, fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: alphabet }));
    fc.assert(
      fc.property(text, (input) => {
        const ours = readStrictJson(input);
        const theirs = jsonParse(input);
        if (!theirs) expect(ours).toMatchObject({ ok: false, kind: 'syntax' });
        else if (ours.ok) expect(ours).toEqual(theirs);
        else expect(['duplicateKey', 'tooDeep']).toContain(ours.kind);
      }),
      { seed: 0x150d, numRuns: 2000 },
    );
  });

  it.each([
    ['-0', -0],
    ['1e400', Infinity],
    ['-1.5E-3', -0.0015],
    ['"\\ud83d\\ude00"', '😀'],
    ['"\\ud800"', '\ud800'],
    [' \t\r\n[ ] ', []],
    ['{"":0}', { '': 0 }],
  ])('reads %s as JSON.parse does', (text, value) => {
    expect(readStrictJson(text)).toEqual({ ok: true, value });
  });

  it.each([
    '01',
    '1.',
    '.5',
    '+1',
    '-',
    '"\\x"',
    '"\\u12"',
    '"a\nb"',
    '\u00a0{}',
    '\f{}',
    'nul',
    '[1,]',
    '{"a":1,}',
    '{a:1}',
    "'a'",
    '{} {}',
  ])('refuses %j like JSON.parse', (text) => {
    expect(jsonParse(text)).toBeUndefined();
    expect(readStrictJson(text)).toMatchObject({ ok: false, kind: 'syntax' });
  });
});

describe('readStrictJson refuses what JSON.parse would guess', () => {
  it('a duplicate key at the top, naming the key and the document path', () => {
    expect(readStrictJson('{"name":"a","name":"b"}')).toEqual({
      ok: false,
      kind: 'duplicateKey',
      path: '',
      key: 'name',
      detail: 'duplicate key "name" at position 12 (line 1, column 13)',
    });
  });

  it('a nested duplicate, naming the object that repeats it, inside arrays too', () => {
    expect(readStrictJson('{"azure":{"vm":{"size":"a","size":"b"}}}')).toMatchObject({
      kind: 'duplicateKey',
      path: 'azure.vm',
      key: 'size',
    });
    expect(readStrictJson('{"a":[{"x":1},{"x":1,"y":2,"x":3}]}')).toMatchObject({ path: 'a[1]', key: 'x' });
    // The same key written two ways is the same key.
    expect(readStrictJson('{"name":1,"n\\u0061me":2}')).toMatchObject({ kind: 'duplicateKey', key: 'name' });
    expect(readStrictJson('{"Name":1,"name":2}')).toMatchObject({ ok: true });
  });

  it('keeps "__proto__" an own property, as JSON.parse does, and never touches a prototype', () => {
    const result = readStrictJson('{"__proto__":{"polluted":true},"a":{"__proto__":[]}}');
    if (!result.ok) throw new Error(result.detail);
    const value = result.value as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(JSON.stringify(value)).toBe('{"__proto__":{"polluted":true},"a":{"__proto__":[]}}');
    expect(readStrictJson('{"__proto__":1,"__proto__":2}')).toMatchObject({ kind: 'duplicateKey', key: '__proto__' });
  });

  it(`nesting deeper than ${MAX_JSON_DEPTH} levels, however deep, without exhausting the stack`, () => {
    const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
    expect(readStrictJson(nested(MAX_JSON_DEPTH))).toMatchObject({ ok: true });
    expect(readStrictJson(nested(MAX_JSON_DEPTH + 1))).toEqual({
      ok: false,
      kind: 'tooDeep',
      path: '',
      detail: `nesting deeper than ${MAX_JSON_DEPTH} levels at position ${MAX_JSON_DEPTH} (line 1, column ${MAX_JSON_DEPTH + 1})`,
    });
    expect(readStrictJson('{"a":'.repeat(200_000))).toMatchObject({ kind: 'tooDeep' });
    expect(readStrictJson('['.repeat(1_000_000))).toMatchObject({ kind: 'tooDeep' });
    expect(readStrictJson('{"a":[{"b":1}]}', 2)).toMatchObject({ kind: 'tooDeep' });
  });

  it('says where a syntax error is, by position, line and column, and shows what it found escaped', () => {
    expect(readStrictJson('{"name": "contoso",')).toMatchObject({
      detail: 'expected a key in double quotes but found the end of the body at position 19 (line 1, column 20)',
    });
    expect(readStrictJson('{\n  "name": "contoso"\n  "ticketId": "x"\n}')).toMatchObject({
      detail: 'expected "," or "}" but found "\\"" at position 24 (line 3, column 3)',
    });
    expect(readStrictJson('{"a":\u0007}')).toMatchObject({
      detail: 'expected a value but found "\\u0007" at position 5 (line 1, column 6)',
    });
    expect(readStrictJson('"abc')).toMatchObject({ detail: 'unterminated string at position 0 (line 1, column 1)' });
  });
});
