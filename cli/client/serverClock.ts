// The server's clock, so running stages show how long they have run in the server's time. The app may run on a
// virtual clock (tests, `serve --simulate --time-scale`), far ahead of the wall clock, and the API stamps stages in
// that time. An answer's `now` tells it; from a server older than `now`, the latest timestamp in the status is the
// best lower bound. Between answers it runs on at the wall's pace. Pure: wall time comes in as an argument.
import type { ConnectionView } from './apiTypes';

export class ServerClock {
  /** (server time - wall time): from the last `now`, else the largest lower bound seen (0 when not ahead of us). */
  private offsetMs = 0;
  private lastEstimate = -Infinity;

  /** Learns from one answer: its `now`, else its latest timestamp (the run was last updated then). */
  observe(view: ConnectionView, wallNowMs: number): void {
    const now = view.now === '' ? NaN : Date.parse(view.now);
    if (Number.isFinite(now)) {
      // Exact, whichever side of the wall clock the server is on.
      this.offsetMs = now - wallNowMs;
      return;
    }
    const candidates = [view.lastUpdatedTime, view.createdTime, view.teardown?.lastUpdatedTime];
    for (const map of Object.values(view.stages)) {
      for (const stage of Object.values(map)) candidates.push(stage.startedAt, stage.endedAt);
    }
    let latest = -Infinity;
    for (const text of candidates) {
      const ms = text === undefined ? NaN : Date.parse(text);
      if (Number.isFinite(ms) && ms > latest) latest = ms;
    }
    if (latest > -Infinity) this.offsetMs = Math.max(this.offsetMs, latest - wallNowMs);
  }

  /** The estimated server time; never goes backwards, so elapsed times never shrink on screen. */
  now(wallNowMs: number): number {
    this.lastEstimate = Math.max(this.lastEstimate, wallNowMs + this.offsetMs);
    return this.lastEstimate;
  }
}
