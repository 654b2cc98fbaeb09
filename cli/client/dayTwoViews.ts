// The day-2 parts of a connection's status as the CLI reads them: the health monitor (`monitor`) and the key
// rotations (`rotations`), narrowed from untrusted JSON like the rest of the view (apiTypes.ts). An older server
// sends neither: the monitor then reads as null and the rotations as none. States are kept as the text sent, so a
// newer server's state shows rather than breaks.
import type {
  FailureInfo,
  MonitorRead,
  MonitorStatus,
  MonitorTransition,
  RepairAttempt,
  RotationStatus,
} from '../../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isRecord, uncheckedOf } from '../../lib/json';
import type { FailureView } from './apiTypes';

/** How a failure is read (apiTypes' own reading, passed in so the two files do not import each other). */
type ReadFailure = (value: unknown) => FailureView | null;

export interface MonitorReadView {
  readAt: string;
  sides: Partial<Record<CloudId, { connectionStatus: string | null; errorCode?: string }>>;
}

export type TransitionView = Omit<MonitorTransition, 'cloud' | 'kind'> & { cloud: string; kind: string };

export type RepairView = Omit<RepairAttempt, 'cloud' | 'attempt' | 'action' | 'outcome' | 'error'> & {
  cloud: string;
  attempt: number | null;
  action: string;
  outcome: string;
  error?: FailureView;
};

export type MonitorView = Omit<
  MonitorStatus,
  'state' | 'intervalMinutes' | 'reads' | 'transitions' | 'repairs' | 'repair'
> & {
  state: string;
  /** Null when the server sends no number. */
  intervalMinutes: number | null;
  repair: MonitorStatus['repair'];
  reads: MonitorReadView[];
  transitions: TransitionView[];
  repairs: RepairView[];
};

export type RotationView = Omit<RotationStatus, 'state' | 'trigger' | 'error'> & {
  state: string;
  trigger: string;
  error: FailureView | null;
};

export function parseMonitor(value: unknown, failureOf: ReadFailure): MonitorView | null {
  if (!isRecord(value)) return null;
  const sent = uncheckedOf<MonitorStatus>(value);
  const repair = uncheckedOf<NonNullable<MonitorStatus['repair']>>(sent.repair);
  return {
    instanceId: text(sent.instanceId),
    state: text(sent.state),
    intervalMinutes: numberOrNull(sent.intervalMinutes),
    repair:
      isNumber(repair.afterFailedReads) && isNumber(repair.maxPerDay)
        ? { afterFailedReads: repair.afterFailedReads, maxPerDay: repair.maxPerDay }
        : null,
    reads: records(sent.reads).map(readOf),
    transitions: records(sent.transitions).map((fields): TransitionView => {
      const t = uncheckedOf<MonitorTransition>(fields);
      return { at: text(t.at), cloud: text(t.cloud), kind: text(t.kind), eventId: text(t.eventId) };
    }),
    repairs: records(sent.repairs).map((fields): RepairView => {
      const r = uncheckedOf<RepairAttempt>(fields);
      const error = failureOf(r.error);
      return {
        at: text(r.at),
        cloud: text(r.cloud),
        attempt: numberOrNull(r.attempt),
        action: text(r.action),
        outcome: text(r.outcome),
        ...(error ? { error } : {}),
      };
    }),
  };
}

export function parseRotations(value: unknown, failureOf: ReadFailure): RotationView[] {
  return records(value).map((fields): RotationView => {
    const r = uncheckedOf<RotationStatus>(fields);
    return {
      instanceId: text(r.instanceId),
      state: text(r.state),
      trigger: text(r.trigger),
      startedAt: text(r.startedAt),
      finishedAt: textOrNull(r.finishedAt),
      previousVersion: textOrNull(r.previousVersion),
      newVersion: textOrNull(r.newVersion),
      downtimeSeconds: numberOrNull(r.downtimeSeconds),
      error: failureOf(uncheckedOf<{ error: FailureInfo }>(fields).error),
    };
  });
}

function readOf(fields: Record<string, unknown>): MonitorReadView {
  const read = uncheckedOf<MonitorRead>(fields);
  const sent = uncheckedOf<MonitorRead['sides']>(read.sides);
  const sides: MonitorReadView['sides'] = {};
  for (const cloud of CLOUD_IDS) {
    const side = sent[cloud];
    if (!isRecord(side)) continue;
    const errorCode = side.errorCode;
    sides[cloud] = {
      connectionStatus: textOrNull(side.connectionStatus),
      ...(typeof errorCode === 'string' ? { errorCode } : {}),
    };
  }
  return { readAt: text(read.readAt), sides };
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function numberOrNull(value: unknown): number | null {
  return isNumber(value) ? value : null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
