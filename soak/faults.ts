// Section 2: cloud faults, seeded. One simulator and one host (separate processes, no kills); before the runs start,
// the simulator gets a fault plan (PUT /_sim/faults): 5% 5xx (500 and 503), 2% connection resets, bursts of 429s,
// AnotherOperationInProgress on gateway and VNet writes, 503s from Key Vault, one Azure Stack Hub gateway whose
// provisioning ends Failed and one connection whose tunnel never connects. Then: every run but those two ended
// Completed with one of each resource; each of those ended Failed with the right cloud, stage, code and hint (and its
// Failed event says so); nothing is lost. The faults really injected come from GET /_sim/faults, and the simulator's
// request log tells how many requests came inside a Retry-After window.
// Event Grid goes down (connections reset) for EVENT_GRID_OUTAGE_MS of virtual time from the first publish after the
// first run reaches its link phase (its connection and Succeeded events, and other runs' events, fall inside): no
// run may wait for it, and every event must still arrive, at least once, afterwards. The outage is armed then and
// starts with that publish (the simulator's `fromNextRequest`): with 429s asking for 1,000 virtual s each, the runs'
// publishes are minutes apart, and an outage started at once could pass between two of them, proving nothing.
import { FINISHED_RUNTIME_STATUSES, type ConnectionStatusBody } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import { hintForArmCode } from '../lib/errors/armErrorHints';
import { TunnelNotConnectedError } from '../lib/errors/tunnelNotConnectedError';
import { formatNumber } from '../bench/format';
import { summarize } from '../bench/stats';
import type { Table } from '../bench/table';
import { wallNow } from '../bench/wallClock';
import { none } from './crash';
import { withSectionServers } from './hostLives';
import type { HostProcess } from './hostProcess';
import { inspectSimulator, type EventFindings, type InventoryFindings } from './inventory';
import { planFor } from './plans';
import type { SimProcess } from './simProcess';
import type { Workspace } from './workspace';

export interface FaultOptions {
  runs: number;
  concurrency: number;
  timeScale: number;
  seed: string;
  /** Wall seconds the injected 429s and 503s ask the client to wait. */
  retryAfterSeconds: number;
  runTimeoutMs: number;
}

export const FULL_FAULT_OPTIONS: FaultOptions = {
  runs: 16,
  concurrency: 4,
  timeScale: 1000,
  seed: 'soak-faults',
  retryAfterSeconds: 1,
  runTimeoutMs: 240_000,
};

export const QUICK_FAULT_OPTIONS: FaultOptions = { ...FULL_FAULT_OPTIONS, runs: 5, concurrency: 5 };

/** The run whose Azure Stack Hub gateway fails, and how. */
const FAILING_RUN = 2;
const FAILING_CLOUD: CloudId = 'azureStack';
/** The run whose Azure connection provisions but whose tunnel never connects. */
const STUCK_RUN = 3;
/** The run whose gateway reads get a burst of 429s of their own. */
const BURST_RUN = 4;
const GATEWAY_FAILURE = {
  code: 'VirtualNetworkGatewayProvisioningFailed',
  message: 'Gateway provisioning failed: the stamp could not allocate the gateway VMs.',
};

/** How a run that must fail fails: where, with which code, and the hint it gives. */
export interface ExpectedFailure {
  cloud?: CloudId;
  stage: string;
  code: string;
  hint: string;
}

const GATEWAY_FAILS: ExpectedFailure = {
  cloud: FAILING_CLOUD,
  stage: 'gateway',
  code: GATEWAY_FAILURE.code,
  hint: hintForArmCode(GATEWAY_FAILURE.code),
};

/**
 * Both sides consistent, yet NotConnected until the tunnel deadline: the diagnosis can only be `unknown` (no single
 * cloud is blamed for a tunnel, see orchestrations/failures.ts).
 */
const TUNNEL_NEVER_CONNECTS: ExpectedFailure = {
  stage: 'tunnel',
  code: 'TunnelNotConnectedError',
  hint: new TunnelNotConnectedError({ diagnosis: 'unknown' }).hint,
};

interface FaultRun {
  name: string;
  /** Set for a run that must fail, and how. */
  failure?: ExpectedFailure;
  status?: ConnectionStatusBody;
  problem?: string;
}

export interface InjectedFault {
  rule: string;
  kind: string;
  /** arm or keyVault. */
  service: string;
  /** ARM faults only. */
  cloud?: string;
  method: string;
  path: string;
}

export interface LoggedRequest {
  sequence: number;
  virtualTime: number;
  service: string;
  method: string;
  path: string;
  status: number;
  fault?: string;
  /** A 429's or 503's Retry-After, wall seconds. */
  retryAfterSeconds?: number;
}

/** Virtual ms Event Grid is unreachable, from the first publish after the first run reaches one of OUTAGE_PHASES. */
const EVENT_GRID_OUTAGE_MS = 10 * 60_000;
const OUTAGE_PHASES = ['link', 'tunnel', 'verify'];

export interface FaultResult {
  options: FaultOptions;
  /** Publishes Event Grid refused (connection reset) during its outage. */
  eventGridRefused: number;
  runs: FaultRun[];
  injected: InjectedFault[];
  requests: number;
  /** Requests to the same method and path sent while a 429/503 Retry-After of that path was still running. */
  insideRetryAfter: RetryAfterFindings;
  inventory: InventoryFindings;
  events: EventFindings;
  wallMs: number;
  violations: string[];
}

export function faultPlan(options: FaultOptions, failingName: string, burstName: string, stuckName = 'none'): unknown {
  const retryAfterSeconds = options.retryAfterSeconds;
  const burst = (from: number): number[] => Array.from({ length: 8 }, (_, i) => from + i);
  return {
    seed: options.seed,
    rules: [
      {
        // First, so that it decides every PUT of that connection (a later rule's 500 would only make it retry).
        name: 'tunnel-stuck',
        kind: 'connectionStuck',
        cloud: 'azure',
        method: 'PUT',
        path: `/connections/cn-${stuckName}-to-azurestack$`,
      },
      {
        name: 'gateway-fails',
        kind: 'provisioningFailed',
        cloud: FAILING_CLOUD,
        method: 'PUT',
        path: `/virtualNetworkGateways/vgw-${failingName}$`,
        nth: 1,
        error: GATEWAY_FAILURE,
      },
      {
        name: 'gateway-busy',
        kind: 'anotherOperationInProgress',
        method: 'PUT',
        resourceType: 'Microsoft.Network/virtualNetworkGateways',
        rate: 0.3,
      },
      {
        name: 'vnet-busy',
        kind: 'anotherOperationInProgress',
        method: 'PUT',
        resourceType: 'Microsoft.Network/virtualNetworks',
        rate: 0.3,
      },
      { name: '429-bursts', kind: 'throttle', method: 'GET', nth: [...burst(30), ...burst(200)], retryAfterSeconds },
      {
        // Eight in a row on one gateway's reads: more than the SDK's own retries (3) can absorb.
        name: '429-burst-one-gateway',
        kind: 'throttle',
        cloud: 'azure',
        method: 'GET',
        path: `/virtualNetworkGateways/vgw-${burstName}$`,
        nth: burst(1),
        retryAfterSeconds,
      },
      { name: '500', kind: 'internalServerError', rate: 0.025 },
      { name: '503', kind: 'serviceUnavailable', rate: 0.025, retryAfterSeconds },
      { name: 'reset', kind: 'connectionReset', rate: 0.02 },
      {
        // The first three in a row (more than one SDK call's retries absorb, once), then a quarter of the rest.
        name: 'keyvault-503',
        service: 'keyVault',
        kind: 'serviceUnavailable',
        nth: [1, 2, 3],
        rate: 0.25,
        retryAfterSeconds,
      },
    ],
  };
}

export function runFaultSection(workspace: Workspace, options: FaultOptions): Promise<FaultResult> {
  return withSectionServers(workspace, 'faults', options, async ({ sim, lives }) => {
    const runs: FaultRun[] = Array.from({ length: options.runs }, (_, index) => ({
      name: `faults${String(index + 1).padStart(2, '0')}`,
      ...(index + 1 === FAILING_RUN && { failure: GATEWAY_FAILS }),
      ...(index + 1 === STUCK_RUN && { failure: TUNNEL_NEVER_CONNECTS }),
    }));
    const nameOf = (run: number): string => runs[run - 1]?.name ?? 'none';
    await sim.api('PUT', 'faults', faultPlan(options, nameOf(FAILING_RUN), nameOf(BURST_RUN), nameOf(STUCK_RUN)));
    await runAll(lives.current(), sim, runs, options);
    return { result: await verify(runs, sim, options), connections: runs.map((run) => run.name) };
  });
}

/** Starts the runs, `concurrency` at a time, and polls each until it finishes (or times out). */
async function runAll(host: HostProcess, sim: SimProcess, runs: FaultRun[], options: FaultOptions): Promise<void> {
  const queue = [...runs];
  let outageSet = false;
  const outageOnceLinking = async (status: ConnectionStatusBody | undefined): Promise<void> => {
    if (outageSet || !OUTAGE_PHASES.includes(status?.phase ?? '')) return;
    outageSet = true;
    await sim.api('PUT', 'eventgrid/outage', { forMs: EVENT_GRID_OUTAGE_MS, fromNextRequest: true });
  };
  const worker = async (): Promise<void> => {
    for (let run = queue.shift(); run !== undefined; run = queue.shift()) {
      const answer = await host.api('POST', '/api/connections', planFor(sim.ready, run.name));
      if (answer.status !== 202) {
        run.problem = `POST answered ${answer.status}: ${answer.text.slice(0, 200)}`;
        continue;
      }
      const deadline = wallNow() + options.runTimeoutMs;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const status = await host.api('GET', `/api/connections/${run.name}`);
        if (status.status === 200) run.status = status.body as ConnectionStatusBody;
        await outageOnceLinking(run.status);
        if (run.status !== undefined && FINISHED_RUNTIME_STATUSES.includes(run.status.runtimeStatus)) break;
        if (wallNow() > deadline) {
          run.problem = `not finished after ${options.runTimeoutMs} ms (phase ${run.status?.phase ?? 'none'})`;
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
}

async function verify(runs: FaultRun[], sim: SimProcess, options: FaultOptions): Promise<FaultResult> {
  const violations: string[] = [];
  for (const run of runs) {
    if (run.problem !== undefined) {
      violations.push(`${run.name}: ${run.problem}`);
      continue;
    }
    const status = run.status;
    if (run.failure === undefined) {
      if (status?.runtimeStatus !== 'Completed')
        violations.push(
          `${run.name} ended ${String(status?.runtimeStatus)}: ${status?.error?.code ?? ''} at ${status?.error?.cloud ?? '?'}/${status?.error?.stage ?? '?'}`,
        );
      continue;
    }
    if (!failedAsExpected(run)) {
      const expected = { runtimeStatus: 'Failed', ...run.failure };
      const error = status?.error;
      const actual = { runtimeStatus: status?.runtimeStatus, ...(error && failureFields(error)) };
      violations.push(`${run.name} should fail as ${JSON.stringify(expected)}, ended ${JSON.stringify(actual)}`);
    }
  }
  const simulator = await inspectSimulator(
    sim,
    {
      present: runs.filter((run) => run.failure === undefined).map((run) => run.name),
      absent: [],
      partial: runs.filter((run) => run.failure !== undefined).map((run) => run.name),
    },
    runs.map((run) => ({ name: run.name, tornDown: false, failed: run.failure !== undefined })),
  );
  violations.push(...simulator.violations);
  const events = simulator.rawEvents;
  for (const run of runs) {
    if (run.failure === undefined) continue;
    const failed = events.find(
      (event) => event.id.startsWith(`hc-${run.name}/failed/`) && event.type === 'HybridConnection.Provisioning.Failed',
    );
    // The event's first failure names no cloud (its `errors` do): stage, code and hint must match.
    const data = failed?.event?.data as { stage?: string; code?: string; hint?: string } | undefined;
    const { stage, code, hint } = run.failure;
    if (data?.stage !== stage || data.code !== code || data.hint !== hint)
      violations.push(`${run.name}: Failed event ${failed === undefined ? 'missing' : JSON.stringify(data)}`);
  }
  const { injected } = await sim.api<{ injected: InjectedFault[] }>('GET', 'faults');
  const keyVault503s = injected.filter((fault) => fault.rule === 'keyvault-503').length;
  if (keyVault503s === 0) violations.push('Key Vault: no 503 injected (the scenario proved nothing)');
  const { requests } = await sim.api<{ requests: LoggedRequest[] }>('GET', 'requests');
  const outage = await sim.api<{ refused: number }>('GET', 'eventgrid/outage');
  if (outage.refused === 0) violations.push('Event Grid outage: no publish met it (the scenario proved nothing)');
  return {
    options,
    eventGridRefused: outage.refused,
    runs,
    injected,
    requests: requests.length,
    insideRetryAfter: insideRetryAfter(requests, namedWindow(options.timeScale, options.retryAfterSeconds)),
    inventory: simulator.inventory,
    events: simulator.events,
    wallMs: 0,
    violations,
  };
}

export interface RetryAfterFindings {
  /** Requests to a path one run owns, sent before the wait a 429/503 of that path named had passed. */
  count: number;
  /** 429/503 answers on such paths. */
  throttledAnswers: number;
  /** Virtual ms from each such answer to the request that came too early. */
  gapsMs: number[];
  /** The same, on subscription-wide paths (usages, SKUs, lists) that concurrent runs all read: another caller's. */
  shared: number;
}

/** The wait each 429/503 named (its Retry-After, else `fallbackSeconds`), in virtual ms at `timeScale`. */
export function namedWindow(timeScale: number, fallbackSeconds: number): (answer: LoggedRequest) => number {
  return (answer) => (answer.retryAfterSeconds ?? fallbackSeconds) * 1000 * timeScale;
}

/**
 * Paths one run alone requests: what lies inside a resource group (each run has its own), an ARM operation's status
 * (each operation has one caller) and a Key Vault secret (each run has its own).
 */
function ownedByOneRun(request: LoggedRequest): boolean {
  return (
    /\/resourcegroups\/[^/]+\//i.test(request.path) ||
    /\/providers\/[^/]+\/locations\/[^/]+\/(operations|operationResults|operationStatuses)\//i.test(request.path) ||
    (request.service === 'keyVault' && /^\/secrets\/[^/]+/i.test(request.path))
  );
}

/**
 * Requests that came back to a path while a 429 or 503 it answered was asking to wait (`windowMs`: a fixed window in
 * virtual ms, or each answer's own). Only paths one run owns count (ownedByOneRun): subscription-wide reads are
 * shared by concurrent runs, so a read there inside another run's window is counted apart, as `shared`.
 */
export function insideRetryAfter(
  requests: LoggedRequest[],
  windowMs: number | ((answer: LoggedRequest) => number),
): RetryAfterFindings {
  const waits = new Map<string, { from: number; until: number }>();
  const findings: RetryAfterFindings = { count: 0, throttledAnswers: 0, gapsMs: [], shared: 0 };
  for (const request of requests) {
    const owned = ownedByOneRun(request);
    const key = `${request.service} ${request.method} ${request.path.toLowerCase()}`;
    const wait = waits.get(key);
    if (wait !== undefined && request.virtualTime < wait.until) {
      if (owned) {
        findings.count += 1;
        findings.gapsMs.push(request.virtualTime - wait.from);
      } else findings.shared += 1;
    }
    if (request.status === 429 || request.status === 503) {
      if (owned) findings.throttledAnswers += 1;
      const window = typeof windowMs === 'number' ? windowMs : windowMs(request);
      waits.set(key, { from: request.virtualTime, until: request.virtualTime + window });
    }
  }
  return findings;
}

/** A finished run's failure as the checks compare it. */
function failureFields(error: NonNullable<ConnectionStatusBody['error']>): ExpectedFailure {
  return {
    ...(error.cloud !== undefined && { cloud: error.cloud }),
    stage: error.stage ?? '?',
    code: error.code,
    hint: error.hint ?? '',
  };
}

function failedAsExpected(run: FaultRun): boolean {
  const error = run.status?.error;
  return (
    run.failure !== undefined &&
    run.status?.runtimeStatus === 'Failed' &&
    error !== null &&
    error !== undefined &&
    sameFailure(failureFields(error), run.failure)
  );
}

/** `azureStack/gateway`, or `tunnel (no single cloud)` for a failure that names no cloud. */
function placeOf(failure: { cloud?: string; stage: string }): string {
  return failure.cloud === undefined ? `${failure.stage} (no single cloud)` : `${failure.cloud}/${failure.stage}`;
}

function sameFailure(a: ExpectedFailure, b: ExpectedFailure): boolean {
  return a.cloud === b.cloud && a.stage === b.stage && a.code === b.code && a.hint === b.hint;
}

export function faultTables(result: FaultResult): Table[] {
  const kinds = [...new Set(result.injected.map((fault) => fault.kind))].sort();
  const rules = [...new Set(result.injected.map((fault) => fault.rule))];
  const injectedTable: Table = {
    title: 'Cloud faults: injected (GET /_sim/faults)',
    headers: ['rule', 'kind', 'azure', 'azureStack', 'keyVault', 'total'],
    rows: [
      ...rules.map((rule) => {
        const of = result.injected.filter((fault) => fault.rule === rule);
        const count = (where: string): string =>
          String(of.filter((fault) => (fault.service === 'keyVault' ? 'keyVault' : fault.cloud) === where).length);
        return [rule, of[0]?.kind ?? '', count('azure'), count('azureStack'), count('keyVault'), String(of.length)];
      }),
      ['all', `${kinds.length} kinds`, '', '', '', String(result.injected.length)],
    ],
    notes: [
      `${result.requests} requests reached the simulator (ARM, identity, Key Vault, Event Grid); rates are seeded per rule and occurrence (seed ${result.options.seed}).`,
      `Retry-After of the injected 429s and 503s: ${result.options.retryAfterSeconds} wall s (${formatNumber(result.options.retryAfterSeconds * result.options.timeScale)} virtual s at time scale ${result.options.timeScale}).`,
    ],
  };
  const mustFail = result.runs.filter((run) => run.failure !== undefined);
  const completed = result.runs.filter(
    (run) => run.failure === undefined && run.status?.runtimeStatus === 'Completed',
  ).length;
  const keyVault503s = result.injected.filter((fault) => fault.rule === 'keyvault-503').length;
  const failedRows = [GATEWAY_FAILS, TUNNEL_NEVER_CONNECTS].map((expected) => {
    const meant = mustFail.filter((run) => run.failure === expected);
    const right = meant.filter(failedAsExpected);
    return [
      `runs failed at ${placeOf(expected)} with ${expected.code} and its hint`,
      String(meant.length),
      String(right.length),
      right.length === meant.length ? 'yes' : 'NO',
    ];
  });
  const lost = result.runs.filter(
    (run) => run.problem !== undefined || !FINISHED_RUNTIME_STATUSES.includes(run.status?.runtimeStatus ?? ''),
  );
  const early = summarize(result.insideRetryAfter.gapsMs.map((ms) => ms / result.options.timeScale));
  const outcomes: Table = {
    title: 'Cloud faults: outcomes',
    headers: ['check', 'expected', 'measured', 'holds'],
    rows: [
      [
        'runs ended Completed',
        String(result.runs.length - mustFail.length),
        String(completed),
        completed === result.runs.length - mustFail.length ? 'yes' : 'NO',
      ],
      ...failedRows,
      [
        'Key Vault 503s injected, every other run still Completed',
        'at least 1',
        String(keyVault503s),
        keyVault503s > 0 && completed === result.runs.length - mustFail.length ? 'yes' : 'NO',
      ],
      none('runs lost (no final state)', lost),
      none('missing or doubled (connection, cloud, type)', result.inventory.wrong),
      none('orphans', result.inventory.orphans),
      none('ARM operations left InProgress', result.inventory.inProgressOperations),
      none('event ids missing, unstable or unexpected', [
        ...result.events.missing,
        ...result.events.unstable,
        ...result.events.unexpected,
      ]),
      [
        `publishes refused while Event Grid was down (${EVENT_GRID_OUTAGE_MS / 60_000} virtual min from a publish after a first link), then every event delivered`,
        'at least 1',
        String(result.eventGridRefused),
        result.eventGridRefused > 0 && result.events.missing.length === 0 ? 'yes' : 'NO',
      ],
      [
        'requests inside a Retry-After window',
        '0',
        `${result.insideRetryAfter.count} (after ${result.insideRetryAfter.throttledAnswers} 429/503)`,
        result.insideRetryAfter.count === 0 ? 'yes' : 'NO',
      ],
    ],
    notes: [
      `${result.runs.length} provisionings, ${result.options.concurrency} in flight, time scale ${result.options.timeScale}; wall time ${formatNumber(result.wallMs / 1000)} s.`,
      ...mustFail.map((run) => {
        const failure = run.status?.error;
        const details = failure
          ? `${placeOf({ ...failure, stage: failure.stage ?? '?' })} ${failure.code} (HTTP ${failure.httpStatus ?? '-'}${failure.diagnosis ? `, diagnosis ${failure.diagnosis}` : ''}), hint "${failure.hint ?? ''}"`
          : 'none';
        return `${run.name}'s error: ${details}.`;
      }),
      'Inside a Retry-After window: a request to the same method and path as a 429/503 answer before the wait it named had passed (wall seconds, converted to virtual time), on a path one run owns (inside its resource groups, an operation it polls, its secret).',
      `Subscription-wide reads (usages, SKUs, lists) that all runs make: ${result.insideRetryAfter.shared} came from another run inside a window one run was waiting out (not counted).`,
      ...(early.samples > 0
        ? [
            `Those came ${formatNumber(early.min)}-${formatNumber(early.max)} wall ms after the answer (median ${formatNumber(early.median)}). Durable retries and a monitor's next poll after an exhausted read wait at least the Retry-After the last answer named (settleAll, monitor.ts): a request here came from somewhere that does not.`,
          ]
        : []),
    ],
  };
  return [injectedTable, outcomes];
}
