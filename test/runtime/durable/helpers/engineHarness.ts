// Starts a DurableEngine on an in-memory store with a fast virtual clock and the Path-A invoker, and offers small
// waiting helpers for engine tests. Test-only.
import { VirtualClock } from '../../../../clock';
import { DurableEngine } from '../../../../runtime/durable/engine';
import type { HistoryEvent } from '../../../../runtime/durable/history/historyEvent';
import type { RuntimeStatus } from '../../../../runtime/durable/runtimeStatus';
import type { InstanceRecord } from '../../../../runtime/durable/store/durableStore';
import { PathAInvoker } from './pathAInvoker';

export const EPOCH = Date.UTC(2024, 0, 1);

export interface Harness {
  engine: DurableEngine;
  clock: VirtualClock;
  invoker: PathAInvoker;
  logs: string[];
  stop(): void;
}

export function startHarness(
  options: { scale?: number; activities?: number; orchestrators?: number; dataFile?: string } = {},
): Harness {
  const clock = new VirtualClock({ scale: options.scale ?? 10_000, startAt: EPOCH });
  const logs: string[] = [];
  const engine = new DurableEngine({
    dataFile: options.dataFile,
    clock,
    log: (level, message) => logs.push(`${level}: ${message}`),
    maxConcurrentActivityFunctions: options.activities ?? 10,
    maxConcurrentOrchestratorFunctions: options.orchestrators ?? 10,
  });
  const invoker = new PathAInvoker();
  engine.start(invoker);
  return {
    engine,
    clock,
    invoker,
    logs,
    stop: () => {
      engine.stop();
      clock.dispose();
    },
  };
}

export function startJson(engine: DurableEngine, name: string, input?: unknown, instanceId?: string): string {
  const request: Parameters<DurableEngine['startOrchestration']>[0] = {
    name,
    input: input === undefined ? null : JSON.stringify(input),
  };
  if (instanceId !== undefined) request.instanceId = instanceId;
  return engine.startOrchestration(request);
}

const FINAL: RuntimeStatus[] = ['Completed', 'Failed', 'Terminated', 'Canceled'];

/** Polls (wall time) until the predicate holds for the instance; fails after `wallMs`. */
export async function waitFor(
  engine: DurableEngine,
  instanceId: string,
  predicate: (instance: InstanceRecord) => boolean,
  wallMs = 10_000,
): Promise<InstanceRecord> {
  const deadline = Date.now() + wallMs;
  for (;;) {
    const instance = engine.getInstance(instanceId);
    if (instance && predicate(instance)) return instance;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${instanceId}; last state: ${JSON.stringify(instance)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Polls (wall time) until a log line contains `text`; fails after `wallMs`. */
export async function waitForLog(harness: Pick<Harness, 'logs'>, text: string, wallMs = 10_000): Promise<string> {
  const deadline = Date.now() + wallMs;
  for (;;) {
    const line = harness.logs.find((entry) => entry.includes(text));
    if (line !== undefined) return line;
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for a log line with ${text}; logs: ${harness.logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function waitForFinal(engine: DurableEngine, instanceId: string, wallMs = 10_000): Promise<InstanceRecord> {
  return waitFor(engine, instanceId, (i) => FINAL.includes(i.runtimeStatus), wallMs);
}

export function outputOf(instance: InstanceRecord): unknown {
  return instance.output === null ? null : (JSON.parse(instance.output) as unknown);
}

export function eventsOfType(history: HistoryEvent[], type: number): HistoryEvent[] {
  return history.filter((e) => e.EventType === type);
}
