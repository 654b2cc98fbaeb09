// Section 2: cloud faults, seeded. One simulator and one host (separate processes, no kills); before the runs start,
// the simulator gets a fault plan (PUT /_sim/faults): 5% 5xx (500 and 503), 2% connection resets, bursts of 429s,
// AnotherOperationInProgress on gateway and VNet writes, and one Azure Stack Hub gateway whose provisioning ends
// Failed. Then: every run but that one ended Completed with one of each resource; that one ended Failed with the
// right cloud, stage, code and hint (and its Failed event says so); nothing is lost. The faults really injected come
// from GET /_sim/faults, and the simulator's request log tells how many requests came inside a Retry-After window.
// Event Grid goes down (connections reset) for EVENT_GRID_OUTAGE_MS of virtual time from the first publish after the
// first run reaches its link phase (its connection and Succeeded events, and other runs' events, fall inside): no
// run may wait for it, and every event must still arrive, at least once, afterwards. The outage is armed then and
// starts with that publish (the simulator's `fromNextRequest`): with 429s asking for 1,000 virtual s each, the runs'
// publishes are minutes apart, and an outage started at once could pass between two of them, proving nothing.
import { FINISHED_RUNTIME_STATUSES, type ConnectionStatusBody } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import { hintForArmCode } from '../lib/errors/armErrorHints';
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
/** The run whose gateway reads get a burst of 429s of their own. */
const BURST_RUN = 4;
const GATEWAY_FAILURE = {
  code: 'VirtualNetworkGatewayProvisioningFailed',
  message: 'Gateway provisioning failed: the stamp could not allocate the gateway VMs.',
};

interface FaultRun {
  name: string;
  mustFail: boolean;
  status?: ConnectionStatusBody;
  problem?: string;
}

export interface InjectedFault {
  rule: string;
  kind: string;
  cloud: string;
  method: string;
  path: string;
}

interface LoggedRequest {
  sequence: number;
  virtualTime: number;
  service: string;
  method: string;
  path: string;
  status: number;
  fault?: string;
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
  insideRetryAfter: { count: number; throttledAnswers: number; gapsMs: number[] };
  inventory: InventoryFindings;
  events: EventFindings;
  wallMs: number;
  violations: string[];
}

export function faultPlan(options: FaultOptions, failingName: string, burstName: string): unknown {
  const retryAfterSeconds = options.retryAfterSeconds;
  const burst = (from: number): number[] => Array.from({ length: 8 }, (_, i) => from + i);
  return {
    seed: options.seed,
    rules: [
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
    ],
  };
}

export function runFaultSection(workspace: Workspace, options: FaultOptions): Promise<FaultResult> {
  return withSectionServers(workspace, 'faults', options, async ({ sim, lives }) => {
    const runs: FaultRun[] = Array.from({ length: options.runs }, (_, index) => ({
      name: `faults${String(index + 1).padStart(2, '0')}`,
      mustFail: index + 1 === FAILING_RUN,
    }));
    const failing = runs.find((run) => run.mustFail);
    await sim.api('PUT', 'faults', faultPlan(options, failing?.name ?? 'none', runs[BURST_RUN - 1]?.name ?? 'none'));
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
    if (!run.mustFail) {
      if (status?.runtimeStatus !== 'Completed')
        violations.push(
          `${run.name} ended ${String(status?.runtimeStatus)}: ${status?.error?.code ?? ''} at ${status?.error?.cloud ?? '?'}/${status?.error?.stage ?? '?'}`,
        );
      continue;
    }
    const error = status?.error;
    const expected = {
      runtimeStatus: 'Failed',
      cloud: FAILING_CLOUD,
      stage: 'gateway',
      code: GATEWAY_FAILURE.code,
      hint: hintForArmCode(GATEWAY_FAILURE.code),
    };
    const actual = {
      runtimeStatus: status?.runtimeStatus,
      cloud: error?.cloud,
      stage: error?.stage,
      code: error?.code,
      hint: error?.hint,
    };
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      violations.push(`${run.name} should fail as ${JSON.stringify(expected)}, ended ${JSON.stringify(actual)}`);
  }
  const simulator = await inspectSimulator(
    sim,
    {
      present: runs.filter((run) => !run.mustFail).map((run) => run.name),
      absent: [],
      partial: runs.filter((run) => run.mustFail).map((run) => run.name),
    },
    runs.map((run) => ({ name: run.name, tornDown: false, failed: run.mustFail })),
  );
  violations.push(...simulator.violations);
  const events = simulator.rawEvents;
  for (const run of runs.filter((r) => r.mustFail)) {
    const failed = events.find(
      (event) => event.id.startsWith(`hc-${run.name}/failed/`) && event.type === 'HybridConnection.Provisioning.Failed',
    );
    const data = failed?.event?.data as { stage?: string; code?: string; hint?: string } | undefined;
    if (data?.stage !== 'gateway' || data.code !== GATEWAY_FAILURE.code || data.hint !== hintForArmCode(data.code))
      violations.push(`${run.name}: Failed event ${failed === undefined ? 'missing' : JSON.stringify(data)}`);
  }
  const { injected } = await sim.api<{ injected: InjectedFault[] }>('GET', 'faults');
  const { requests } = await sim.api<{ requests: LoggedRequest[] }>('GET', 'requests');
  const outage = await sim.api<{ refused: number }>('GET', 'eventgrid/outage');
  if (outage.refused === 0) violations.push('Event Grid outage: no publish met it (the scenario proved nothing)');
  return {
    options,
    eventGridRefused: outage.refused,
    runs,
    injected,
    requests: requests.length,
    insideRetryAfter: insideRetryAfter(requests, options.retryAfterSeconds * 1000 * options.timeScale),
    inventory: simulator.inventory,
    events: simulator.events,
    wallMs: 0,
    violations,
  };
}

/**
 * Requests that came back to a resource while a 429 or 503 it answered was asking to wait (a window in virtual ms).
 * Only paths inside a resource group count: subscription-wide reads (usages, lists) are shared by concurrent runs.
 */
export function insideRetryAfter(
  requests: LoggedRequest[],
  windowMs: number,
): { count: number; throttledAnswers: number; gapsMs: number[] } {
  const waits = new Map<string, number>();
  let count = 0;
  let throttledAnswers = 0;
  const gapsMs: number[] = [];
  for (const request of requests) {
    if (!/\/resourcegroups\/[^/]+\//i.test(request.path)) continue;
    const key = `${request.service} ${request.method} ${request.path.toLowerCase()}`;
    const until = waits.get(key);
    if (until !== undefined && request.virtualTime < until) {
      count += 1;
      gapsMs.push(request.virtualTime - (until - windowMs));
    }
    if (request.status === 429 || request.status === 503) {
      throttledAnswers += 1;
      waits.set(key, request.virtualTime + windowMs);
    }
  }
  return { count, throttledAnswers, gapsMs };
}

export function faultTables(result: FaultResult): Table[] {
  const kinds = [...new Set(result.injected.map((fault) => fault.kind))].sort();
  const rules = [...new Set(result.injected.map((fault) => fault.rule))];
  const injectedTable: Table = {
    title: 'Cloud faults: injected (GET /_sim/faults)',
    headers: ['rule', 'kind', 'azure', 'azureStack', 'total'],
    rows: [
      ...rules.map((rule) => {
        const of = result.injected.filter((fault) => fault.rule === rule);
        const count = (cloud: string): string => String(of.filter((fault) => fault.cloud === cloud).length);
        return [rule, of[0]?.kind ?? '', count('azure'), count('azureStack'), String(of.length)];
      }),
      ['all', `${kinds.length} kinds`, '', '', String(result.injected.length)],
    ],
    notes: [
      `${result.requests} requests reached the simulator (ARM, identity, Key Vault, Event Grid); rates are seeded per rule and occurrence (seed ${result.options.seed}).`,
      `Retry-After of the injected 429s and 503s: ${result.options.retryAfterSeconds} wall s (${formatNumber(result.options.retryAfterSeconds * result.options.timeScale)} virtual s at time scale ${result.options.timeScale}).`,
    ],
  };
  const completed = result.runs.filter((run) => !run.mustFail && run.status?.runtimeStatus === 'Completed').length;
  const mustFail = result.runs.filter((run) => run.mustFail);
  const failedRight = mustFail.filter(
    (run) =>
      run.status?.runtimeStatus === 'Failed' &&
      run.status.error?.cloud === FAILING_CLOUD &&
      run.status.error.stage === 'gateway' &&
      run.status.error.code === GATEWAY_FAILURE.code,
  );
  const failure = mustFail[0]?.status?.error;
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
      [
        `runs failed at ${FAILING_CLOUD}/gateway with ${GATEWAY_FAILURE.code}`,
        String(mustFail.length),
        String(failedRight.length),
        failedRight.length === mustFail.length ? 'yes' : 'NO',
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
      `The failing run's error: ${failure ? `${failure.cloud ?? '?'}/${failure.stage ?? '?'} ${failure.code} (HTTP ${failure.httpStatus ?? '-'}), hint "${failure.hint ?? ''}"` : 'none'}.`,
      'Inside a Retry-After window: a request to the same method and path as a 429/503 answer before the wait it named had passed (wall seconds, converted to virtual time).',
      ...(early.samples > 0
        ? [
            `Those came ${formatNumber(early.min)}-${formatNumber(early.max)} wall ms after the answer (median ${formatNumber(early.median)}). Durable retries and a monitor's next poll after an exhausted read wait at least the Retry-After the last answer named (settleAll, monitor.ts): a request here came from somewhere that does not.`,
          ]
        : []),
    ],
  };
  return [injectedTable, outcomes];
}
