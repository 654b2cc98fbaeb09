// parsePlanBody: the 64 KB limit, UTF-8 only, strict JSON (no duplicate keys, bounded nesting), a BOM tolerated.
import { MAX_PLAN_BODY_BYTES, parsePlanBody, validatePlan } from '../../lib/plan';
import { minimalPlan } from './planFixtures';

const PLAN_TEXT = JSON.stringify(minimalPlan());

/** The minimal plan's JSON with `extra` written right after the first `after`. */
function planTextWith(after: string, extra: string): string {
  if (!PLAN_TEXT.includes(after)) throw new Error(`fixture has no ${after}`);
  return PLAN_TEXT.replace(after, `${after},${extra}`);
}

describe('parsePlanBody', () => {
  it('refuses a 1 MB body before parsing it', () => {
    const body = JSON.stringify({ ...minimalPlan(), padding: 'x'.repeat(1024 * 1024) });
    expect(parsePlanBody(body)).toEqual({
      ok: false,
      errors: [{ path: '', message: expect.stringMatching(/^body exceeds 64 KB/) as unknown }],
    });
    expect(parsePlanBody(Buffer.from(body))).toMatchObject({ ok: false });
  });

  it('accepts exactly 64 KB and refuses one byte more, counting bytes, not characters', () => {
    const plan = JSON.stringify(minimalPlan());
    const exact = plan + ' '.repeat(MAX_PLAN_BODY_BYTES - Buffer.byteLength(plan));
    expect(parsePlanBody(exact)).toMatchObject({ ok: true });
    expect(parsePlanBody(`${exact} `)).toMatchObject({ ok: false });
    // 'é' is two bytes in UTF-8: half as many characters already reach the limit.
    const wide = `"${'é'.repeat(MAX_PLAN_BODY_BYTES / 2)}"`;
    expect(parsePlanBody(wide)).toMatchObject({ ok: false });
  });

  it('reports bad JSON at the body path with the parser detail', () => {
    const result = parsePlanBody('{"name": "contoso",');
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message: expect.stringMatching(/^body is not valid JSON \(.+\): send the plan as a JSON object$/) as unknown,
        },
      ],
    });
    expect(result.ok || result.errors[0]?.message).toBe(
      'body is not valid JSON (expected a key in double quotes but found the end of the body at position 19 ' +
        '(line 1, column 20)): send the plan as a JSON object',
    );
  });

  it.each([
    ['a byte that never starts a character', [0x7b, 0xff, 0x7d]],
    ['a Latin-1 é', [0x22, 0xe9, 0x22]],
    ['an overlong "/"', [0x22, 0xc0, 0xaf, 0x22]],
    ['an encoded surrogate', [0x22, 0xed, 0xa0, 0x80, 0x22]],
    ['a character cut short at the end', [0x22, 0xe2, 0x82]],
  ])('refuses bytes that are not UTF-8: %s', (_case, bytes) => {
    expect(parsePlanBody(Uint8Array.from(bytes))).toEqual({
      ok: false,
      errors: [{ path: '', message: 'body is not valid UTF-8: send the plan as UTF-8 JSON' }],
    });
  });

  it('reads UTF-8 bytes beyond ASCII as text', () => {
    expect(parsePlanBody(Buffer.from('{"ticketId":"é😀"}'))).toEqual({ ok: true, value: { ticketId: 'é😀' } });
  });

  it('refuses a duplicate key, naming the object that repeats it', () => {
    expect(parsePlanBody(planTextWith('"name":"contoso"', '"name":"fabrikam"'))).toEqual({
      ok: false,
      errors: [{ path: '', message: 'duplicate key "name": an ambiguous plan is not guessed' }],
    });
    expect(parsePlanBody(planTextWith('"location":"westeurope"', '"location":"northeurope"'))).toEqual({
      ok: false,
      errors: [{ path: 'azure', message: 'duplicate key "location": an ambiguous plan is not guessed' }],
    });
    expect(parsePlanBody(planTextWith('"adminUsername":"azureuser"', '"adminUsername":"other"'))).toEqual({
      ok: false,
      errors: [{ path: 'azure.vm', message: 'duplicate key "adminUsername": an ambiguous plan is not guessed' }],
    });
  });

  it('shows a huge or odd duplicate key bounded and escaped', () => {
    // In the JSON text: x, the escape \n, then 20 000 k. Echoed: the escape again, then the first k up to the bound.
    const key = `x\\n${'k'.repeat(20_000)}`;
    const result = parsePlanBody(planTextWith('"name":"contoso"', `"${key}":1,"${key}":2`));
    expect(result).toEqual({
      ok: false,
      errors: [{ path: '', message: `duplicate key "x\\n${'k'.repeat(61)}…": an ambiguous plan is not guessed` }],
    });
  });

  it('refuses deep nesting with a message, not a stack overflow', () => {
    const result = parsePlanBody(`{"name":${'['.repeat(30_000)}`);
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message: expect.stringMatching(
            /^body is nested too deeply \(nesting deeper than 32 levels at position \d+ .*\): a plan is about 4 levels deep/,
          ) as unknown,
        },
      ],
    });
  });

  it('keeps "__proto__" a plain field, which the schema then refuses', () => {
    const parsed = parsePlanBody(planTextWith('"name":"contoso"', '"__proto__":{"isAdmin":true}'));
    if (!parsed.ok) throw new Error(parsed.errors[0]?.message);
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    const result = validatePlan(parsed.value);
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['__proto__']);
  });

  it('reports an empty body as such', () => {
    expect(parsePlanBody('  \n')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'body is empty: send the plan as a JSON object' }],
    });
  });

  it('reads a file saved with a byte order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(minimalPlan()))]);
    const parsed = parsePlanBody(bytes);
    expect(parsed.ok && validatePlan(parsed.value).ok).toBe(true);
    expect(parsePlanBody(`\uFEFF${PLAN_TEXT}`)).toMatchObject({ ok: true });
    // One mark is tolerated, not two.
    expect(parsePlanBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]))).toMatchObject({ ok: false });
  });
});
