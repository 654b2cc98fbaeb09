// The Event Grid webhook never answers bad input with a 5xx: malformed, oddly shaped, deeply nested or non-UTF-8
// bodies and events missing envelope fields are 400s that name the index and field, and nothing is invoked. A 500
// stays reserved for a handler that fails (so Event Grid redelivers). Also the safe JSON reader on its own.
import { callsOf, startEdgeHost, stopEdgeHosts } from './edgeHost';
import { call } from './hostTestKit';
import { JsonInputError, parseJsonStrict } from '../../../runtime/host/safeJson';
import type { RunningHost } from '../../../runtime';

let host: RunningHost;
beforeAll(async () => {
  host = await startEdgeHost();
});
afterAll(() => stopEdgeHosts());

const egEvent = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'e-1',
  eventType: 'Test.Happened',
  subject: 'things/1',
  eventTime: '2024-01-01T00:00:00Z',
  dataVersion: '1',
  data: { n: 1 },
  ...fields,
});
const cloudEvent = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  specversion: '1.0',
  id: 'c-1',
  type: 'Test.Happened',
  source: '/tests',
  data: { n: 1 },
  ...fields,
});
const without = (event: Record<string, unknown>, field: string): Record<string, unknown> => {
  const copy = { ...event };
  delete copy[field];
  return copy;
};
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

async function deliver(
  body: string | Buffer,
  eventType = 'Notification',
): Promise<{ status: number; message: string }> {
  const url = `${host.url}/runtime/webhooks/eventgrid?functionName=events&code=${host.keys.system.eventgrid_extension}`;
  const response = await call(url, { method: 'POST', headers: { 'aeg-event-type': eventType }, body });
  const parsed = response.text === '' ? undefined : (response.json() as { error?: { message: string } });
  return { status: response.status, message: parsed?.error?.message ?? '' };
}

describe('a Notification', () => {
  it.each([
    ['null', 'null', 'not null'],
    ['a number', '42', 'not a number'],
    ['a string', '"text"', 'not a string'],
    ['an Event Grid schema event not in an array', JSON.stringify(egEvent()), 'must be a JSON array'],
    ['an empty array', '[]', 'empty array'],
    ['[null]', '[null]', 'index 0 must be a JSON object, not null'],
    ['an array holding a number', JSON.stringify([egEvent(), 7]), 'index 1 must be a JSON object, not a number'],
    [
      'an event without eventType',
      JSON.stringify([without(egEvent(), 'eventType')]),
      "index 0 has no string 'eventType'",
    ],
    ['an event with an empty id', JSON.stringify([egEvent({ id: '' })]), "index 0 has an empty 'id'"],
    [
      'an event without dataVersion',
      JSON.stringify([egEvent(), without(egEvent(), 'dataVersion')]),
      "index 1 has no string 'dataVersion'",
    ],
    [
      'an event whose eventTime is no date',
      JSON.stringify([egEvent({ eventTime: 'soon' })]),
      "'eventTime' that is not a date-time",
    ],
    ['a CloudEvent without source', JSON.stringify(without(cloudEvent(), 'source')), "index 0 has no string 'source'"],
    [
      'a CloudEvent batch entry without type',
      JSON.stringify([cloudEvent(), without(cloudEvent(), 'type')]),
      "index 1 has no string 'type'",
    ],
    [
      'a CloudEvent of another specversion',
      JSON.stringify(cloudEvent({ specversion: '0.3' })),
      'only "1.0" is supported',
    ],
    ['invalid JSON', '[{"id":', 'not valid JSON'],
    ['an array nested 20,001 deep', nested(20_001), 'nested deeper than 64 levels'],
    [
      'an event whose data is nested 100 deep',
      `[${JSON.stringify(egEvent()).slice(0, -1)},"deep":${nested(100)}}]`,
      'nested deeper than 64 levels',
    ],
  ])('is refused with 400 when the body is %s, and nothing runs', async (_what, body, message) => {
    const response = await deliver(body);
    expect(response.status).toBe(400);
    expect(response.message).toContain(message);
    expect(await callsOf(host, 'events')).toBe(0);
  });

  it('is refused with 400 when the body is not UTF-8', async () => {
    const response = await deliver(Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]));
    expect([response.status, response.message]).toEqual([400, 'The event payload is not valid UTF-8.']);
    expect(await callsOf(host, 'events')).toBe(0);
  });

  it('invokes once per event for well-formed batches of either schema, brackets inside strings included', async () => {
    const tricky = egEvent({ id: 'e-2', subject: '', dataVersion: '', data: { text: nested(100) } });
    expect((await deliver(JSON.stringify([egEvent(), tricky]))).status).toBe(202);
    expect((await deliver(JSON.stringify(cloudEvent()))).status).toBe(202);
    expect((await deliver(JSON.stringify([cloudEvent(), cloudEvent({ id: 'c-2' })]))).status).toBe(202);
    expect(await callsOf(host, 'events')).toBe(5);
  });

  it('answers 500 only when a handler fails', async () => {
    const before = await callsOf(host, 'events');
    const response = await deliver(JSON.stringify([egEvent({ subject: 'fail' })]));
    expect([response.status, response.message]).toEqual([500, 'Exception while executing function: Functions.events']);
    expect(await callsOf(host, 'events')).toBe(before + 1);
  });
});

describe('a SubscriptionValidation', () => {
  it.each([
    ['null', 'null', 'no data.validationCode'],
    ['an event without data', JSON.stringify([without(egEvent(), 'data')]), 'no data.validationCode'],
    ['invalid JSON', '{', 'not valid JSON'],
    ['a deep array', nested(20_001), 'nested deeper than 64 levels'],
  ])('is refused with 400 when the body is %s', async (_what, body, message) => {
    const response = await deliver(body, 'SubscriptionValidation');
    expect(response.status).toBe(400);
    expect(response.message).toContain(message);
  });

  it('still answers a well-formed handshake of either schema', async () => {
    const url = `${host.url}/runtime/webhooks/eventgrid?functionName=events&code=${host.keys.system.eventgrid_extension}`;
    const headers = { 'aeg-event-type': 'SubscriptionValidation' };
    const eg = await call(url, {
      method: 'POST',
      headers,
      body: JSON.stringify([egEvent({ data: { validationCode: 'A' } })]),
    });
    const ce = await call(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(cloudEvent({ data: JSON.stringify({ validationCode: 'B' }) })),
    });
    expect([eg.json(), ce.json()]).toEqual([{ validationResponse: 'A' }, { validationResponse: 'B' }]);
  });
});

describe('parseJsonStrict', () => {
  it('drops a byte-order mark, ignores brackets inside strings, and refuses depth past the bound', () => {
    expect(parseJsonStrict(Buffer.from('\uFEFF{"a":"[[[["}'))).toEqual({ a: '[[[[' });
    expect(parseJsonStrict(Buffer.from('["\\"[[["]'), 2)).toEqual(['"[[[']);
    expect(parseJsonStrict(Buffer.from(nested(3)), 3)).toEqual([[[]]]);
    expect(() => parseJsonStrict(Buffer.from(nested(4)), 3)).toThrow(JsonInputError);
    expect(() => parseJsonStrict(Buffer.from([0xc3, 0x28]))).toThrow('is not valid UTF-8');
  });
});
