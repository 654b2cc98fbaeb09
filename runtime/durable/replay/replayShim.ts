// Replays an orchestrator's cumulative action list against its history the way the extension's out-of-process shim
// does on top of DTFx: it assigns sequence ids, runs retries and long timers host-side, detects non-determinism and
// reports the work that is new in this episode. Pure and synchronous: it never schedules, stores or invokes anything.
import type { DurableFunctionKind } from '../../contracts';
import { NonDeterminismError } from '../errors/nonDeterminismError';
import { UnknownFunctionError } from '../errors/unknownFunctionError';
import { UnsupportedFeatureError } from '../errors/unsupportedFeatureError';
import { LONG_TIMER_INTERVAL_MS, MAXIMUM_SHORT_TIMER_MS } from '../extensionSettings';
import { EventType, type HistoryEvent } from '../history/historyEvent';
import type { Action, RetryPolicy } from './actions';
import { retryDelayMs } from './retryDelay';
import { SimTask, whenAll, whenAny, type TaskFailure } from './simTask';

export type WorkKind = 'activity' | 'timer' | 'subOrchestration';

/** One id-carrying piece of work the orchestration scheduled. */
export interface ScheduledWork {
  id: number;
  kind: WorkKind;
  /** Function name (activities, sub-orchestrations); '' for timers. */
  name: string;
  /** The action's raw `input` (activities: already JSON-encoded strings, see docs/durable-protocol.md §4). */
  input?: unknown;
  fireAt?: number;
  /** Child instance id of a sub-orchestration. */
  childInstanceId?: string;
  /**
   * Set on retry attempts made after the retry timeout expired: the attempt is not run but fails at once with the
   * last failure, so durable-functions (which only counts attempts) still sees every id it expects.
   */
  immediateFailure?: TaskFailure;
}

export interface ReplayContext {
  instanceId: string;
  executionId: string;
  parentInstanceId: string | null;
  kindOf(functionName: string): DurableFunctionKind | undefined;
}

export interface ReplayResult {
  /** True when the shim walked the whole action list (only then may the orchestration complete or fail). */
  finished: boolean;
  /** Work produced by the actions that has no scheduling event in history yet, in id order. */
  newWork: ScheduledWork[];
  /** The next free sequence id (ExecutionCompleted takes it). */
  nextSequenceId: number;
  continueAsNew: { input: unknown } | undefined;
  /** EventRaised events no waiter consumed, in arrival order (carried over by continue-as-new). */
  unconsumedEvents: Array<{ name: string; input: string | null }>;
}

export function replayActions(actions: Action[], history: HistoryEvent[], context: ReplayContext): ReplayResult {
  const shim = new ReplayShim(actions, context);
  for (const event of history) shim.apply(event);
  return shim.result();
}

const KIND_LABEL: Record<WorkKind, string> = {
  activity: 'an activity task',
  timer: 'a durable timer',
  subOrchestration: 'a sub-orchestration task',
};

class ReplayShim {
  private counter = 0;
  private clock = 0;
  private started = false;
  private finished = false;
  private continueAsNew: { input: unknown } | undefined;
  private readonly produced = new Map<number, ScheduledWork>();
  private readonly inHistory = new Set<number>();
  private readonly open = new Map<number, SimTask>();
  private readonly waiters = new Map<string, SimTask[]>();
  private readonly buffered: Array<{ name: string; input: string | null }> = [];

  constructor(
    private readonly actions: Action[],
    private readonly context: ReplayContext,
  ) {}

  apply(event: HistoryEvent): void {
    switch (event.EventType) {
      case EventType.OrchestratorStarted:
        this.clock = Date.parse(event.Timestamp);
        break;
      case EventType.ExecutionStarted:
        if (!this.started) {
          this.started = true;
          this.runSequence(0);
        }
        break;
      case EventType.TaskScheduled:
        this.verifyScheduled(event.EventId, 'activity', event.Name);
        break;
      case EventType.SubOrchestrationInstanceCreated:
        this.verifyScheduled(event.EventId, 'subOrchestration', event.Name);
        break;
      case EventType.TimerCreated:
        this.verifyScheduled(event.EventId, 'timer', '');
        break;
      case EventType.TaskCompleted:
      case EventType.SubOrchestrationInstanceCompleted:
        this.settleOpen(event.TaskScheduledId, { kind: 'completed' });
        break;
      case EventType.TaskFailed:
      case EventType.SubOrchestrationInstanceFailed:
        this.settleOpen(event.TaskScheduledId, {
          kind: 'failed',
          failure: { reason: event.Reason, details: event.Details },
        });
        break;
      case EventType.TimerFired:
        this.settleOpen(event.TimerId, { kind: 'completed' });
        break;
      case EventType.EventRaised:
        this.deliverEvent(event.Name, event.Input);
        break;
      default:
        break;
    }
  }

  result(): ReplayResult {
    const newWork = [...this.produced.values()].filter((w) => !this.inHistory.has(w.id)).sort((a, b) => a.id - b.id);
    return {
      finished: this.finished,
      newWork,
      nextSequenceId: this.counter,
      continueAsNew: this.continueAsNew,
      unconsumedEvents: [...this.buffered],
    };
  }

  /** The shim awaits each action in turn: the next one is only invoked after the previous settled. */
  private runSequence(from: number): void {
    for (let index = from; index < this.actions.length; index++) {
      const action = this.actions[index];
      if (action === undefined) break;
      const task = this.invoke(action);
      if (!task.outcome) {
        task.onSettled(() => this.runSequence(index + 1));
        return;
      }
    }
    this.finished = true;
  }

  private invoke(action: Action): SimTask {
    switch (action.type) {
      case 'callActivity': {
        this.ensureFunction(action.name, 'activity');
        const schedule = (failure?: TaskFailure): SimTask =>
          this.produce({ kind: 'activity', name: action.name, input: action.input }, failure);
        return action.retry ? this.withRetry(action.retry, schedule) : schedule();
      }
      case 'callSubOrchestrator': {
        this.ensureFunction(action.name, 'orchestration');
        this.ensureChildInstanceId(action.instanceId);
        const schedule = (failure?: TaskFailure): SimTask =>
          this.produce(
            { kind: 'subOrchestration', name: action.name, input: action.input, childInstanceId: action.instanceId },
            failure,
          );
        return action.retry ? this.withRetry(action.retry, schedule) : schedule();
      }
      case 'createTimer': {
        const timer = this.durableTimer(action.fireAt);
        // A canceled timer still consumes its ids (it was created for real) but no longer blocks the shim.
        return action.isCanceled ? SimTask.settled({ kind: 'canceled' }) : timer;
      }
      case 'waitForExternalEvent':
        return this.waitForEvent(action.name);
      case 'continueAsNew':
        this.continueAsNew = { input: action.input };
        return SimTask.settled({ kind: 'completed' });
      case 'whenAll':
        return whenAll(action.children.map((child) => this.invoke(child)));
      case 'whenAny':
        return whenAny(action.children.map((child) => this.invoke(child)));
      case 'unsupported':
        throw new UnsupportedFeatureError(
          action.feature
            ? `${action.feature} are not supported by the hybrid-connection runtime (action type ${action.actionType}).`
            : `Received an unexpected action type '${action.actionType}'.`,
        );
    }
  }

  private produce(work: Omit<ScheduledWork, 'id'>, immediateFailure?: TaskFailure): SimTask {
    const id = this.counter++;
    const item: ScheduledWork = { ...work, id };
    if (item.kind === 'subOrchestration' && item.childInstanceId === undefined) {
      item.childInstanceId = `${this.context.executionId}:${id}`;
    }
    if (immediateFailure) item.immediateFailure = immediateFailure;
    this.produced.set(id, item);
    const task = new SimTask();
    this.open.set(id, task);
    return task;
  }

  private timer(fireAt: number): SimTask {
    return this.produce({ kind: 'timer', name: '', fireAt });
  }

  /** CreateTimer with the extension's long-timer split: 3-day steps while more than 6 days remain. */
  private durableTimer(fireAt: number): SimTask {
    if (fireAt - this.clock <= MAXIMUM_SHORT_TIMER_MS) return this.timer(fireAt);
    const done = new SimTask();
    const step = (next: number): void => {
      this.timer(next).onSettled(() => {
        const remaining = fireAt - this.clock;
        if (this.clock >= fireAt || remaining <= 0) done.settle({ kind: 'completed' });
        else step(this.clock + Math.min(remaining, LONG_TIMER_INTERVAL_MS));
      });
    };
    step(this.clock + LONG_TIMER_INTERVAL_MS);
    return done;
  }

  /**
   * DTFx RetryInterceptor: one id per attempt and one timer per failure (the last failure gets a zero-length timer),
   * so the ids match what durable-functions' RetryableTask expects.
   */
  private withRetry(policy: RetryPolicy, schedule: (immediateFailure?: TaskFailure) => SimTask): SimTask {
    const done = new SimTask();
    const firstAttemptAt = this.clock;
    const maxAttempts = Math.max(1, Math.floor(policy.maxNumberOfAttempts));
    let expiredWith: TaskFailure | undefined;
    const attempt = (index: number): void => {
      schedule(expiredWith).onSettled((outcome) => {
        if (outcome.kind !== 'failed') return done.settle(outcome);
        if (index + 1 >= maxAttempts) {
          this.timer(this.clock).onSettled(() => done.settle(outcome));
          return;
        }
        const delay = retryDelayMs(policy, index, firstAttemptAt, this.clock);
        if (delay <= 0) expiredWith = outcome.failure;
        this.timer(this.clock + Math.max(0, delay)).onSettled(() => attempt(index + 1));
      });
    };
    attempt(0);
    return done;
  }

  private waitForEvent(name: string): SimTask {
    const task = new SimTask();
    const index = this.buffered.findIndex((e) => e.name === name);
    if (index >= 0) {
      this.buffered.splice(index, 1);
      task.settle({ kind: 'completed' });
      return task;
    }
    const stack = this.waiters.get(name) ?? [];
    stack.push(task);
    this.waiters.set(name, stack);
    return task;
  }

  /** The newest waiter gets the event (LIFO); without a waiter it is buffered (FIFO). Names are case-sensitive. */
  private deliverEvent(name: string, input: string | null): void {
    const stack = this.waiters.get(name);
    const waiter = stack?.pop();
    if (stack && stack.length === 0) this.waiters.delete(name);
    if (waiter) waiter.settle({ kind: 'completed' });
    else this.buffered.push({ name, input });
  }

  private settleOpen(id: number, outcome: Parameters<SimTask['settle']>[0]): void {
    const task = this.open.get(id);
    if (!task) return;
    this.open.delete(id);
    task.settle(outcome);
  }

  private verifyScheduled(id: number, kind: WorkKind, name: string): void {
    const work = this.produced.get(id);
    const previous = `${KIND_LABEL[kind]} with sequence number ${id}${name ? ` named '${name}'` : ''}`;
    if (!work) {
      throw new NonDeterminismError(
        `Non-Deterministic workflow detected: A previous execution of this orchestration scheduled ${previous}, ` +
          `but the current replay execution hasn't (yet?) scheduled this task. ` +
          `Was a change made to the orchestrator code after this instance had already started running?`,
      );
    }
    if (work.kind !== kind || work.name.toLowerCase() !== name.toLowerCase()) {
      const current = `${KIND_LABEL[work.kind]}${work.name ? ` named '${work.name}'` : ''}`;
      throw new NonDeterminismError(
        `Non-Deterministic workflow detected: A previous execution of this orchestration scheduled ${previous}, ` +
          `but the current orchestration replay instead scheduled ${current} with this sequence number.  ` +
          `Was a change made to the orchestrator code after this instance had already started running?`,
      );
    }
    this.inHistory.add(id);
  }

  private ensureFunction(name: string, kind: DurableFunctionKind): void {
    if (this.context.kindOf(name) !== kind) {
      throw new UnknownFunctionError(name, kind === 'activity' ? 'activity' : 'orchestrator');
    }
  }

  private ensureChildInstanceId(instanceId: string | undefined): void {
    if (instanceId === undefined) return;
    if (instanceId === this.context.instanceId || instanceId === this.context.parentInstanceId) {
      throw new UnsupportedFeatureError(
        `A sub-orchestration cannot use the instance id '${instanceId}' of its own orchestration or its parent.`,
      );
    }
    if (instanceId.startsWith('@')) {
      throw new UnsupportedFeatureError(`Orchestration instance ids must not start with '@': '${instanceId}'.`);
    }
  }
}
