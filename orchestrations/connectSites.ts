// The tunnel, once both connections are begun (buildAndLink begins each as soon as its side is ready): a monitor
// until both read Connected, each publishing Connection.Connected, or a diagnosed TunnelNotConnectedError at the
// deadline. The reads follow the connection begun last (pollSchedules.ts: tunnelPollInterval): at the pace ARM names
// for its write while it runs, then every few seconds once both are provisioned, since IKE then takes seconds. The
// events of the round that finds the tunnel up are handed back, not awaited, so the next step (the ping) starts in
// the same round. Deterministic: activities do the I/O.
import type * as df from 'durable-functions';
import { ACTIVITY, type ConnectionState, type TunnelDiagnosisResult } from '../activities/contracts';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { StageTimeoutError, TunnelNotConnectedError } from '../lib/errors';
import { EVENT_TYPES } from '../lib/events';
import { ipsecPoliciesFor } from '../lib/plan/connectionPolicy';
import type { PairPlan } from '../lib/plan/types';
import { siteProfile } from '../lib/sites/profiles';
import { armReadTask, isActivityResult, operationOf } from './activityCalls';
import type { BuiltSites } from './buildAndLink';
import { failureFromArmDetails } from './failures';
import { monitorAll, watchOf, type Verdict, type Watch } from './monitor';
import type { BegunResource, Orchestration } from './orchestrationTypes';
import { TUNNEL_TIMEOUT_MINUTES, addMinutes, tunnelPollInterval, type TunnelPace } from './pollSchedules';
import { settleEventPublishes, startPublish, type EventPublish } from './publishEvents';
import { settleAll } from './settleAll';
import { siteTargetsFor } from './siteTargets';
import { finishStage, noteStage, startStage } from './stageMap';
import type { PairStatus } from './statusTypes';

/** What the summary names of the link: the key, both local network gateways, both connections and their status. */
export type LinkedSites = Omit<BuiltSites, 'sites'> & { connectionStatus: Record<CloudId, string> };

/** The tunnel is up: both sides' status, and the Connected events of its last round, for the caller to hand over. */
export interface TunnelUp {
  connectionStatus: Record<CloudId, string>;
  /** Started, not yet yielded: the caller yields them beside its next step, in this same episode. */
  connectedEvents: EventPublish[];
}

/** Both connections begun: watches them until both read Connected, or diagnoses why not at the deadline. */
export function* waitForTunnel(
  context: df.OrchestrationContext,
  plan: PairPlan,
  connections: Record<CloudId, BegunResource>,
  status: PairStatus,
  publishStatus: () => void,
): Orchestration<TunnelUp> {
  const now = (): Date => context.df.currentUtcDateTime;
  const targets = siteTargetsFor(plan);
  const started = now();
  const deadline = addMinutes(started, TUNNEL_TIMEOUT_MINUTES);
  const seen: Partial<Record<CloudId, string>> = {};
  for (const cloud of CLOUD_IDS) startStage(status.stages[cloud], 'tunnel', started);
  status.phase = 'tunnel';
  status.tunnel = { state: 'connecting' };
  publishStatus();

  const pacing = pacingOf(connections);
  const pace = tunnelPace(connections);
  const windows = siteProfile(pacing).typicalDurations;
  // Both sides share one schedule, so they are read in the same rounds.
  const interval = (elapsedMs: number): number => tunnelPollInterval(windows, pace.now, started.getTime() + elapsedMs);
  // Adopted connections that are provisioned already (a rerun) are read at once.
  const firstPollAt = pace.now.provisionedAtMs !== undefined ? started : new Date(started.getTime() + interval(0));

  const watches = CLOUD_IDS.map((cloud) => {
    const watch: Watch<ConnectionState> = {
      key: cloud,
      site: { cloud, stage: 'tunnel' },
      poll: () =>
        armReadTask(context, ACTIVITY.getConnectionState, {
          target: targets[cloud],
          id: connections[cloud].id,
          ...operationOf(connections[cloud]),
        }),
      classify: (state) => classifyConnection(state, cloud),
      interval,
      startedAt: started,
      firstPollAt,
      deadline,
      onTimeout: (last) =>
        new StageTimeoutError({
          cloud,
          stage: 'tunnel',
          deadline: deadline.toISOString(),
          ...(last ? { lastState: last.connectionStatus } : {}),
        }),
      onPoll: (state) => {
        seen[cloud] = state.connectionStatus;
        if (state.provisioningState === 'Succeeded') pace.provisioned(cloud, now().getTime());
        // After SetSharedKey the connection keeps updating for a while: the stage ends at Succeeded.
        if (state.provisioningState === 'Succeeded' && status.stages[cloud].connection?.state === 'running') {
          finishStage(status.stages[cloud], 'connection', now(), connections[cloud].id);
        }
        noteStage(status.stages[cloud], 'tunnel', state.connectionStatus);
        status.tunnel = { state: 'connecting', connectionStatus: { ...seen } };
        publishStatus();
      },
    };
    return watchOf(watch);
  });

  const connected = new Set<CloudId>();
  let connectedEvents: EventPublish[] = [];
  try {
    yield* monitorAll(context, watches, function* (done) {
      const clouds = done.map(({ key }) => key as CloudId);
      for (const cloud of clouds) {
        connected.add(cloud);
        finishStage(status.stages[cloud], 'connection', now(), connections[cloud].id);
        finishStage(status.stages[cloud], 'tunnel', now(), connections[cloud].id);
      }
      publishStatus();
      const publishes = clouds.map((cloud) => {
        const policy = ipsecPoliciesFor(plan, cloud)[0];
        return startPublish(context, {
          type: EVENT_TYPES.connectionConnected,
          name: plan.name,
          cloud,
          // Both ends are the site's: its stamp's connection, and the hub's connection to it.
          site: plan.azureStack.name,
          data: {
            connectionId: connections[cloud].id,
            connectionStatus: 'Connected',
            ...(policy !== undefined ? { ipsecPolicy: policy } : {}),
          },
        });
      });
      // The round that finds the tunnel up hands its events to the caller's next step; an earlier side's go now,
      // while the other side is still awaited.
      if (connected.size === CLOUD_IDS.length) {
        connectedEvents = publishes;
        return;
      }
      status.events.push(...(yield* settleEventPublishes(context, publishes)));
      publishStatus();
    });
  } catch (error) {
    if (error instanceof StageTimeoutError && error.stage === 'tunnel') {
      throw yield* diagnosedTimeout(context, plan, targets, seen, status, publishStatus);
    }
    throw error;
  }
  status.tunnel = { state: 'connected', connectionStatus: { azure: 'Connected', azureStack: 'Connected' } };
  publishStatus();
  return { connectionStatus: { azure: 'Connected', azureStack: 'Connected' }, connectedEvents };
}

/** The cloud whose connection was begun last (the later of CLOUD_IDS on a tie): the tunnel waits for its write. */
function pacingOf(connections: Record<CloudId, BegunResource>): CloudId {
  return CLOUD_IDS.reduce((latest, cloud) =>
    Date.parse(connections[cloud].begunAt) >= Date.parse(connections[latest].begunAt) ? cloud : latest,
  );
}

/** The tunnel's pace, kept up to date by the reads: provisioned once every connection has been read Succeeded. */
function tunnelPace(connections: Record<CloudId, BegunResource>): {
  now: TunnelPace;
  provisioned: (cloud: CloudId, atMs: number) => void;
} {
  const provisionedAt: Partial<Record<CloudId, number>> = {};
  for (const cloud of CLOUD_IDS) {
    if (connections[cloud].provisioningState === 'Succeeded')
      provisionedAt[cloud] = Date.parse(connections[cloud].begunAt);
  }
  const pace: TunnelPace = { begunAtMs: Math.max(...CLOUD_IDS.map((cloud) => Date.parse(connections[cloud].begunAt))) };
  const update = (): void => {
    const times = CLOUD_IDS.map((cloud) => provisionedAt[cloud]);
    if (times.every((time): time is number => time !== undefined)) pace.provisionedAtMs = Math.max(...times);
  };
  update();
  return {
    now: pace,
    provisioned: (cloud, atMs) => {
      provisionedAt[cloud] ??= atMs;
      update();
    },
  };
}

/** At the tunnel deadline: asks diagnoseTunnel why, and returns the error that names the diagnosis. */
function* diagnosedTimeout(
  context: df.OrchestrationContext,
  plan: PairPlan,
  targets: ReturnType<typeof siteTargetsFor>,
  seen: Partial<Record<CloudId, string>>,
  status: PairStatus,
  publishStatus: () => void,
): Orchestration<TunnelNotConnectedError> {
  let diagnosis: TunnelDiagnosisResult = { diagnosis: 'unknown' };
  try {
    const [read] = yield* settleAll(context, [
      armReadTask(context, ACTIVITY.diagnoseTunnel, {
        sites: targets,
        sharedKeySecretName: plan.connection.sharedKeySecretName,
      }),
    ]);
    if (read?.ok) diagnosis = unwrapDiagnosis(read.value) ?? diagnosis;
  } catch {
    // Without a diagnosis the timeout still stands; 'unknown' says what to check by hand.
  }
  status.tunnel = { state: 'notConnected', connectionStatus: { ...seen }, diagnosis: diagnosis.diagnosis };
  publishStatus();
  return new TunnelNotConnectedError({
    diagnosis: diagnosis.diagnosis,
    ...(diagnosis.detail !== undefined ? { detail: diagnosis.detail } : {}),
    connectionStatus: { ...seen },
  });
}

/** diagnoseTunnel's ActivityResult, when it holds a diagnosis; a failed diagnosis is no diagnosis. */
function unwrapDiagnosis(raw: unknown): TunnelDiagnosisResult | undefined {
  if (!isActivityResult(raw) || !raw.ok) return undefined;
  const value = raw.value as Partial<TunnelDiagnosisResult> | undefined;
  return typeof value?.diagnosis === 'string' ? (value as TunnelDiagnosisResult) : undefined;
}

export function classifyConnection(state: ConnectionState, cloud: CloudId): Verdict {
  if (state.provisioningState === 'Failed') {
    return {
      kind: 'failed',
      failure: failureFromArmDetails({
        cloud,
        stage: 'connection',
        code: 'ConnectionProvisioningFailed',
        hint: 'the connection resource failed to provision: check the gateway it uses, then rerun',
      }),
    };
  }
  if (state.provisioningState === 'NotFound') {
    return {
      kind: 'failed',
      failure: failureFromArmDetails({
        cloud,
        stage: 'connection',
        code: 'ResourceNotFound',
        hint: 'the connection disappeared: rerun to create it again',
      }),
    };
  }
  return state.connectionStatus === 'Connected'
    ? { kind: 'done' }
    : { kind: 'pending', detail: state.connectionStatus };
}
