// Builds the in-process inspection API over the simulator's parts (clouds, request log, fault injector, Event Grid,
// Key Vault, throttle, random streams, clock). Reading settles due operations first, so what it shows is current.
import type { VirtualClock } from '../../clock';
import { applyAccountPatch, defaultAccountState } from '../account/accountState';
import type { CloudContext } from '../arm/cloud';
import { renderStored } from '../arm/providerResources';
import type { ArmResource, CloudKey } from '../arm/resourceType';
import type { SimEventGridTopic } from '../eventgrid';
import type { FaultInjector } from '../faults/injector';
import { parseFaultPlan, type FaultPlan } from '../faults/plan';
import type { SimKeyVault } from '../keyvault';
import { applyTunnelFault, TUNNEL_FAULTS, type TunnelFault } from '../network/tunnelFaults';
import type { ReseedableStream } from '../random';
import type { SubscriptionThrottle } from '../throttling/subscriptionThrottle';
import type { ClockState, SimulatorInspector } from './inspector';
import type { RequestLog } from './requestLog';

export interface InspectorParts {
  /** Azure first, then each stamp. */
  clouds: readonly CloudContext[];
  requestLog: RequestLog;
  faults: FaultInjector;
  /** The plan a reset goes back to (the one given at start). */
  initialFaults: FaultPlan;
  eventGrid: SimEventGridTopic;
  keyVault: SimKeyVault;
  throttle: SubscriptionThrottle | undefined;
  streams: ReseedableStream[];
  clock: VirtualClock;
}

export function createInspector(parts: InspectorParts): SimulatorInspector {
  const { clouds, requestLog, faults, eventGrid, keyVault, throttle, streams, clock } = parts;
  const clockState = (): ClockState => {
    const now = clock.now();
    return { now, iso: new Date(now).toISOString(), scale: clock.scale };
  };
  const settle = (): void => {
    for (const cloud of clouds) cloud.operations.settleDue();
  };
  const cloudOf = (key: CloudKey): CloudContext => {
    const cloud = clouds.find((candidate) => candidate.key === key);
    if (!cloud) throw new Error(`cloud must be one of ${clouds.map((c) => c.key).join(', ')}, got ${key}`);
    return cloud;
  };
  const view = (cloud: CloudContext, resource: ArmResource): ArmResource =>
    renderStored(
      { ctx: cloud, method: 'GET', apiVersion: '', query: new URLSearchParams(), rawBody: Buffer.alloc(0) },
      resource,
    );
  return {
    clouds: () => clouds.map((cloud) => cloud.key),
    resources: (name) => {
      settle();
      const cloud = cloudOf(name);
      return cloud.store.all().map((r) => view(cloud, r));
    },
    operations: (name) => {
      settle();
      return cloudOf(name)
        .operations.all()
        .map((op) => ({
          id: op.id,
          kind: op.spec.kind,
          resourceId: op.spec.resourceId,
          status: op.status,
          startTime: op.startTime,
          dueAt: op.dueAt,
          ...(op.endTime !== undefined && { endTime: op.endTime }),
          ...(op.error !== undefined && { error: { code: op.error.code, message: op.error.message } }),
        }));
    },
    requests: (filter) => requestLog.list(filter),
    requestCounts: (filter) => requestLog.counts(filter),
    events: () => eventGrid.events(),
    eventGridOutage: () => eventGrid.outage(),
    setEventGridOutage: (forMs) => eventGrid.setOutage(forMs),
    clock: clockState,
    advanceClock: (ms) => {
      clock.advance(ms);
      settle();
      return clockState();
    },
    setClockScale: (scale) => {
      clock.setScale(scale);
      return clockState();
    },
    faults: () => ({ plan: faults.getPlan(), injected: faults.injected() }),
    setFaults: (plan) => faults.setPlan(parseFaultPlan(plan)),
    account: (name) => structuredClone(cloudOf(name).account),
    setAccount: (name, patch) => {
      const cloud = cloudOf(name);
      cloud.account = applyAccountPatch(cloud.name, cloud.account, patch);
      return structuredClone(cloud.account);
    },
    setTunnelFault: (name, id, fault) => {
      settle();
      if (!(TUNNEL_FAULTS as readonly string[]).includes(fault))
        throw new Error(`fault must be one of ${TUNNEL_FAULTS.join(', ')}, got ${fault}`);
      const cloud = cloudOf(name);
      return view(cloud, applyTunnelFault(cloud.store, id, fault as TunnelFault, clock.now()));
    },
    keyVault: () => keyVault.summary(),
    reset: () => {
      for (const cloud of clouds) {
        cloud.operations.clear();
        cloud.store.clear();
        cloud.account = defaultAccountState(cloud.name, cloud.subscriptionId);
      }
      requestLog.clear();
      faults.setPlan(parts.initialFaults);
      throttle?.reset();
      eventGrid.reset();
      keyVault.reset();
      for (const s of streams) s.reseed();
    },
  };
}
