// Large bodies through HTTP streams, on `hybrid-connection host` as its own process (so its memory is measured apart
// from this test's): 256 MiB uploaded and 256 MiB downloaded, generated on the fly on both sides, checked by byte count
// and SHA-256, with the host's peak RSS during each transfer (VmHWM, reset before it) far below the body size. The
// body limit is raised through FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, as an app would on Azure (default 100 MB).
// Measured, never timed. HC_PRINT_MEASUREMENTS=1 prints the numbers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PROJECT_ROOT } from '../../support/cliProcess';
import { call, makeTempDir, removeDir, startHostProcess, type HostProcess } from './hostTestKit';

const STREAM_APP = join(PROJECT_ROOT, 'test', 'fixtures', 'stream-app');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the fixture's own generator, plain CommonJS
const pattern = require(join(STREAM_APP, 'src', 'pattern.js')) as {
  patternChunks(total: number, seed: number): Iterable<Buffer>;
  patternSha256(total: number, seed: number): string;
};

const MiB = 1024 * 1024;
const BODY_BYTES = 256 * MiB;
/** "Far below the body": the host may hold chunks in flight and garbage not yet collected, never the body. */
const MAX_RSS_GROWTH_BYTES = 96 * MiB;

let dataDir: string;
let host: HostProcess;

beforeAll(async () => {
  dataDir = await makeTempDir('large');
  host = await startHostProcess(['--app', STREAM_APP, '--port', '0', '--data', dataDir], {
    FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: String(512 * MiB),
  });
}, 30_000);

afterAll(async () => {
  await host?.stop('SIGTERM');
  await removeDir(dataDir);
});

/** The host process's memory from /proc: resident now and the peak since the last reset, in bytes. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** Runs `transfer` and tells how far the host's peak RSS rose above its RSS at the start (undefined off Linux). */
async function measured<T>(transfer: () => Promise<T>): Promise<{ result: T; growth: number | undefined }> {
  const pid = host.child.pid ?? 0;
  if (!existsSync(`/proc/${pid}/clear_refs`)) return { result: await transfer(), growth: undefined };
  // Writing 5 resets the peak (VmHWM) to the current RSS (Linux proc(5), /proc/pid/clear_refs).
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const start = memory(pid).rss;
  const result = await transfer();
  return { result, growth: memory(pid).peak - start };
}

function report(what: string, bytes: number, growth: number | undefined): void {
  if (process.env.HC_PRINT_MEASUREMENTS && growth !== undefined) {
    process.stdout.write(`${what}: ${bytes} bytes, host peak RSS growth ${(growth / MiB).toFixed(1)} MiB\n`);
  }
}

function upload(total: number, seed: number): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${host.ready.url}/api/receiveStream`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    // No Content-Length: the body goes chunked, produced as the connection takes it.
    Readable.from(pattern.patternChunks(total, seed)).pipe(req);
  });
}

async function download(total: number, seed: number): Promise<{ status: number; bytes: number; sha256: string }> {
  const response = await fetch(`${host.ready.url}/api/sendStream?bytes=${total}&seed=${seed}`);
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    hash.update(chunk);
  }
  return { status: response.status, bytes, sha256: hash.digest('hex') };
}

it('reports HTTP streams on and warms up with a small upload and download', async () => {
  expect(host.stderr()).toMatch(/HTTP streams are on/);
  expect((await upload(MiB, 1)).body).toEqual({ bytes: MiB, sha256: pattern.patternSha256(MiB, 1) });
  expect(await download(MiB, 2)).toEqual({ status: 200, bytes: MiB, sha256: pattern.patternSha256(MiB, 2) });
  expect((await call(`${host.ready.url}/api/helloWorld`)).text).toBe('Hello, world!');
});

// Over the default limit of 100 MB: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT is what lets it through.
it('takes a 256 MiB upload as a stream: every byte reaches the function, the host never holds the body', async () => {
  const { result, growth } = await measured(() => upload(BODY_BYTES, 7));
  expect(result).toEqual({ status: 200, body: { bytes: BODY_BYTES, sha256: pattern.patternSha256(BODY_BYTES, 7) } });
  report('upload', BODY_BYTES, growth);
  expect(growth ?? 0).toBeLessThan(MAX_RSS_GROWTH_BYTES);
}, 180_000);

it('streams a 256 MiB response as the function produces it: every byte arrives, the host never holds it', async () => {
  const { result, growth } = await measured(() => download(BODY_BYTES, 9));
  expect(result).toEqual({ status: 200, bytes: BODY_BYTES, sha256: pattern.patternSha256(BODY_BYTES, 9) });
  report('download', BODY_BYTES, growth);
  expect(growth ?? 0).toBeLessThan(MAX_RSS_GROWTH_BYTES);
}, 180_000);
