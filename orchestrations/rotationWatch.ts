// What a rotation watches while it changes the key: both sides' connections, read together every few (virtual)
// seconds, from just before the first side changes until both read Connected again. Every read also feeds the
// downtime: the time during which neither side read Connected, summed over the poll intervals that began with such
// a read, so its resolution is one poll interval. Deterministic: activities do the reads, time is the orchestration's.
import type * as df from 'durable-functions';
import { ACTIVITY, type ConnectionState, type SiteTarget, type StartedResourceRef } from '../activities/contracts';
import type { FailureInfo } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { StageTimeoutError } from '../lib/errors';
import { siteProfile } from '../lib/sites/profiles';
import { armReadTask, armWriteTask, settledValue, unwrapActivityResult } from './activityCalls';
import { failuresOf } from './failures';
import type { Orchestration } from './orchestrationTypes';
import { SECOND_MS } from './pollSchedules';
import { settleAll } from './settleAll';
import { WorkflowFailedError } from './workflowFailedError';

/** How often both sides are read during a rotation: the downtime's resolution. */
export const ROTATION_POLL_MS = 5 * SECOND_MS;

/**
 * One side as a read found it: its states, or why the read failed: terminally (the connection ended Failed, or is
 * gone), or only transiently (the read's retries ran out), which says nothing about the connection.
 */
export type SideRead = { ok: true; state: ConnectionState } | { ok: false; failure: FailureInfo; terminal: boolean };

export interface RotationSides {
  targets: Record<CloudId, SiteTarget>;
  connectionIds: Record<CloudId, string>;
  secretName: string;
}

/** How long a set-shared-key may take, and the tunnel after it: twice the slowest site's typical maximum. */
function deadlineMs(stage: 'connection' | 'tunnel'): number {
  return 2 * Math.max(...CLOUD_IDS.map((cloud) => siteProfile(cloud).typicalDurations[stage].maxMs));
}

export class RotationWatch {
  private lastAt: number | undefined;
  private lastDown = false;
  private downMs = 0;
  /** Begun set-shared-key operations by side, so a read of a Failed side reports ARM's own code. */
  private readonly operations: Partial<Record<CloudId, string>> = {};

  constructor(
    private readonly context: df.OrchestrationContext,
    private readonly sides: RotationSides,
    /** Called with each side's connectionStatus after every read (custom status). */
    private readonly onRead: (connectionStatus: Partial<Record<CloudId, string>>) => void,
  ) {}

  /** Virtual seconds during which neither side read Connected, so far. */
  downtimeSeconds(): number {
    return Math.round(this.downMs / SECOND_MS);
  }

  /** Reads both sides once (the downtime's baseline before anything changes). */
  *read(): Orchestration<Record<CloudId, SideRead>> {
    const settled = yield* settleAll(
      this.context,
      CLOUD_IDS.map((cloud) => {
        const operation = this.operations[cloud];
        return armReadTask(this.context, ACTIVITY.getConnectionState, {
          target: this.sides.targets[cloud],
          id: this.sides.connectionIds[cloud],
          ...(operation !== undefined ? { operation } : {}),
        });
      }),
    );
    const reads = {} as Record<CloudId, SideRead>;
    for (const [index, cloud] of CLOUD_IDS.entries()) {
      const site = { cloud, stage: 'connection' as const };
      const one = settled[index];
      if (!one?.ok) {
        reads[cloud] = { ok: false, failure: failuresOf(one?.error, site)[0], terminal: false };
        continue;
      }
      try {
        reads[cloud] = { ok: true, state: unwrapActivityResult<ConnectionState>(one.value, site) };
      } catch (error) {
        reads[cloud] = { ok: false, failure: failuresOf(error, site)[0], terminal: true };
      }
    }
    this.note(reads);
    return reads;
  }

  /**
   * Puts the value of `version` on each of `clouds` (in parallel), then reads until each of them finished its
   * update (provisioningState Succeeded). A failed write or a side that ends Failed fails it.
   */
  *setKey(clouds: readonly CloudId[], version: string): Orchestration<void> {
    const settled = yield* settleAll(
      this.context,
      clouds.map((cloud) =>
        armWriteTask(this.context, ACTIVITY.beginSetSharedKey, {
          target: this.sides.targets[cloud],
          connectionId: this.sides.connectionIds[cloud],
          secretName: this.sides.secretName,
          version,
        }),
      ),
    );
    const failures: FailureInfo[] = [];
    for (const [index, cloud] of clouds.entries()) {
      try {
        const begun = settledValue<StartedResourceRef>(settled[index], { cloud, stage: 'connection' });
        if (begun.operation !== undefined) this.operations[cloud] = begun.operation;
        else delete this.operations[cloud];
      } catch (error) {
        failures.push(...failuresOf(error, { cloud, stage: 'connection' }));
      }
    }
    const [failure, ...also] = failures;
    if (failure) throw new WorkflowFailedError(failure, also);
    yield* this.until(clouds, 'connection', (read) => read.state.provisioningState === 'Succeeded');
  }

  /** Reads until both sides read Connected. */
  *waitConnected(): Orchestration<void> {
    yield* this.until(CLOUD_IDS, 'tunnel', (read) => read.state.connectionStatus === 'Connected');
  }

  /** Polls both sides every ROTATION_POLL_MS until `done` holds for each of `clouds`, or the stage's deadline. */
  private *until(
    clouds: readonly CloudId[],
    stage: 'connection' | 'tunnel',
    done: (read: Extract<SideRead, { ok: true }>) => boolean,
  ): Orchestration<void> {
    const now = (): number => this.context.df.currentUtcDateTime.getTime();
    const deadline = now() + deadlineMs(stage);
    for (;;) {
      const reads = yield* this.read();
      // A read that failed only transiently (retries ran out) is no verdict: the deadline decides.
      const failures = clouds.flatMap((cloud) => {
        const read = reads[cloud];
        return !read.ok && read.terminal ? [read.failure] : [];
      });
      const [failure, ...also] = failures;
      if (failure) throw new WorkflowFailedError(failure, also);
      if (clouds.every((cloud) => isDone(reads[cloud], done))) return;
      if (now() >= deadline) {
        const late = clouds.find((cloud) => !isDone(reads[cloud], done)) ?? 'azure';
        const last = reads[late];
        throw new StageTimeoutError({
          cloud: late,
          stage,
          deadline: new Date(deadline).toISOString(),
          ...(last.ok ? { lastState: `${last.state.provisioningState}/${last.state.connectionStatus}` } : {}),
        });
      }
      yield this.context.df.createTimer(new Date(Math.min(now() + ROTATION_POLL_MS, deadline)));
    }
  }

  private note(reads: Record<CloudId, SideRead>): void {
    const at = this.context.df.currentUtcDateTime.getTime();
    if (this.lastAt !== undefined && this.lastDown) this.downMs += at - this.lastAt;
    this.lastAt = at;
    this.lastDown = CLOUD_IDS.every((cloud) => {
      const read = reads[cloud];
      return !read.ok || read.state.connectionStatus !== 'Connected';
    });
    const seen: Partial<Record<CloudId, string>> = {};
    for (const cloud of CLOUD_IDS) {
      const read = reads[cloud];
      seen[cloud] = read.ok ? read.state.connectionStatus : read.failure.code;
    }
    this.onRead(seen);
  }
}

function isDone(read: SideRead, done: (read: Extract<SideRead, { ok: true }>) => boolean): boolean {
  return read.ok && done(read);
}
