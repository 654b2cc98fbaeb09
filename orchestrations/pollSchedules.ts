// How often each monitor polls and how long each stage may take. Pure numbers and functions of elapsed
// orchestration time, so the schedule is the same on every replay and can be unit-tested without a host.
import type { DurationRange } from '../lib/sites/profiles';

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;

/** A virtual machine is usually up in 2-5 minutes; past this something is wrong. */
export const VIRTUAL_MACHINE_TIMEOUT_MINUTES = 30;
/** Both connections exist: IKE negotiates in seconds, Azure reports Connected within a few minutes. */
export const TUNNEL_TIMEOUT_MINUTES = 20;
/** Run Command on a Linux VM takes 30-90 s. */
export const PING_TIMEOUT_MINUTES = 10;
/** A single delete; gateways take the longest (10-20 minutes). */
export const DELETE_TIMEOUT_MINUTES = 60;

export const VIRTUAL_MACHINE_POLL_MS = 15 * SECOND_MS;
export const CONNECTION_POLL_MS = 20 * SECOND_MS;
export const PING_POLL_MS = 10 * SECOND_MS;
export const DELETE_POLL_MS = 30 * SECOND_MS;

/** One band of an adaptive schedule: poll every `everyMs` while less than `untilMs` has elapsed. */
export interface PollBand {
  untilMs: number;
  everyMs: number;
}

/** Inside a gateway's typical build window: with the host's own delay, a finished gateway is seen within 30 s. */
export const GATEWAY_DUE_POLL_MS = 20 * SECOND_MS;
/** How often a gateway is looked at before its window opens (an early one is still seen in a fraction of it). */
export const GATEWAY_EARLY_READS = 3;
/** Past its window a gateway is late, and lateness is counted in minutes. */
export const GATEWAY_LATE_POLL_MS = 2 * MINUTE_MS;

/** A gateway's typical build time (its site profile's `typicalDurations.gateway`). */
export type BuildWindow = DurationRange;

/**
 * Polling early only spends ARM reads and history, and a gateway read late holds up everything after it: so a few
 * reads before the typical window, every 20 s inside it, every 2 minutes past it.
 */
export function gatewayPollBands(window: BuildWindow): PollBand[] {
  const from = window.minMs;
  return [
    { untilMs: from, everyMs: Math.max(GATEWAY_DUE_POLL_MS, from / GATEWAY_EARLY_READS) },
    { untilMs: window.maxMs, everyMs: GATEWAY_DUE_POLL_MS },
    { untilMs: Number.POSITIVE_INFINITY, everyMs: GATEWAY_LATE_POLL_MS },
  ];
}

/** A band's interval, cut short at the band's end so that no poll steps over the start of a denser band. */
export function intervalFromBands(bands: readonly PollBand[], elapsedMs: number): number {
  const band = bands.find((b) => elapsedMs < b.untilMs);
  if (band) return Math.min(band.everyMs, band.untilMs - elapsedMs);
  const last = bands.at(-1);
  if (!last) throw new RangeError('a poll schedule needs at least one band');
  return last.everyMs;
}

export function gatewayPollInterval(window: BuildWindow): (elapsedMs: number) => number {
  const bands = gatewayPollBands(window);
  return (elapsedMs) => intervalFromBands(bands, elapsedMs);
}

export function fixedInterval(everyMs: number): (elapsedMs: number) => number {
  return () => everyMs;
}

/** The next poll time: one interval on, but never past the deadline (the last poll happens at the deadline). */
export function nextPollAt(
  nowMs: number,
  startedMs: number,
  deadlineMs: number,
  interval: (elapsedMs: number) => number,
): number {
  return Math.min(nowMs + interval(nowMs - startedMs), deadlineMs);
}

/**
 * The next poll after one that was due at `dueMs` and ran at `nowMs`: counted from when it was due, so the host's own
 * delay does not stretch every interval; counted from now once it fell a whole interval behind (no burst of reads).
 */
export function nextPollAfter(
  dueMs: number,
  nowMs: number,
  startedMs: number,
  deadlineMs: number,
  interval: (elapsedMs: number) => number,
): number {
  const onTime = nextPollAt(dueMs, startedMs, deadlineMs, interval);
  return onTime > nowMs ? onTime : nextPollAt(nowMs, startedMs, deadlineMs, interval);
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * MINUTE_MS);
}
