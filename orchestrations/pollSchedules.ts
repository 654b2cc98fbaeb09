// How often each monitor polls and how long each stage may take. Pure numbers and functions of elapsed
// orchestration time, so the schedule is the same on every replay and can be unit-tested without a host.

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

/**
 * Gateways take 30-45 minutes (documented), ~20 observed: polling early only spends ARM reads and history, so poll
 * every 5 minutes for the first 20; while it is due (20-50 minutes) every 45 s, so the run goes on soon after it is
 * ready; past that it is late and lateness is counted in minutes, so every 2 minutes until the deadline.
 */
export const GATEWAY_POLL_BANDS: readonly PollBand[] = [
  { untilMs: 20 * MINUTE_MS, everyMs: 5 * MINUTE_MS },
  { untilMs: 50 * MINUTE_MS, everyMs: 45 * SECOND_MS },
  { untilMs: Number.POSITIVE_INFINITY, everyMs: 2 * MINUTE_MS },
];

export function intervalFromBands(bands: readonly PollBand[], elapsedMs: number): number {
  const band = bands.find((b) => elapsedMs < b.untilMs) ?? bands[bands.length - 1];
  if (!band) throw new RangeError('a poll schedule needs at least one band');
  return band.everyMs;
}

export function gatewayPollIntervalMs(elapsedMs: number): number {
  return intervalFromBands(GATEWAY_POLL_BANDS, elapsedMs);
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

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * MINUTE_MS);
}
