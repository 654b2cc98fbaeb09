// The metered request body on its own, on a stand-in for IncomingMessage and jest's fake clock (Date.now and the
// interval both): the size limit as bytes stream in, the minimum data rate counted only while someone waits for the
// body (a streaming function that stops reading does not make its client "slow"), and a client that goes away.
import { PassThrough, type Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { HttpError } from '../../../runtime/host/errors';
import { meterRequestBody, readRequestBody, RequestAbortedError } from '../../../runtime/host/requestBody';

const rate = { bytesPerSecond: 1000, gracePeriodMs: 1000 };

function fakeRequest(headers: Record<string, string> = {}): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

/** The error the body ended with, or undefined while it has none. */
function failureOf(body: Readable): { error: unknown } {
  const seen: { error: unknown } = { error: undefined };
  body.on('error', (error) => (seen.error = error));
  return seen;
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('passes the bytes through and ends with the request', async () => {
  const req = fakeRequest();
  const collected = readRequestBody(req, { maxBytes: 100, minDataRate: rate });
  req.write('hello ');
  req.end('world');
  await expect(collected).resolves.toEqual(Buffer.from('hello world'));
});

it('refuses a declared Content-Length over the limit before reading anything', async () => {
  const req = fakeRequest({ 'content-length': '101' });
  const failure = readRequestBody(req, { maxBytes: 100, minDataRate: undefined });
  await expect(failure).rejects.toMatchObject({ status: 413, code: 'PayloadTooLarge' });
  expect(req.listenerCount('data')).toBe(0);
});

it('fails with 413 as soon as the streamed bytes pass the limit', async () => {
  const req = fakeRequest();
  const body = meterRequestBody(req, { maxBytes: 10, minDataRate: undefined });
  const seen = failureOf(body);
  body.resume();
  req.write('0123456789');
  await jest.advanceTimersByTimeAsync(0);
  expect(seen.error).toBeUndefined();
  req.write('x');
  await jest.advanceTimersByTimeAsync(0);
  expect(seen.error).toBeInstanceOf(HttpError);
  expect(seen.error).toMatchObject({ status: 413 });
});

it('fails with 408 when a reader waits past the grace period for bytes that come too slowly', async () => {
  const req = fakeRequest();
  const body = meterRequestBody(req, { maxBytes: 1_000_000, minDataRate: rate });
  const seen = failureOf(body);
  body.resume();
  req.write('x');
  await jest.advanceTimersByTimeAsync(900);
  expect(seen.error).toBeUndefined();
  await jest.advanceTimersByTimeAsync(600);
  expect(seen.error).toMatchObject({ status: 408, code: 'RequestBodyTimeout' });
});

it('keeps a body that arrives fast enough', async () => {
  const req = fakeRequest();
  const body = meterRequestBody(req, { maxBytes: 1_000_000, minDataRate: rate });
  const seen = failureOf(body);
  body.resume();
  for (let second = 0; second < 5; second++) {
    req.write(Buffer.alloc(2000));
    await jest.advanceTimersByTimeAsync(1000);
  }
  expect(seen.error).toBeUndefined();
});

it('does not count the time nobody reads the body: a function busy elsewhere does not make its client slow', async () => {
  const req = fakeRequest();
  const body = meterRequestBody(req, { maxBytes: 1_000_000, minDataRate: rate });
  const seen = failureOf(body);
  // Nobody reads for ten grace periods.
  await jest.advanceTimersByTimeAsync(10_000);
  expect(seen.error).toBeUndefined();
  // Then someone does, and the client keeps up.
  body.resume();
  req.write(Buffer.alloc(1500));
  await jest.advanceTimersByTimeAsync(1000);
  req.end(Buffer.alloc(1000));
  await jest.advanceTimersByTimeAsync(0);
  expect(seen.error).toBeUndefined();
  expect(body.readableEnded).toBe(true);
});

it('ends with RequestAbortedError when the client closes before the end of its body', async () => {
  const req = fakeRequest();
  const body = meterRequestBody(req, { maxBytes: 1_000_000, minDataRate: undefined });
  const seen = failureOf(body);
  body.resume();
  req.write('part');
  req.destroy();
  await jest.advanceTimersByTimeAsync(0);
  expect(seen.error).toBeInstanceOf(RequestAbortedError);
});
