// The Durable engine: owns the task hub store and the dispatchers, and offers the client operations (start, raise
// event, terminate, suspend/resume, purge, query) that the HTTP API exposes. It never speaks HTTP itself.
import type { VirtualClock } from '../../clock';
import type { DurableFunctionInvoker } from '../contracts';
import { ActivityDispatcher } from './dispatch/activityDispatcher';
import { commit, VIRTUAL_TIME_KEY, type DispatchContext, type Log } from './dispatch/dispatchContext';
import { createInstance } from './dispatch/instanceLifecycle';
import { OrchestrationDispatcher } from './dispatch/orchestrationDispatcher';
import { WakeTimer } from './dispatch/wakeTimer';
import { BadRequestError } from './errors/badRequestError';
import { UnknownFunctionError } from './errors/unknownFunctionError';
import type { HistoryEvent } from './history/historyEvent';
import * as events from './history/newEvents';
import { newGuidN, validateInstanceId } from './ids';
import { isTerminal, type RuntimeStatus } from './runtimeStatus';
import { DurableStore, type InstanceQuery, type InstanceRecord } from './store/durableStore';

export interface DurableEngineOptions {
  /** SQLite file of the task hub; undefined = in memory. */
  dataFile: string | undefined;
  clock: VirtualClock;
  log: Log;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
}

export type InstanceCommandResult = 'accepted' | 'notFound' | 'gone';

export class EngineNotStartedError extends Error {
  override readonly name = 'EngineNotStartedError';
}

const TIME_PERSIST_WALL_MS = 1000;
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export class DurableEngine {
  private readonly store: DurableStore;
  private readonly clock: VirtualClock;
  private readonly log: Log;
  private readonly orchestrations: OrchestrationDispatcher;
  private readonly activities: ActivityDispatcher;
  private readonly wake: WakeTimer;
  private readonly context: DispatchContext;
  private readonly finishWaiters = new Map<string, Set<() => void>>();
  private invoker: DurableFunctionInvoker | undefined;
  private stopped = true;
  private persistTimer: NodeJS.Timeout | undefined;

  constructor(options: DurableEngineOptions) {
    this.store = DurableStore.open(options.dataFile);
    this.clock = options.clock;
    this.log = options.log;
    this.restoreVirtualTime();
    const context: DispatchContext = {
      store: this.store,
      clock: this.clock,
      log: this.log,
      invoker: () => this.requireInvoker(),
      isStopped: () => this.stopped,
      afterCommit: () => this.afterCommit(),
      instanceFinished: (id) => this.notifyFinished(id),
    };
    this.context = context;
    this.orchestrations = new OrchestrationDispatcher(context, Math.max(1, options.maxConcurrentOrchestratorFunctions));
    this.activities = new ActivityDispatcher(context, Math.max(1, options.maxConcurrentActivityFunctions));
    this.wake = new WakeTimer(this.clock, () => {
      this.orchestrations.kick();
      this.armWake();
    });
  }

  start(invoker: DurableFunctionInvoker): void {
    this.invoker = invoker;
    this.stopped = false;
    // Work items claimed before a crash or stop are simply pending rows again; overdue timers are visible now.
    this.orchestrations.kick();
    this.activities.kick();
    this.armWake();
    this.persistTimer = setInterval(() => this.persistVirtualTime(), TIME_PERSIST_WALL_MS);
    this.persistTimer.unref();
  }

  stop(): void {
    if (this.stopped && !this.store.isOpen) return;
    this.persistVirtualTime();
    this.stopped = true;
    this.wake.cancel();
    if (this.persistTimer) clearInterval(this.persistTimer);
    this.persistTimer = undefined;
    for (const waiters of this.finishWaiters.values()) for (const wake of waiters) wake();
    this.finishWaiters.clear();
    this.store.close();
  }

  // ---- client operations ----

  startOrchestration(request: { name: string; instanceId?: string; input: string | null; version?: string }): string {
    if (this.requireInvoker().kindOf(request.name) !== 'orchestration') {
      throw new BadRequestError(new UnknownFunctionError(request.name, 'orchestrator').message);
    }
    const instanceId = request.instanceId ?? newGuidN();
    validateInstanceId(instanceId);
    // An id whose instance is still active is refused (InstanceConflictError) by the store's conditional insert, the
    // extension's default overridableExistingInstanceStates = NonRunningStates.
    commit(this.context, () => {
      const init: Parameters<typeof createInstance>[1] = { instanceId, name: request.name, input: request.input };
      if (request.version !== undefined) init.version = request.version;
      createInstance(this.store, init, this.clock.now());
    });
    this.log('info', `Orchestration '${request.name}' (${instanceId}) scheduled.`);
    return instanceId;
  }

  raiseEvent(instanceId: string, eventName: string, input: string | null): InstanceCommandResult {
    return this.sendControl(instanceId, false, (now) => events.eventRaised(now, eventName, input));
  }

  terminate(instanceId: string, reason: string | null): InstanceCommandResult {
    return this.sendControl(instanceId, true, (now) => events.executionTerminated(now, reason));
  }

  suspend(instanceId: string, reason: string | null): InstanceCommandResult {
    return this.sendControl(instanceId, true, (now) => events.executionSuspended(now, reason));
  }

  resume(instanceId: string, reason: string | null): InstanceCommandResult {
    return this.sendControl(instanceId, true, (now) => events.executionResumed(now, reason));
  }

  /** Deletes one finished instance; running ones are left alone (terminate them first). */
  purge(instanceId: string): number {
    let deleted = 0;
    commit(this.context, () => {
      const instance = this.store.getInstance(instanceId);
      if (instance && isTerminal(instance.runtimeStatus) && this.store.deleteInstance(instanceId)) deleted = 1;
    });
    return deleted;
  }

  purgeBy(filter: { createdFrom: number; createdTo: number; statuses?: RuntimeStatus[] }): number {
    let deleted = 0;
    commit(this.context, () => {
      const query: InstanceQuery = { createdFrom: filter.createdFrom, createdTo: filter.createdTo };
      if (filter.statuses) query.statuses = filter.statuses;
      for (const instance of this.store.queryInstances(query)) {
        if (isTerminal(instance.runtimeStatus) && this.store.deleteInstance(instance.instanceId)) deleted += 1;
      }
    });
    return deleted;
  }

  getInstance(instanceId: string): InstanceRecord | undefined {
    return this.store.getInstance(instanceId);
  }

  getHistory(instanceId: string): HistoryEvent[] {
    return this.store.loadHistory(instanceId);
  }

  query(query: InstanceQuery): InstanceRecord[] {
    return this.store.queryInstances(query);
  }

  now(): number {
    return this.clock.now();
  }

  /** Resolves when the instance reaches a final status, or after `wallTimeoutMs` (whichever comes first). */
  waitForFinish(instanceId: string, wallTimeoutMs: number): Promise<void> {
    const current = this.store.getInstance(instanceId);
    if (!current || isTerminal(current.runtimeStatus) || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const waiters = this.finishWaiters.get(instanceId) ?? new Set<() => void>();
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.finishWaiters.delete(instanceId);
        resolve();
      };
      // setTimeout fires at once for delays above 2^31-1 ms; a longer wait is as good as forever here.
      const timer = setTimeout(done, Math.min(wallTimeoutMs, MAX_TIMEOUT_MS));
      waiters.add(done);
      this.finishWaiters.set(instanceId, waiters);
    });
  }

  // ---- internals ----

  private sendControl(
    instanceId: string,
    control: boolean,
    event: (now: number) => HistoryEvent,
  ): InstanceCommandResult {
    let result: InstanceCommandResult = 'notFound';
    commit(this.context, () => {
      const instance = this.store.getInstance(instanceId);
      if (!instance) return;
      if (isTerminal(instance.runtimeStatus)) {
        result = 'gone';
        return;
      }
      const now = this.clock.now();
      this.store.enqueueMessage({ instanceId, executionId: null, event: event(now), visibleAt: now, control });
      result = 'accepted';
    });
    return result;
  }

  private afterCommit(): void {
    this.orchestrations.kick();
    this.activities.kick();
    this.armWake();
  }

  private armWake(): void {
    if (this.stopped || !this.store.isOpen) return;
    this.wake.armFor(this.store.nextMessageTime(this.clock.now()));
  }

  private notifyFinished(instanceId: string): void {
    const waiters = this.finishWaiters.get(instanceId);
    if (waiters) for (const wake of [...waiters]) wake();
  }

  private requireInvoker(): DurableFunctionInvoker {
    if (!this.invoker || this.stopped) throw new EngineNotStartedError('The Durable engine is not running.');
    return this.invoker;
  }

  /** Virtual time never runs backwards across restarts: catch the shared clock up with the stored time. */
  private restoreVirtualTime(): void {
    const stored = Number(this.store.getMeta(VIRTUAL_TIME_KEY) ?? 0);
    const now = this.clock.now();
    if (stored > now) this.clock.advance(stored - now);
  }

  private persistVirtualTime(): void {
    if (!this.store.isOpen) return;
    const now = this.clock.now();
    const stored = Number(this.store.getMeta(VIRTUAL_TIME_KEY) ?? 0);
    if (now > stored) this.store.setMeta(VIRTUAL_TIME_KEY, String(now));
  }
}
