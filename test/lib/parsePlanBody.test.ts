import { MAX_PLAN_BODY_BYTES, parsePlanBody, validatePlan } from '../../lib/plan';
import { minimalPlan } from './planFixtures';

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
  });
});
