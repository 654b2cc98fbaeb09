// An InstanceStore over a Map, for testing the trigger logic without a host: instances are plain snapshots the
// test sets up; start() records the call and creates a Pending instance, as the Durable client would, and refuses an
// id that is still active as the task hub does.
import {
  InstanceAlreadyActiveError,
  isActive,
  type InstanceSnapshot,
  type InstanceStore,
} from '../../functions/instanceStore';

export class MemoryStore implements InstanceStore {
  readonly instances = new Map<string, InstanceSnapshot>();
  readonly started: { orchestrator: string; instanceId: string; input: unknown }[] = [];
  /** Called inside start(), before the instance exists: lets a test interleave a second request. */
  onStart?: () => Promise<void>;
  /** The task hub's time now() answers; a test moves it. */
  time = '2025-03-01T08:30:00.000Z';

  put(instanceId: string, fields: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
    const snapshot: InstanceSnapshot = {
      instanceId,
      name: 'provisionHybridConnection',
      runtimeStatus: 'Running',
      createdTime: '2025-03-01T08:00:00.000Z',
      lastUpdatedTime: '2025-03-01T08:05:00.000Z',
      ...fields,
    };
    this.instances.set(instanceId, snapshot);
    return snapshot;
  }

  get(instanceId: string): Promise<InstanceSnapshot | undefined> {
    return Promise.resolve(this.instances.get(instanceId));
  }

  /** Like the task hub (NonRunningStates): refuses an id whose instance is still active, at the moment of writing. */
  async start(orchestrator: string, instanceId: string, input: unknown): Promise<void> {
    await this.onStart?.();
    const existing = this.instances.get(instanceId);
    if (existing && isActive(existing)) throw new InstanceAlreadyActiveError(instanceId);
    this.started.push({ orchestrator, instanceId, input });
    this.put(instanceId, { name: orchestrator, runtimeStatus: 'Pending', input });
  }

  readonly raised: { instanceId: string; eventName: string; data: unknown }[] = [];

  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void> {
    this.raised.push({ instanceId, eventName, data });
    return Promise.resolve();
  }

  list(): Promise<InstanceSnapshot[]> {
    return Promise.resolve([...this.instances.values()]);
  }

  now(): string {
    return this.time;
  }
}
