// Section: throttling against ARM's buckets (issue #11, reliability item 3). N provisionings started at once (distinct
// names) in one Azure subscription and one stamp subscription, in two passes, each on a fresh simulator and host
// (separate processes): first with the buckets raised out of reach (the baseline), then with ARM's published
// per-subscription buckets (reads 250 refilling 25/s, writes and deletes 200 refilling 10/s) refilling per wall
// second (throttlingAbout.ts says why not per virtual second). Then: every run of both passes Completed with one of
// each resource, the throttled pass received 429s (or it proved nothing), no request came back to a path one run owns
// before the Retry-After its 429 named, and the cost of throttling is the ratio of the two passes' times.
import { formatNumber, formatRatio } from '../bench/format';
import { waitUntilNoneUnfinished, withoutMonitor } from '../bench/load/measureLoad';
import { ratio, summarize } from '../bench/stats';
import type { Table } from '../bench/table';
import { wallNow } from '../bench/wallClock';
import type { ConnectionStatusBody } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { DEFAULT_THROTTLING, requestKind, type ThrottlingLimits } from '../simulator/throttling/subscriptionThrottle';
import { TokenBucket } from '../simulator/throttling/tokenBucket';
import { none } from './crash';
import { insideRetryAfter, namedWindow, type LoggedRequest, type RetryAfterFindings } from './faults';
import { withSectionServers } from './hostLives';
import { inspectSimulator, type EventFindings, type InventoryFindings } from './inventory';
import { planFor } from './plans';
import type { Workspace } from './workspace';

export interface ThrottlingOptions {
  /** Provisionings started at once in each pass. */
  runs: number;
  timeScale: number;
  seed: string;
  /** Wall ms a pass may take; runs unfinished by then count as lost. */
  passTimeoutMs: number;
}

export const FULL_THROTTLING_OPTIONS: ThrottlingOptions = {
  runs: 100,
  timeScale: 1000,
  seed: 'soak-throttling',
  passTimeoutMs: 900_000,
};

export const QUICK_THROTTLING_OPTIONS: ThrottlingOptions = {
  ...FULL_THROTTLING_OPTIONS,
  runs: 20,
  passTimeoutMs: 300_000,
};

export type PassName = 'unthrottled' | 'throttled';

/** Buckets no run can empty: the baseline pass. */
const RAISED_BUCKET = { capacity: 1e9, refillPerSecond: 1e9 };
const RAISED: ThrottlingLimits = { reads: RAISED_BUCKET, writes: RAISED_BUCKET, deletes: RAISED_BUCKET };

export interface PassRun {
  name: string;
  runtimeStatus?: string;
  /** Virtual ms from the run's creation to its last episode (Completed: its end). */
  virtualMs?: number;
  /** `code at cloud/stage` when it failed; the POST's answer when it did not start. */
  problem?: string;
}

export interface ThrottledCount {
  cloud: string;
  method: string;
  requests: number;
  throttled: number;
}

export interface ThrottlingPass {
  pass: PassName;
  /** The buckets as the simulator took them (PUT /_sim/throttling). */
  limits: ThrottlingLimits;
  runs: PassRun[];
  /** Whether every instance finished within passTimeoutMs. */
  finished: boolean;
  /** Wall ms from the first start request until no instance was unfinished. */
  runsWallMs: number;
  /** The simulator's virtual ms over the same span. */
  runsVirtualMs: number;
  /** ARM requests by cloud and method, with the 429s among them. */
  answered: ThrottledCount[];
  /** The Retry-After values the 429s named (wall s). */
  retryAfterSeconds: number[];
  insideRetryAfter: RetryAfterFindings;
  /** 429s ARM's published buckets would have answered to this pass's requests, on each clock (no retries modelled). */
  wouldRefuse: { virtualClock: number; wallClock: number };
  inventory: InventoryFindings;
  events: EventFindings;
  /** The section's servers included (set by withSectionServers). */
  wallMs: number;
  violations: string[];
}

export interface ThrottlingResult {
  options: ThrottlingOptions;
  passes: ThrottlingPass[];
  wallMs: number;
  violations: string[];
}

/** ARM's limits with every refill per wall second: at time scale S, refill / S tokens per virtual second. */
export function perWallSecond(limits: ThrottlingLimits, timeScale: number): ThrottlingLimits {
  const bucket = (kind: keyof ThrottlingLimits): ThrottlingLimits[typeof kind] => ({
    capacity: limits[kind].capacity,
    refillPerSecond: limits[kind].refillPerSecond / timeScale,
  });
  return { reads: bucket('reads'), writes: bucket('writes'), deletes: bucket('deletes') };
}

/** Whether the simulator's throttle sees this request: ARM, addressed to a subscription. */
function meetsBuckets(request: LoggedRequest): boolean {
  return (
    (request.service === 'azure' || request.service === 'azureStack') && /^\/subscriptions\/[^/]+/i.test(request.path)
  );
}

/**
 * How many of these requests per-subscription token buckets with `limits` (refilling per virtual second) would have
 * refused, taking them at their logged virtual times, one bucket per cloud and request kind. A refused request is not
 * sent again here: this counts the pressure a traffic puts on the buckets, not what a client would then do.
 */
export function refusalsUnder(requests: readonly LoggedRequest[], limits: ThrottlingLimits): number {
  const buckets = new Map<string, TokenBucket>();
  let refused = 0;
  for (const request of requests) {
    if (!meetsBuckets(request)) continue;
    const kind = requestKind(request.method);
    const key = `${request.service} ${kind}`;
    let bucket = buckets.get(key);
    if (bucket === undefined) {
      bucket = new TokenBucket(limits[kind].capacity, limits[kind].refillPerSecond, request.virtualTime);
      buckets.set(key, bucket);
    }
    if (!bucket.take(request.virtualTime).allowed) refused += 1;
  }
  return refused;
}

/** ARM requests per cloud and method, with the 429s among them; clouds in CLOUD_IDS order, methods sorted. */
export function countThrottled(requests: readonly LoggedRequest[]): ThrottledCount[] {
  const counts = new Map<string, ThrottledCount>();
  for (const request of requests) {
    if (request.service !== 'azure' && request.service !== 'azureStack') continue;
    const key = `${request.service} ${request.method}`;
    const count = counts.get(key) ?? { cloud: request.service, method: request.method, requests: 0, throttled: 0 };
    count.requests += 1;
    if (request.status === 429) count.throttled += 1;
    counts.set(key, count);
  }
  return [...counts.values()].sort(
    (a, b) =>
      CLOUD_IDS.indexOf(a.cloud as CloudId) - CLOUD_IDS.indexOf(b.cloud as CloudId) || a.method.localeCompare(b.method),
  );
}

export async function runThrottlingSection(
  workspace: Workspace,
  options: ThrottlingOptions,
): Promise<ThrottlingResult> {
  const began = wallNow();
  const passes = [await runPass(workspace, options, 'unthrottled'), await runPass(workspace, options, 'throttled')];
  const violations = passes.flatMap((pass) => pass.violations.map((violation) => `${pass.pass}: ${violation}`));
  return { options, passes, wallMs: wallNow() - began, violations };
}

/** One pass: its own simulator and host, the buckets set, N runs at once, then what the simulator saw. */
function runPass(workspace: Workspace, options: ThrottlingOptions, pass: PassName): Promise<ThrottlingPass> {
  const section = pass === 'throttled' ? 'throttling' : 'throttling-unthrottled';
  const prefix = pass === 'throttled' ? 'thr' : 'base';
  const names = Array.from({ length: options.runs }, (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`);
  return withSectionServers(workspace, section, options, async ({ sim, lives }) => {
    const wanted = pass === 'throttled' ? perWallSecond(DEFAULT_THROTTLING, options.timeScale) : RAISED;
    const { limits } = await sim.api<{ limits: ThrottlingLimits }>('PUT', 'throttling', wanted);
    const host = lives.current();
    const virtualStart = (await sim.clock()).now;
    const began = wallNow();
    // The health monitor would poll on after each run: the pass measures provisioning (as the load bench does).
    const answers = await Promise.all(
      names.map((name) => host.api('POST', '/api/connections', withoutMonitor(planFor(sim.ready, name)))),
    );
    const finished = await waitUntilNoneUnfinished(host.url, host.keys.master, began, options.passTimeoutMs);
    const runsWallMs = wallNow() - began;
    const runsVirtualMs = (await sim.clock()).now - virtualStart;
    const runs: PassRun[] = [];
    for (const [index, name] of names.entries()) {
      const answer = answers[index];
      if (answer?.status !== 202) {
        runs.push({ name, problem: `POST answered ${answer?.status}: ${answer?.text.slice(0, 200)}` });
        continue;
      }
      const status = await host.api('GET', `/api/connections/${name}`);
      runs.push(passRun(name, status.status === 200 ? (status.body as ConnectionStatusBody) : undefined));
    }
    const { requests } = await sim.api<{ requests: LoggedRequest[] }>('GET', 'requests');
    const simulator = await inspectSimulator(
      sim,
      { present: names, absent: [] },
      names.map((name) => ({ name, tornDown: false })),
    );
    const throttledAnswers = requests.filter((request) => request.status === 429);
    const result: ThrottlingPass = {
      pass,
      limits,
      runs,
      finished,
      runsWallMs,
      runsVirtualMs,
      answered: countThrottled(requests),
      retryAfterSeconds: throttledAnswers.flatMap((request) => request.retryAfterSeconds ?? []),
      insideRetryAfter: insideRetryAfter(requests, namedWindow(options.timeScale, 1)),
      wouldRefuse: {
        virtualClock: refusalsUnder(requests, DEFAULT_THROTTLING),
        wallClock: refusalsUnder(requests, perWallSecond(DEFAULT_THROTTLING, options.timeScale)),
      },
      inventory: simulator.inventory,
      events: simulator.events,
      wallMs: 0,
      violations: [],
    };
    result.violations = passViolations(result, options, simulator.violations);
    return { result, connections: names };
  });
}

function passRun(name: string, status: ConnectionStatusBody | undefined): PassRun {
  if (status === undefined) return { name, problem: 'no status' };
  const virtualMs = Date.parse(status.lastUpdatedTime) - Date.parse(status.createdTime);
  const error = status.error;
  return {
    name,
    runtimeStatus: status.runtimeStatus,
    ...(Number.isFinite(virtualMs) && { virtualMs }),
    ...(error && { problem: `${error.code} at ${error.cloud ?? '-'}/${error.stage ?? '?'}` }),
  };
}

function passViolations(pass: ThrottlingPass, options: ThrottlingOptions, simulator: string[]): string[] {
  const violations = [...simulator];
  if (!pass.finished)
    violations.push(`runs still unfinished after ${formatNumber(options.passTimeoutMs / 1000)} s of wall time`);
  for (const run of pass.runs) {
    if (run.runtimeStatus !== 'Completed')
      violations.push(
        `${run.name} ended ${run.runtimeStatus ?? 'without a state'}${run.problem ? `: ${run.problem}` : ''}`,
      );
  }
  const throttled = pass.answered.reduce((n, count) => n + count.throttled, 0);
  if (pass.pass === 'throttled' && throttled === 0) violations.push('no 429 answered: the pass proved nothing');
  if (pass.pass === 'unthrottled' && throttled > 0) violations.push(`${throttled} 429s with the buckets raised`);
  if (pass.insideRetryAfter.count > 0)
    violations.push(`${pass.insideRetryAfter.count} requests inside a Retry-After window their path was given`);
  return violations;
}

const completedOf = (pass: ThrottlingPass): number =>
  pass.runs.filter((run) => run.runtimeStatus === 'Completed').length;
const throttledOf = (pass: ThrottlingPass): number => pass.answered.reduce((n, count) => n + count.throttled, 0);
const requestsOf = (pass: ThrottlingPass): number => pass.answered.reduce((n, count) => n + count.requests, 0);
const runMinutes = (pass: ThrottlingPass): ReturnType<typeof summarize> =>
  summarize(pass.runs.flatMap((run) => (run.virtualMs === undefined ? [] : [run.virtualMs / 60_000])));

/** A number as written in a limit (25, 0.5), without the float noise of a division and a product. */
function plain(value: number): string {
  return String(Number(value.toPrecision(6)));
}

/** The buckets a pass ran with, per wall second (what a client sees): capacity + refill per wall second. */
function bucketsText(limits: ThrottlingLimits, timeScale: number): string {
  if (limits.reads.capacity >= RAISED_BUCKET.capacity) return 'raised out of reach';
  const text = (kind: keyof ThrottlingLimits): string =>
    `${kind} ${plain(limits[kind].capacity)} + ${plain(limits[kind].refillPerSecond * timeScale)}/s`;
  return `${text('reads')}, ${text('writes')}, ${text('deletes')} (wall)`;
}

/** throttled / unthrottled for one number of the passes (n/a when a pass is missing). */
export function passRatio(passes: readonly ThrottlingPass[], of: (pass: ThrottlingPass) => number): number {
  const throttled = passes.find((pass) => pass.pass === 'throttled');
  const unthrottled = passes.find((pass) => pass.pass === 'unthrottled');
  return throttled && unthrottled ? ratio(of(throttled), of(unthrottled)) : Number.NaN;
}

export function throttlingMetrics(result: ThrottlingResult): Record<string, unknown> {
  const throttled = result.passes.find((pass) => pass.pass === 'throttled');
  return {
    throttling_runs: result.options.runs,
    throttling_runs_completed: throttled ? completedOf(throttled) : 0,
    throttling_429s: throttled ? throttledOf(throttled) : 0,
    throttling_inside_retry_after: result.passes.reduce((n, pass) => n + pass.insideRetryAfter.count, 0),
    throttling_wall_ratio: passRatio(result.passes, (pass) => pass.runsWallMs),
    throttling_virtual_ratio: passRatio(result.passes, (pass) => pass.runsVirtualMs),
    throttling_wall_s: result.wallMs / 1000,
  };
}

export function throttlingTables(result: ThrottlingResult): Table[] {
  const { options, passes } = result;
  const median = (pass: ThrottlingPass): number => runMinutes(pass).median;
  const passRows = passes.map((pass) => {
    const minutes = runMinutes(pass);
    return [
      pass.pass,
      bucketsText(pass.limits, options.timeScale),
      `${completedOf(pass)} of ${pass.runs.length}`,
      String(requestsOf(pass)),
      String(throttledOf(pass)),
      formatNumber(pass.runsWallMs / 1000),
      formatNumber(pass.runsVirtualMs / 60_000),
      minutes.samples === 0 ? 'n/a' : `${formatNumber(minutes.median)} (${formatNumber(minutes.max)})`,
    ];
  });
  const baseline = passes.find((pass) => pass.pass === 'unthrottled');
  const throttled = passes.find((pass) => pass.pass === 'throttled');
  const retryAfter = summarize(throttled?.retryAfterSeconds ?? []);
  const timesTable: Table = {
    title: `Throttling: ${options.runs} provisionings at once, one subscription per cloud`,
    headers: [
      'pass',
      'buckets (capacity + refill)',
      'runs Completed',
      'ARM requests',
      '429s',
      'wall s',
      'virtual min',
      'run virtual min (median, max)',
    ],
    rows: [
      ...passRows,
      [
        'throttled / unthrottled',
        '',
        '',
        formatRatio(passRatio(passes, requestsOf)),
        '',
        formatRatio(passRatio(passes, (pass) => pass.runsWallMs)),
        formatRatio(passRatio(passes, (pass) => pass.runsVirtualMs)),
        formatRatio(passRatio(passes, median)),
      ],
    ],
    notes: [
      `Each pass: a fresh simulator and host (separate processes), time scale ${options.timeScale}, the example plan with the health monitor off, all ${options.runs} started at once; wall and virtual time from the first start request until the task hub held no unfinished instance.`,
      `Throttled: ARM's published buckets (reads 250 refilling 25/s, writes and deletes 200 refilling 10/s) per wall second, i.e. the refill divided by the time scale on the simulator's virtual clock.${retryAfter.samples > 0 ? ` The 429s named Retry-After ${retryAfter.min === retryAfter.max ? plain(retryAfter.min) : `${plain(retryAfter.min)}-${plain(retryAfter.max)}`} wall s (whole seconds, at least 1), ${formatNumber(retryAfter.min * options.timeScale)} virtual s at this scale.` : ''}`,
      ...(baseline
        ? [
            `The baseline's own traffic against ARM's buckets: ${baseline.wouldRefuse.virtualClock} requests refused with the buckets refilling per virtual second (ARM's time, the simulator's default), ${baseline.wouldRefuse.wallClock} per wall second (requests taken at their logged times, refusals not resent).`,
          ]
        : []),
    ],
  };
  const answeredTable: Table = {
    title: 'Throttling: 429s received in the throttled pass (request log)',
    headers: ['cloud', 'method', 'requests', '429s', 'share'],
    rows: (throttled?.answered ?? []).map((count) => [
      count.cloud,
      count.method,
      String(count.requests),
      String(count.throttled),
      `${formatNumber((count.throttled / count.requests) * 100)}%`,
    ]),
  };
  const allPasses = (of: (pass: ThrottlingPass) => readonly unknown[]): unknown[] => passes.flatMap(of);
  const inside = passes.reduce((n, pass) => n + pass.insideRetryAfter.count, 0);
  const invariants: Table = {
    title: 'Throttling: invariants',
    headers: ['check', 'expected', 'measured', 'holds'],
    rows: [
      ...passes.map((pass) => [
        `runs ended Completed (${pass.pass})`,
        String(pass.runs.length),
        String(completedOf(pass)),
        completedOf(pass) === pass.runs.length && pass.finished ? 'yes' : 'NO',
      ]),
      [
        '429s received (throttled)',
        'at least 1',
        String(throttled ? throttledOf(throttled) : 0),
        throttled && throttledOf(throttled) > 0 ? 'yes' : 'NO',
      ],
      [
        'requests inside a Retry-After window',
        '0',
        `${inside} (after ${passes.reduce((n, pass) => n + pass.insideRetryAfter.throttledAnswers, 0)} 429s)`,
        inside === 0 ? 'yes' : 'NO',
      ],
      none(
        'missing or doubled (connection, cloud, type)',
        allPasses((pass) => pass.inventory.wrong),
      ),
      none(
        'orphans',
        allPasses((pass) => pass.inventory.orphans),
      ),
      none(
        'ARM operations left InProgress',
        allPasses((pass) => pass.inventory.inProgressOperations),
      ),
      none(
        'event ids missing, unstable or unexpected',
        allPasses((pass) => [...pass.events.missing, ...pass.events.unstable, ...pass.events.unexpected]),
      ),
    ],
    notes: [
      "Inside a Retry-After window: a request to the same method and path as a 429 answer before the wait it named had passed (its Retry-After in wall seconds, converted to virtual time), on a path one run owns (inside its resource groups, an operation it polls); the faults section's check.",
      `Subscription-wide reads (usages, SKUs, image versions, permissions) that every run makes: ${passes.reduce((n, pass) => n + pass.insideRetryAfter.shared, 0)} came from another run while one was waiting out a 429 on that path (not counted).`,
    ],
  };
  return [timesTable, answeredTable, invariants];
}
