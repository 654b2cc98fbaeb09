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

/**
 * A band's interval, cut short at the band's end when the next band is denser, so that no poll steps over its start
 * (never when it is sparser: a cut there would only read sooner than the band asks).
 */
export function intervalFromBands(bands: readonly PollBand[], elapsedMs: number): number {
  const index = bands.findIndex((b) => elapsedMs < b.untilMs);
  const band = bands[index];
  if (band) {
    const next = bands[index + 1];
    return next !== undefined && next.everyMs < band.everyMs
      ? Math.min(band.everyMs, band.untilMs - elapsedMs)
      : band.everyMs;
  }
  const last = bands.at(-1);
  if (!last) throw new RangeError('a poll schedule needs at least one band');
  return last.everyMs;
}

export function gatewayPollInterval(window: BuildWindow): (elapsedMs: number) => number {
  const bands = gatewayPollBands(window);
  return (elapsedMs) => intervalFromBands(bands, elapsedMs);
}

/** Inside a VM's typical build window (its profile's `typicalDurations.virtualMachine`). */
export const VIRTUAL_MACHINE_DUE_POLL_MS = 15 * SECOND_MS;
/** Past it: a late VM holds up only the ping, which waits for the tunnel (tens of minutes away) anyway. */
export const VIRTUAL_MACHINE_LATE_POLL_MS = MINUTE_MS;

/**
 * A VM is on no path but the ping's, which also waits for the gateways, the connections and the tunnel: so as few
 * reads as find it up long before the ping needs it. Three before its typical window, every 15 s in it, then every
 * minute.
 */
export function virtualMachinePollInterval(window: BuildWindow): (elapsedMs: number) => number {
  const bands: PollBand[] = [
    { untilMs: window.minMs, everyMs: Math.max(VIRTUAL_MACHINE_DUE_POLL_MS, window.minMs / GATEWAY_EARLY_READS) },
    { untilMs: window.maxMs, everyMs: VIRTUAL_MACHINE_DUE_POLL_MS },
    { untilMs: Number.POSITIVE_INFINITY, everyMs: VIRTUAL_MACHINE_LATE_POLL_MS },
  ];
  return (elapsedMs) => intervalFromBands(bands, elapsedMs);
}

/**
 * A connection write young enough to be seldom done (before its typical duration): read every 20 s.
 * Inside its typical duration: every 10 s, the Retry-After the network resource provider names on its connection
 * operations, so no read comes sooner than ARM's own guidance for that write. Past it: every 30 s.
 */
export const CONNECTION_EARLY_POLL_MS = 20 * SECOND_MS;
export const CONNECTION_DUE_POLL_MS = 10 * SECOND_MS;
export const CONNECTION_LATE_POLL_MS = 30 * SECOND_MS;
/**
 * Once both connections are provisioned, no write is left to pace the reads (a GET of a resource has no Retry-After;
 * ARM's read budget is thousands an hour per subscription) and IKE brings a matching tunnel up within seconds: every
 * 5 s for the first minute, so the tunnel is seen Connected a few seconds after it is; then every 15 s while a tunnel
 * still typically comes up (its profile's `typicalDurations.tunnel`), then every 30 s until the deadline.
 */
export const TUNNEL_UP_POLL_MS = 5 * SECOND_MS;
export const TUNNEL_UP_DENSE_MS = MINUTE_MS;
export const TUNNEL_SETTLING_POLL_MS = 15 * SECOND_MS;
export const TUNNEL_LATE_POLL_MS = 30 * SECOND_MS;

/** Where the two connections of a tunnel are: when the later was begun, when a read last found both provisioned. */
export interface TunnelPace {
  /** Orchestration ms the connection begun last was begun at: its write is what the tunnel waits for. */
  begunAtMs: number;
  /** Orchestration ms of the first read that found both connections provisioned (undefined while a write runs). */
  provisionedAtMs?: number;
}

/** The typical durations the tunnel's schedule follows (the site profile's `connection` and `tunnel`). */
export interface TunnelWindows {
  connection: DurationRange;
  tunnel: DurationRange;
}

/** How long until the next read of both connections, at orchestration time `nowMs`, given where they are. */
export function tunnelPollInterval(windows: TunnelWindows, pace: TunnelPace, nowMs: number): number {
  if (pace.provisionedAtMs === undefined) {
    return intervalFromBands(
      [
        { untilMs: windows.connection.minMs, everyMs: CONNECTION_EARLY_POLL_MS },
        { untilMs: windows.connection.maxMs, everyMs: CONNECTION_DUE_POLL_MS },
        { untilMs: Number.POSITIVE_INFINITY, everyMs: CONNECTION_LATE_POLL_MS },
      ],
      nowMs - pace.begunAtMs,
    );
  }
  return intervalFromBands(
    [
      { untilMs: TUNNEL_UP_DENSE_MS, everyMs: TUNNEL_UP_POLL_MS },
      { untilMs: windows.tunnel.maxMs, everyMs: TUNNEL_SETTLING_POLL_MS },
      { untilMs: Number.POSITIVE_INFINITY, everyMs: TUNNEL_LATE_POLL_MS },
    ],
    nowMs - pace.provisionedAtMs,
  );
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
