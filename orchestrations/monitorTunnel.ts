// The tunnel health monitor (`hc-<name>:monitor`), started by a successful run and stopped by its teardown: every
// intervalMinutes it reads both connections, publishes Tunnel.Degraded when a side stops reading Connected and
// Tunnel.Recovered when it is back (once per change, ids numbered per side), and, when the plan opts in
// (options.repair), resets a side after afterFailedReads failed reads, at most maxPerDay a day, each attempt
// reported. Eternal: it continues as new every few reads, carrying bounded lists and counters in its input, so
// no generation's history grows with the connection's age. It waits on its timer and the StopMonitor event at
// once, so a teardown stops it at any point between reads. Deterministic: time is context.df.currentUtcDateTime.
// A fleet's monitor reads every site's two connections in each read (one monitor per connection, not per site); its
// events, transitions and repairs name the site.
import type * as df from 'durable-functions';
import { ACTIVITY, type ConnectionState } from '../activities/contracts';
import type { MonitorRead, MonitorTransition, RepairAttempt } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { EVENT_CATALOG, EVENT_TYPES, eventCloudOf, eventId } from '../lib/events';
import { siteProfile } from '../lib/sites/profiles';
import { armReadTask, unwrapActivityResult, type CallSite } from './activityCalls';
import { setStatus } from './customStatus';
import { failureOf } from './failures';
import { STOP_MONITOR_EVENT } from './names';
import type { MonitorCarried, MonitorInput, Orchestration, SideHealth } from './orchestrationTypes';
import { publishEvent } from './publishEvents';
import { settleAll, type Settled } from './settleAll';
import type { MonitorCustomStatus } from './statusTypes';
import {
  afterRead,
  dayOf,
  initialCarried,
  MAX_MONITOR_READS,
  MAX_MONITOR_REPAIRS,
  MAX_MONITOR_TRANSITIONS,
  MONITOR_READS_PER_GENERATION,
  newestFirst,
  repairDecision,
  type SideRead,
} from './tunnelHealth';
import { repairSide } from './tunnelRepair';

const MINUTE = 60_000;

/** What a monitor returns once stopped. */
export interface MonitorSummary {
  name: string;
  stopped: true;
  generation: number;
}

export function* monitorTunnelOrchestrator(
  context: df.OrchestrationContext,
): Orchestration<MonitorSummary | undefined> {
  const input = context.df.getInput<MonitorInput>();
  const state: MonitorCarried = input.carried ?? initialCarried();
  const publishStatus = (run: MonitorCustomStatus['state']): void => setStatus(context, statusOf(input, state, run));
  publishStatus('running');

  // One stop task per generation, raced against every timer: a new waitForExternalEvent per period would leave
  // older ones open, and the event would go to the oldest.
  const stop = context.df.waitForExternalEvent(STOP_MONITOR_EVENT);
  const reads = input.readsPerGeneration ?? MONITOR_READS_PER_GENERATION;
  for (let read = 0; read < reads; read += 1) {
    const timer = context.df.createTimer(
      new Date(context.df.currentUtcDateTime.getTime() + input.intervalMinutes * MINUTE),
    );
    const winner: unknown = yield context.df.Task.any([timer, stop]);
    if (winner === stop) {
      timer.cancel();
      publishStatus('stopped');
      if (!context.df.isReplaying) context.log(`health monitor of ${input.name} stopped`);
      return { name: input.name, stopped: true, generation: state.generation };
    }
    yield* readAllSides(context, input, state);
    publishStatus('running');
  }
  context.df.continueAsNew({ ...input, carried: { ...state, generation: state.generation + 1 } });
  return undefined;
}

/** The pairs a monitor reads: a fleet's `pairs`, or the one pair of `targets` and `connectionIds` (no site named). */
function pairsOf(
  input: MonitorInput,
): { site?: string; targets: MonitorInput['targets']; connectionIds: MonitorInput['connectionIds'] }[] {
  return input.pairs ?? [{ targets: input.targets, connectionIds: input.connectionIds }];
}

/** A pair's two sides' health: the first pair's is `sides` (as before fleets), every other's under its site. */
function healthOf(state: MonitorCarried, index: number, site: string | undefined): Record<CloudId, SideHealth> {
  if (index === 0 || site === undefined) return state.sides;
  const all = (state.siteSides ??= {});
  return (all[site] ??= initialCarried().sides);
}

function* readAllSides(
  context: df.OrchestrationContext,
  input: MonitorInput,
  state: MonitorCarried,
): Orchestration<void> {
  const now = context.df.currentUtcDateTime;
  const pairs = pairsOf(input);
  const settled = yield* settleAll(
    context,
    pairs.flatMap((pair) =>
      CLOUD_IDS.map((cloud) =>
        armReadTask(context, ACTIVITY.getConnectionState, {
          target: pair.targets[cloud],
          id: pair.connectionIds[cloud],
        }),
      ),
    ),
  );
  const readsOf = pairs.map((_, index) => {
    const sides: MonitorRead['sides'] = {};
    for (const [offset, cloud] of CLOUD_IDS.entries()) {
      sides[cloud] = sideReadOf(settled[index * CLOUD_IDS.length + offset], cloud);
    }
    return sides;
  });
  const read: MonitorRead = { readAt: now.toISOString(), sides: readsOf[0] ?? {} };
  if (input.pairs !== undefined) {
    read.sites = Object.fromEntries(pairs.map((pair, index) => [pair.site ?? '', readsOf[index] ?? {}]));
  }
  state.reads = newestFirst(state.reads, read, MAX_MONITOR_READS);

  for (const [index, pair] of pairs.entries()) {
    const health = healthOf(state, index, pair.site);
    for (const cloud of CLOUD_IDS) {
      const side = readsOf[index]?.[cloud] as SideRead;
      const after = afterRead(health[cloud], side);
      health[cloud] = after.health;
      if (after.transition) {
        yield* announce(context, input, pair, health[cloud], state, {
          cloud,
          kind: after.transition,
          side,
          at: read.readAt,
        });
      }
    }
  }
  for (const [index, pair] of pairs.entries()) {
    const health = healthOf(state, index, pair.site);
    for (const cloud of CLOUD_IDS) {
      const decision = repairDecision(health[cloud], input.repair, dayOf(context.df.currentUtcDateTime));
      if (decision.kind === 'none') continue;
      health[cloud] = decision.health;
      const attempt: RepairAttempt = {
        ...(decision.kind === 'skip'
          ? skipped(context, cloud, decision.attempt, input)
          : yield* repairSide(context, {
              cloud,
              target: pair.targets[cloud],
              connectionId: pair.connectionIds[cloud],
              attempt: decision.attempt,
            })),
        ...(pair.site !== undefined ? { site: pair.site } : {}),
      };
      state.repairs = newestFirst(state.repairs, attempt, MAX_MONITOR_REPAIRS);
      yield* publishEvent(context, {
        type: EVENT_TYPES.tunnelRepairAttempted,
        name: input.name,
        cloud,
        ...(pair.site !== undefined ? { site: pair.site } : {}),
        sequence: decision.health.repairEvents,
        data: {
          connectionId: pair.connectionIds[cloud],
          action: attempt.action,
          attempt: attempt.attempt,
          outcome: attempt.outcome,
          ...(attempt.error ? { errorCode: attempt.error.code } : {}),
        },
      });
    }
  }
}

/** A side's read: its connectionStatus, or the code of why it could not be read (that side counts as not Connected). */
function sideReadOf(settled: Settled | undefined, cloud: CloudId): SideRead {
  const site: CallSite = { cloud, stage: 'tunnel' };
  try {
    if (!settled?.ok) throw settled?.error;
    const state = unwrapActivityResult<ConnectionState>(settled.value, site);
    if (state.provisioningState === 'NotFound') return { connectionStatus: null, errorCode: 'ConnectionNotFound' };
    return { connectionStatus: state.connectionStatus };
  } catch (error) {
    return { connectionStatus: null, errorCode: failureOf(error, site).code };
  }
}

function* announce(
  context: df.OrchestrationContext,
  input: MonitorInput,
  pair: { site?: string; connectionIds: MonitorInput['connectionIds'] },
  health: SideHealth,
  state: MonitorCarried,
  change: { cloud: CloudId; kind: 'degraded' | 'recovered'; side: SideRead; at: string },
): Orchestration<void> {
  const { cloud, kind, side } = change;
  const { site } = pair;
  const type = kind === 'degraded' ? EVENT_TYPES.tunnelDegraded : EVENT_TYPES.tunnelRecovered;
  const sequence = kind === 'degraded' ? health.degradedEvents : health.recoveredEvents;
  const published = yield* publishEvent(context, {
    type,
    name: input.name,
    cloud,
    ...(site !== undefined ? { site } : {}),
    sequence,
    data: {
      connectionId: pair.connectionIds[cloud],
      connectionStatus: side.connectionStatus,
      ...(side.errorCode !== undefined ? { errorCode: side.errorCode } : {}),
      failedReads: health.failedReads,
    },
  });
  // The read that saw the change dates it (the publish before this line took time).
  const transition: MonitorTransition = {
    at: change.at,
    cloud,
    ...(site !== undefined ? { site } : {}),
    kind,
    eventId:
      published ?? eventId(input.name, EVENT_CATALOG[type].stage, eventCloudOf(cloud, site), undefined, sequence),
    ...(published === undefined ? { published: false } : {}),
  };
  state.transitions = newestFirst(state.transitions, transition, MAX_MONITOR_TRANSITIONS);
}

function skipped(
  context: df.OrchestrationContext,
  cloud: CloudId,
  attempt: number,
  input: MonitorInput,
): RepairAttempt {
  const limit = input.repair === false ? 0 : input.repair.maxPerDay;
  return {
    at: context.df.currentUtcDateTime.toISOString(),
    cloud,
    attempt,
    action: siteProfile(cloud).repairAction,
    outcome: 'skipped',
    error: {
      code: 'RepairLimitReached',
      message: `${cloud} was already reset ${limit} time(s) today (options.repair.maxPerDay)`,
      cloud,
      stage: 'tunnel',
      hint: 'look at the tunnel yourself (shared key, gateways, on-premises device); the limit resets at 00:00 UTC',
    },
  };
}

function statusOf(input: MonitorInput, state: MonitorCarried, run: MonitorCustomStatus['state']): MonitorCustomStatus {
  return {
    kind: 'monitor',
    state: run,
    intervalMinutes: input.intervalMinutes,
    repair: input.repair === false ? null : { ...input.repair },
    reads: state.reads,
    transitions: state.transitions,
    repairs: state.repairs,
    generation: state.generation,
  };
}
