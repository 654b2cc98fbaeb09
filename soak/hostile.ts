// Section 3: hostile input at volume. One simulator and one host (separate processes); fast-check generates bodies
// for `POST /api/connections` and `POST /api/connections?preview=true` — arbitrary JSON and text, and the example
// plan with at least one mutation that no valid plan has (a value of another JSON type, an unknown key) among
// others — plus odd names for GET and DELETE, wrong content types, invalid UTF-8, duplicate keys and a 10 MB body.
// Then: not one 5xx, not one instance in the task hub, not one ARM write, and the host's RSS before and after.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { formatNumber } from '../bench/format';
import type { Table } from '../bench/table';
import { wallNow } from '../bench/wallClock';
import { none } from './crash';
import { withSectionServers } from './hostLives';
import type { HostProcess } from './hostProcess';
import { planFor, type Plan } from './plans';
import type { Workspace } from './workspace';

export interface HostileOptions {
  /** Generated bodies per endpoint (start and preview). */
  bodies: number;
  /** Odd names, each sent to GET and DELETE. */
  names: number;
  seed: number;
  timeScale: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** The host's V8 old-space limit (MiB). */
  heapCapMiB: number;
}

export const FULL_HOSTILE_OPTIONS: HostileOptions = {
  bodies: 10_000,
  names: 2_000,
  seed: 20_251_111,
  timeScale: 1000,
  concurrency: 4,
  heapCapMiB: 128,
};

export const QUICK_HOSTILE_OPTIONS: HostileOptions = { ...FULL_HOSTILE_OPTIONS, bodies: 1_000, names: 300 };

/** One kind of hostile request and what it got. */
export interface HostileClass {
  name: string;
  requests: number;
  /** The host's RSS after this class, MiB. */
  rssAfterMiB?: number;
  wallMs?: number;
  /** Answers by status ('reset' when the connection was cut instead). */
  statuses: Record<string, number>;
}

export interface HostileResult {
  options: HostileOptions;
  classes: HostileClass[];
  instances: string[];
  armWrites: number;
  /** Valid plans sent to the preview on purpose (they read the clouds, write nothing). */
  validPreviews: number;
  rssMiB: { before: number; after: number; peak: number };
  wallMs: number;
  violations: string[];
}

interface HostileRequest {
  method: string;
  path: string;
  contentType?: string;
  body?: string | Uint8Array;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const START = '/api/connections';
const PREVIEW = '/api/connections?preview=true';

export function runHostileSection(workspace: Workspace, options: HostileOptions): Promise<HostileResult> {
  const servers = {
    timeScale: options.timeScale,
    seed: `soak-hostile-${options.seed}`,
    // A capped heap: a leak then shows as growth (or a crash), not hidden behind a lazy garbage collector.
    hostEnv: { NODE_OPTIONS: `--max-old-space-size=${options.heapCapMiB}` },
  };
  return withSectionServers(workspace, 'hostile', servers, async ({ sim, lives }) => {
    const live = lives.current();
    const plan = planFor(sim.ready, 'hostile');
    // Warm the host up (first requests load code) before the baseline.
    await live.api('GET', '/api/connections');
    const before = rssMiB(live.process.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(live.process.pid))), 500);
    const classes: HostileClass[] = [];
    let validPreviews = 0;
    try {
      const bodies = generatedBodies(plan, options);
      classes.push(await send(live, 'generated bodies -> POST start', bodies.map(asPost(START)), options));
      const previews = bodies.map(asPost(PREVIEW));
      // A few valid plans among them: the preview reads the clouds for those and must still write nothing.
      for (let i = 0; i < previews.length; i += 100) {
        previews[i] = asPost(PREVIEW)(JSON.stringify(planFor(sim.ready, `preview${i}`)));
        validPreviews += 1;
      }
      classes.push(await send(live, 'generated bodies -> POST preview', previews, options));
      classes.push(await send(live, 'odd names -> GET and DELETE', oddNameRequests(options), options));
      classes.push(await send(live, 'wrong content types', contentTypeRequests(plan), options));
      classes.push(await send(live, 'invalid UTF-8', invalidUtf8Requests(plan), options));
      classes.push(await send(live, 'duplicate keys', duplicateKeyRequests(plan), options));
      classes.push(await send(live, '10 MB bodies', hugeBodyRequests(), { ...options, concurrency: 1 }));
    } finally {
      clearInterval(sampler);
    }
    const after = rssMiB(live.process.pid);
    const instances = (await live.instances()).map((i) => `${i.instanceId} ${i.runtimeStatus}`);
    let armWrites = 0;
    for (const cloud of ['azure', 'azureStack']) {
      const { counts } = await sim.api<{ counts: { byMethod: Record<string, number> } }>(
        'GET',
        `requests?service=${cloud}`,
      );
      armWrites += ['PUT', 'PATCH', 'POST', 'DELETE'].reduce((n, m) => n + (counts.byMethod[m] ?? 0), 0);
    }
    const violations: string[] = [];
    for (const c of classes) {
      const serverErrors = Object.entries(c.statuses).filter(([status]) => status.startsWith('5'));
      for (const [status, count] of serverErrors) violations.push(`${c.name}: ${count} answers ${status}`);
    }
    violations.push(...instances.map((i) => `instance started: ${i}`));
    if (armWrites > 0) violations.push(`${armWrites} write requests reached the simulator`);
    const result: HostileResult = {
      options,
      classes,
      instances,
      armWrites,
      validPreviews,
      rssMiB: { before, after, peak },
      wallMs: 0,
      violations,
    };
    return { result, connections: [] };
  });
}

function asPost(path: string): (body: string) => HostileRequest {
  return (body) => ({ method: 'POST', path, contentType: 'application/json', body });
}

/** Sends the requests, `concurrency` at a time; counts answers by status (a cut connection is 'reset'). */
async function send(
  host: HostProcess,
  name: string,
  requests: HostileRequest[],
  options: Pick<HostileOptions, 'concurrency'>,
): Promise<HostileClass> {
  const began = wallNow();
  const statuses: Record<string, number> = {};
  const queue = [...requests];
  const worker = async (): Promise<void> => {
    for (let request = queue.shift(); request !== undefined; request = queue.shift()) {
      const status = await sendOne(host, request);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  return {
    name,
    requests: requests.length,
    statuses,
    rssAfterMiB: rssMiB(host.process.pid),
    wallMs: wallNow() - began,
  };
}

async function sendOne(host: HostProcess, request: HostileRequest): Promise<string> {
  const headers: Record<string, string> = {};
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  try {
    const answer = await host.request(request.method, request.path, { body: request.body, headers });
    return String(answer.status);
  } catch {
    // The host may answer on the head and close while the body is still being written (a 413 seen as a reset).
    return 'reset';
  }
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

/** Every path to a value inside a JSON document, objects' and arrays' own paths included. */
function pathsOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const own = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return [...own, ...value.flatMap((child, i) => pathsOf(child, [...at, i]))];
  if (value !== null && typeof value === 'object')
    return [...own, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...at, key]))];
  return own;
}

/** The value at `path`, or undefined when the path no longer leads anywhere (an ancestor was replaced). */
function getAt(document: Json, path: (string | number)[]): Json | undefined {
  let node: Json | undefined = document;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, Json>)[key];
  }
  return node;
}

function setAt(document: Json, path: (string | number)[], value: Json): void {
  const parent = getAt(document, path.slice(0, -1));
  if (parent !== null && typeof parent === 'object')
    (parent as Record<string | number, Json>)[path[path.length - 1]] = value;
}

/**
 * The plan schema's few unions: where a value of either type is valid (`options.repair`: `true` or the limits), a
 * mutation must pick a type outside them.
 */
const UNION_TYPES: Readonly<Record<string, readonly string[]>> = { 'options.repair': ['boolean', 'object'] };

/** A value of another JSON type than `current` (and than any the schema allows there): never valid. */
function otherType(current: Json, pick: number, replacement: Json, path: readonly (string | number)[]): Json {
  const allowed = UNION_TYPES[path.join('.')] ?? [jsonType(current)];
  const candidates: Json[] = [null, true, 12345, 'text', [], {}, replacement].filter(
    (candidate) => !allowed.includes(jsonType(candidate)),
  );
  return candidates[pick % candidates.length];
}

function jsonType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Strings an attacker tries: control and format characters, surrogates, huge numbers as text, paths, markup. */
const weirdString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\uD800',
    '\u202Eevil',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '%00',
    '1e309',
    'hc-x:teardown',
    'a'.repeat(5000),
  ),
);

const anyJson: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 6 }) as fc.Arbitrary<Json>;

/** The bodies: a third wild (JSON of any shape, or not JSON at all), two thirds the plan made invalid. */
export function generatedBodies(plan: Plan, options: Pick<HostileOptions, 'bodies' | 'seed'>): string[] {
  const base = JSON.parse(JSON.stringify(plan)) as Json;
  const paths = pathsOf(base);
  const mutation = fc.record({
    path: fc.nat(paths.length - 1),
    kind: fc.constantFrom('otherType', 'extraKey'),
    pick: fc.nat(),
    value: fc.oneof(anyJson, weirdString),
  });
  const sameTypeNoise = fc.record({ path: fc.nat(paths.length - 1), value: weirdString });
  const mutated = fc
    .record({ certain: fc.array(mutation, { minLength: 1, maxLength: 3 }), noise: fc.array(sameTypeNoise) })
    .map(({ certain, noise }) => {
      const document = structuredClone(base);
      for (const change of noise) {
        const path = paths[change.path];
        if (typeof getAt(document, path) === 'string') setAt(document, path, change.value);
      }
      for (const change of certain) {
        const path = paths[change.path];
        const current = getAt(document, path);
        if (current === undefined) continue;
        if (change.kind === 'extraKey' && current !== null && typeof current === 'object' && !Array.isArray(current))
          (current as Record<string, Json>)[`x-unknown-${change.pick % 1000}`] = change.value;
        // Another type than the example has there (not than an earlier change left), outside the schema's unions.
        else setAt(document, path, otherType(getAt(base, path) ?? null, change.pick, change.value, path));
      }
      return JSON.stringify(document);
    });
  const wild = fc.oneof(
    anyJson.map((value) => JSON.stringify(value)),
    weirdString,
    fc.string({ maxLength: 200 }),
    fc
      .array(fc.constantFrom('{', '}', '[', ']', '"', ':', ',', 'null', '1', ' '), { maxLength: 60 })
      .map((parts) => parts.join('')),
  );
  const body = fc.oneof({ arbitrary: wild, weight: 1 }, { arbitrary: mutated, weight: 2 });
  return fc.sample(body, { numRuns: options.bodies, seed: options.seed });
}

function oddNameRequests(options: Pick<HostileOptions, 'names' | 'seed'>): HostileRequest[] {
  const names = fc.sample(
    fc.oneof(weirdString, fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('..', '.', '%2e%2e', '*')),
    { numRuns: options.names, seed: options.seed + 1 },
  );
  return names.flatMap((name) => {
    const path = `/api/connections/${percentEncode(name)}`;
    return [
      { method: 'GET', path },
      { method: 'DELETE', path },
      { method: 'GET', path: `${path}/preview` },
      { method: 'DELETE', path: `${path}?preview=true` },
    ];
  });
}

/** Every byte of the UTF-8 form but the unreserved ones as %XX (a lone surrogate becomes U+FFFD's bytes). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');
}

function contentTypeRequests(plan: Plan): HostileRequest[] {
  const body = JSON.stringify(plan);
  const types = [
    undefined,
    '',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
    'application/merge-patch+json',
    'application/json; charset=latin1',
    'application/json; charset=utf-16',
    'application/json; foo=bar',
    'application/jsonp',
    'text/json',
    '*/*',
    'application/json, text/plain',
    'APPLICATION/JSON; CHARSET="UTF-8"; x=1',
  ];
  return [START, PREVIEW].flatMap((path) =>
    types.map((contentType) => ({ method: 'POST', path, body, ...(contentType === undefined ? {} : { contentType }) })),
  );
}

function invalidUtf8Requests(plan: Plan): HostileRequest[] {
  const text = JSON.stringify(plan);
  const at = text.indexOf('CHG0001');
  const sequences = [
    [0xc3, 0x28],
    [0xa0, 0xa1],
    [0xe2, 0x28, 0xa1],
    [0xf0, 0x28, 0x8c, 0x28],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xff],
    [0xfe, 0xff],
  ];
  return [START, PREVIEW].flatMap((path) =>
    sequences.map((bytes) => ({
      method: 'POST',
      path,
      contentType: 'application/json',
      body: Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(text.slice(at))]),
    })),
  );
}

function duplicateKeyRequests(plan: Plan): HostileRequest[] {
  const text = JSON.stringify(plan);
  const bodies = [
    text.replace('{"name":"hostile"', '{"name":"hostile","name":"other"'),
    text.replace('"location":"westeurope"', '"location":"westeurope","location":"eastus"'),
    text.replace('"sharedKeySecretName"', '"sharedKeySecretName":"x","sharedKeySecretName"'),
    text.replace('"vm":{', '"vm":{"size":"Standard_B1s",'),
    `${text.slice(0, -1)},"azure":${JSON.stringify(plan.azure)}}`,
    text.replace('{"name":"hostile"', '{"name":"hostile","\\u006eame":"other"'),
  ];
  return [START, PREVIEW].flatMap((path) =>
    bodies.map((body) => ({ method: 'POST', path, contentType: 'application/json', body })),
  );
}

function hugeBodyRequests(): HostileRequest[] {
  const huge = `{"name":"huge","ticketId":"${'x'.repeat(10 * 1024 * 1024)}"}`;
  return [START, PREVIEW].map((path) => ({ method: 'POST', path, contentType: 'application/json', body: huge }));
}

export function hostileTables(result: HostileResult): Table[] {
  const statusText = (statuses: Record<string, number>): string =>
    Object.entries(statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
  const serverErrors = (c: HostileClass): number =>
    Object.entries(c.statuses)
      .filter(([status]) => status.startsWith('5'))
      .reduce((n, [, count]) => n + count, 0);
  const requestsTable: Table = {
    title: 'Hostile input: answers',
    headers: ['requests', 'sent', 'answers by status', '5xx', 'wall s', 'host RSS after, MiB'],
    rows: result.classes.map((c) => [
      c.name,
      String(c.requests),
      statusText(c.statuses),
      String(serverErrors(c)),
      formatNumber((c.wallMs ?? Number.NaN) / 1000),
      formatNumber(c.rssAfterMiB ?? Number.NaN),
    ]),
    notes: [
      `fast-check seed ${result.options.seed}: a third of the bodies wild (any JSON, text, JSON fragments), two thirds the example plan with 1-3 mutations no valid plan has (a value of another JSON type, an unknown key) and any number of odd strings in its string fields.`,
      `The preview also got ${result.validPreviews} valid plans (1 in 100): those read both clouds and answer 200 (or 503 when a cloud does not answer), writing nothing.`,
      'Odd names go to GET /api/connections/{name}, DELETE (and its preview) and GET .../preview; the 200s are "." and "", which the URL reduces to the list. "reset": a connection the host closed after answering early (a body over its limit).',
    ],
  };
  const total = result.classes.reduce((n, c) => n + c.requests, 0);
  const invariants: Table = {
    title: 'Hostile input: invariants',
    headers: ['check', 'expected', 'measured', 'holds'],
    rows: [
      [
        '5xx answers',
        '0',
        `${result.classes.reduce((n, c) => n + serverErrors(c), 0)} of ${total}`,
        result.classes.every((c) => serverErrors(c) === 0) ? 'yes' : 'NO',
      ],
      none('instances in the task hub', result.instances),
      ['ARM writes reaching the simulator', '0', String(result.armWrites), result.armWrites === 0 ? 'yes' : 'NO'],
      [
        'host RSS before -> after (peak), MiB',
        'flat',
        `${formatNumber(result.rssMiB.before)} -> ${formatNumber(result.rssMiB.after)} (${formatNumber(result.rssMiB.peak)})`,
        '-',
      ],
    ],
    notes: [
      `${total} requests, ${result.options.concurrency} in flight, in ${formatNumber(result.wallMs / 1000)} s of wall time; RSS from /proc/<host pid>/status, sampled every 0.5 s.`,
      `The host runs with --max-old-space-size=${result.options.heapCapMiB}: with V8's default limit its RSS climbs to about 340 MiB under this load and stays there (garbage collected lazily), which would hide a leak; capped, a leak would show as growth or a crash.`,
    ],
  };
  return [requestsTable, invariants];
}
